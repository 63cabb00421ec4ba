/** Parses and checks a register's description (registers/<name>.json). */

#include "sources/description.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

static const char *const lang_names[GX_REGISTER_LANGS] = {"fr", "de", "en"};

/* [a-z0-9_]{1,max} */
static bool word_ok(const char *s, size_t max)
{
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return n >= 1 && n <= max;
}

/* words joined by single dots: "address.street" */
static bool attribute_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > GX_REGISTER_ATTRIBUTE_MAX || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '.') {
			if (s[i + 1] == '.')
				return false;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* Checks that o has only members named in allowed (NULL-terminated). */
static int only_members(json_t *o, const char *const *allowed, const char *where, char *err, size_t err_size)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool known = false;
		for (size_t i = 0; allowed[i] != NULL; i++)
			known = known || strcmp(k, allowed[i]) == 0;
		if (!known) {
			snprintf(err, err_size, "%s/%.64s: unknown member", where, k);
			return -1;
		}
	}
	return 0;
}

static int parse_titles(json_t *o, const char *where, const char *out[GX_REGISTER_LANGS], char *err, size_t err_size)
{
	if (!json_is_object(o)) {
		snprintf(err, err_size, "%s: expected an object with fr, de and en", where);
		return -1;
	}
	for (int l = 0; l < GX_REGISTER_LANGS; l++) {
		json_t *t = json_object_get(o, lang_names[l]);
		const char *s = json_string_value(t);
		if (s == NULL || json_string_length(t) < 1 || json_string_length(t) > GX_REGISTER_TITLE_MAX ||
		    strlen(s) != json_string_length(t)) {
			snprintf(err, err_size, "%s/%s: expected a title of 1 to %d bytes", where, lang_names[l],
				 GX_REGISTER_TITLE_MAX);
			return -1;
		}
		out[l] = s;
	}
	if (json_object_size(o) != GX_REGISTER_LANGS) {
		snprintf(err, err_size, "%s: only fr, de and en are accepted", where);
		return -1;
	}
	return 0;
}

/* [A-Za-z0-9_-]{1,GX_REGISTER_CODE_MAX} */
static bool code_ok(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
	return n >= 1 && n <= GX_REGISTER_CODE_MAX && s[n] == '\0';
}

/* {"fr","de","en","lb"}: a code's words in the four languages. */
static int parse_code_labels(json_t *o, const char *where, char *err, size_t err_size)
{
	static const char *const langs[] = {"fr", "de", "en", "lb"};
	if (!json_is_object(o) || json_object_size(o) != 4) {
		snprintf(err, err_size, "%s: expected an object with exactly fr, de, en and lb", where);
		return -1;
	}
	for (size_t l = 0; l < 4; l++) {
		json_t *t = json_object_get(o, langs[l]);
		if (!json_is_string(t) || json_string_length(t) < 1 || json_string_length(t) > GX_REGISTER_TITLE_MAX ||
		    strlen(json_string_value(t)) != json_string_length(t)) {
			snprintf(err, err_size, "%s/%s: expected words of 1 to %d bytes", where, langs[l],
				 GX_REGISTER_TITLE_MAX);
			return -1;
		}
	}
	return 0;
}

/* "codes": {list: {code: labels}}: the code lists attributes refer to. */
static int parse_code_lists(json_t *lists, char *err, size_t err_size)
{
	char where[GX_REGISTER_NAME_MAX + GX_REGISTER_CODE_MAX + 16];
	const char *name, *code;
	json_t *list, *labels;
	if (lists == NULL)
		return 0;
	if (!json_is_object(lists) || json_object_size(lists) < 1 || json_object_size(lists) > GX_REGISTER_CODE_LISTS_MAX) {
		snprintf(err, err_size, "/codes: expected an object of 1 to %d code lists", GX_REGISTER_CODE_LISTS_MAX);
		return -1;
	}
	json_object_foreach(lists, name, list) {
		if (!word_ok(name, GX_REGISTER_NAME_MAX)) {
			snprintf(err, err_size, "/codes: a code list's name is [a-z0-9_]{1,%d}", GX_REGISTER_NAME_MAX);
			return -1;
		}
		if (!json_is_object(list) || json_object_size(list) < 1 || json_object_size(list) > GX_REGISTER_CODES_MAX) {
			snprintf(err, err_size, "/codes/%s: expected an object of 1 to %d codes", name, GX_REGISTER_CODES_MAX);
			return -1;
		}
		json_object_foreach(list, code, labels) {
			if (!code_ok(code)) {
				snprintf(err, err_size, "/codes/%s: a code is [A-Za-z0-9_-]{1,%d}", name, GX_REGISTER_CODE_MAX);
				return -1;
			}
			snprintf(where, sizeof(where), "/codes/%s/%s", name, code);
			if (parse_code_labels(labels, where, err, err_size) != 0)
				return -1;
		}
	}
	return 0;
}

/* An attribute's "codes" (a list's name) and "member_codes" ({member: list name}). */
static int parse_attribute_codes(struct gx_register_description *d, json_t *a, struct gx_register_attribute *out,
				 const char *where, char *err, size_t err_size)
{
	json_t *lists = json_object_get(d->json, "codes");
	json_t *ref = json_object_get(a, "codes");
	if (ref != NULL) {
		out->codes = json_object_get(lists, json_is_string(ref) ? json_string_value(ref) : "");
		if (out->codes == NULL) {
			snprintf(err, err_size, "%s/codes: expected the name of a list of /codes", where);
			return -1;
		}
	}
	json_t *members = json_object_get(a, "member_codes");
	if (members == NULL)
		return 0;
	if (ref != NULL) {
		snprintf(err, err_size, "%s/member_codes: a value is a code or a list of objects, not both", where);
		return -1;
	}
	if (!json_is_object(members) || json_object_size(members) < 1 || json_object_size(members) > 64) {
		snprintf(err, err_size, "%s/member_codes: expected an object of 1 to 64 members", where);
		return -1;
	}
	const char *m;
	json_t *v;
	json_object_foreach(members, m, v) {
		if (!word_ok(m, 64) || json_object_get(lists, json_is_string(v) ? json_string_value(v) : "") == NULL) {
			snprintf(err, err_size, "%s/member_codes: each member ([a-z0-9_]) names a list of /codes", where);
			return -1;
		}
	}
	out->member_codes = members;
	return 0;
}

static int parse_keys(struct gx_register_description *d, json_t *keys, char *err, size_t err_size)
{
	size_t n = json_array_size(keys);
	if (!json_is_array(keys) || n < 1 || n > GX_REGISTER_KEYS_MAX) {
		snprintf(err, err_size, "/keys: expected an array of 1 to %d key types", GX_REGISTER_KEYS_MAX);
		return -1;
	}
	d->keys = calloc(n, sizeof(*d->keys));
	if (d->keys == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *k = json_string_value(json_array_get(keys, i));
		if (k == NULL || !word_ok(k, GX_REGISTER_NAME_MAX)) {
			snprintf(err, err_size, "/keys/%zu: expected a key type of [a-z0-9_]", i);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(d->keys[j], k) == 0) {
				snprintf(err, err_size, "/keys/%zu: duplicate key type", i);
				return -1;
			}
		}
		d->keys[i] = k;
		d->nkeys = i + 1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct gx_register_attribute *)a)->name, ((const struct gx_register_attribute *)b)->name);
}

static int parse_attributes(struct gx_register_description *d, json_t *attrs, char *err, size_t err_size)
{
	static const char *const members[] = {"titles", "correctable", "correction", "codes", "member_codes", "links",
					      NULL};
	char where[GX_REGISTER_ATTRIBUTE_MAX + 32];
	size_t n = json_object_size(attrs);
	const char *name;
	json_t *a;

	if (!json_is_object(attrs) || n < 1 || n > GX_REGISTER_ATTRIBUTES_MAX) {
		snprintf(err, err_size, "/attributes: expected an object of 1 to %d attributes", GX_REGISTER_ATTRIBUTES_MAX);
		return -1;
	}
	d->attributes = calloc(n, sizeof(*d->attributes));
	if (d->attributes == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	json_object_foreach(attrs, name, a) {
		if (!attribute_name_ok(name)) {
			snprintf(err, err_size, "/attributes: an attribute name is not [a-z0-9_] words joined by dots");
			return -1;
		}
		snprintf(where, sizeof(where), "/attributes/%s", name);
		struct gx_register_attribute *out = &d->attributes[d->nattributes];
		out->name = name;
		if (!json_is_object(a)) {
			snprintf(err, err_size, "%s: expected an object", where);
			return -1;
		}
		if (only_members(a, members, where, err, err_size) != 0)
			return -1;
		json_t *c = json_object_get(a, "correctable");
		if (!json_is_boolean(c)) {
			snprintf(err, err_size, "%s/correctable: expected true or false", where);
			return -1;
		}
		out->correctable = json_is_true(c);
		if (gx_register_correction_parse(a, out, where, err, err_size) != 0)
			return -1;
		if (parse_attribute_codes(d, a, out, where, err, err_size) != 0)
			return -1;
		json_t *links = json_object_get(a, "links");
		if (links != NULL) {
			out->links = json_string_value(links);
			if (out->links == NULL || !gx_register_has_key(d, out->links)) {
				snprintf(err, err_size, "%s/links: expected one of the register's key types", where);
				return -1;
			}
		}
		snprintf(where, sizeof(where), "/attributes/%s/titles", name);
		if (parse_titles(json_object_get(a, "titles"), where, out->titles, err, err_size) != 0)
			return -1;
		d->nattributes++;
	}
	qsort(d->attributes, d->nattributes, sizeof(*d->attributes), by_name);
	return 0;
}

int gx_register_description_parse(const char *text, size_t len, struct gx_register_description **out, char *err,
				  size_t err_size)
{
	static const char *const members[] = {"name", "titles", "keys", "codes", "attributes", "correction_days", NULL};
	struct gx_register_description *d = NULL;
	json_error_t jerr;

	*out = NULL;
	if (len > GX_REGISTER_TEXT_MAX) {
		snprintf(err, err_size, "the description is larger than %d bytes", GX_REGISTER_TEXT_MAX);
		return -1;
	}
	if (!gx_json_depth_ok(text, len, 8)) {
		snprintf(err, err_size, "the description is nested too deeply");
		return -1;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	d->json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (d->json == NULL) {
		snprintf(err, err_size, "not valid JSON (line %d, column %d)", jerr.line, jerr.column);
		goto fail;
	}
	if (!json_is_object(d->json)) {
		snprintf(err, err_size, "expected a JSON object");
		goto fail;
	}
	if (only_members(d->json, members, "", err, err_size) != 0)
		goto fail;
	d->name = json_string_value(json_object_get(d->json, "name"));
	if (d->name == NULL || !word_ok(d->name, GX_REGISTER_NAME_MAX)) {
		snprintf(err, err_size, "/name: expected a name of 1 to %d characters [a-z0-9_]", GX_REGISTER_NAME_MAX);
		goto fail;
	}
	json_t *days = json_object_get(d->json, "correction_days");
	d->correction_days = 5;
	if (days != NULL) {
		if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 60) {
			snprintf(err, err_size, "/correction_days: expected working days from 1 to 60");
			goto fail;
		}
		d->correction_days = (int)json_integer_value(days);
	}
	if (parse_titles(json_object_get(d->json, "titles"), "/titles", d->titles, err, err_size) != 0 ||
	    parse_keys(d, json_object_get(d->json, "keys"), err, err_size) != 0 ||
	    parse_code_lists(json_object_get(d->json, "codes"), err, err_size) != 0 ||
	    parse_attributes(d, json_object_get(d->json, "attributes"), err, err_size) != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	gx_register_description_free(d);
	return -1;
}

int gx_register_description_load(const char *path, struct gx_register_description **out, char *err, size_t err_size)
{
	int rc = -1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "rb");

	*out = NULL;
	if (f == NULL) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(GX_REGISTER_TEXT_MAX + 1);
	if (buf == NULL) {
		snprintf(err, err_size, "out of memory");
		goto done;
	}
	len = fread(buf, 1, GX_REGISTER_TEXT_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, err_size, "%s: read error", path);
		goto done;
	}
	char inner[256];
	if (gx_register_description_parse(buf, len, out, inner, sizeof(inner)) != 0) {
		snprintf(err, err_size, "%s: %s", path, inner);
		goto done;
	}
	rc = 0;
done:
	free(buf);
	fclose(f);
	return rc;
}

void gx_register_description_free(struct gx_register_description *d)
{
	if (d == NULL)
		return;
	free(d->keys);
	free(d->attributes);
	json_decref(d->json);
	free(d);
}

long gx_register_attribute_index(const struct gx_register_description *d, const char *name)
{
	size_t lo = 0, hi = d->nattributes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, d->attributes[mid].name);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *gx_register_links(const struct gx_register_description *d, const char *attribute)
{
	long i = d != NULL && attribute != NULL ? gx_register_attribute_index(d, attribute) : -1;
	return i >= 0 ? d->attributes[i].links : NULL;
}

const json_t *gx_register_codes_of(const struct gx_register_description *d, const char *attribute,
				   const char *member)
{
	long i = d != NULL && attribute != NULL ? gx_register_attribute_index(d, attribute) : -1;
	if (i < 0)
		return NULL;
	const struct gx_register_attribute *a = &d->attributes[i];
	if (member == NULL)
		return a->codes;
	const char *list = json_string_value(json_object_get(a->member_codes, member));
	return list != NULL ? json_object_get(json_object_get(d->json, "codes"), list) : NULL;
}

const char *gx_register_code_label(const struct gx_register_description *d, const char *attribute,
				   const char *member, const char *code, const char *lang)
{
	const json_t *labels = code != NULL ? json_object_get(gx_register_codes_of(d, attribute, member), code) : NULL;
	if (labels == NULL)
		return NULL;
	const char *t = lang != NULL ? json_string_value(json_object_get(labels, lang)) : NULL;
	return t != NULL ? t : json_string_value(json_object_get(labels, "fr"));
}

bool gx_register_has_key(const struct gx_register_description *d, const char *key_type)
{
	for (size_t i = 0; i < d->nkeys; i++)
		if (strcmp(d->keys[i], key_type) == 0)
			return true;
	return false;
}
