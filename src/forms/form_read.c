/* A step's posted form read back into a draft's answers: each field by its
 * input name (the JSON Pointer with dots), typed by the field's kind;
 * amounts in euro cents, numbers, choices, addresses and groups. */

#include "forms/form.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"

#define NAME_MAX_LEN 300
#define VALUE_MAX 16400

json_t *gx_form_values(const char *body, size_t len, const char *name)
{
	json_t *out = json_array();
	size_t pos = 0;
	size_t nlen = strlen(name);
	while (pos < len) {
		size_t end = pos;
		while (end < len && body[end] != '&')
			end++;
		/* The raw name must decode to name: compare via the decoder on this pair alone. */
		size_t eq = pos;
		while (eq < end && body[eq] != '=')
			eq++;
		if (eq - pos >= nlen && eq - pos <= nlen * 3) {
			char *v = malloc(VALUE_MAX);
			if (v == NULL) {
				json_decref(out);
				return NULL;
			}
			long n = gx_query_get(body + pos, end - pos, name, v, VALUE_MAX);
			if (n == -2) {
				free(v);
				json_decref(out);
				return NULL;
			}
			if (n >= 0)
				json_array_append_new(out, json_stringn(v, (size_t)n));
			free(v);
		}
		pos = end + 1;
	}
	return out;
}

/* The first value of name, trimmed; NULL when absent or blank; "" never. */
static char *one_value(const char *body, size_t len, const char *name, bool *bad)
{
	char *v = malloc(VALUE_MAX);
	if (v == NULL) {
		*bad = true;
		return NULL;
	}
	long n = gx_query_get(body, len, name, v, VALUE_MAX);
	if (n == -2)
		*bad = true;
	if (n <= 0) {
		free(v);
		return NULL;
	}
	char *s = v;
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l > 0 && isspace((unsigned char)s[l - 1]))
		s[--l] = '\0';
	if (l == 0) {
		free(v);
		return NULL;
	}
	memmove(v, s, l + 1);
	return v;
}

/* "12", "12.5", "12,50", "1 234.56" euros -> cents; false when not an amount. */
static bool parse_amount(const char *s, json_int_t *cents)
{
	long long whole = 0, frac = 0;
	int digits = 0, fdigits = -1;
	bool neg = false;
	if (*s == '-') {
		neg = true;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (fdigits >= 0) {
				if (++fdigits > 2)
					return false;
				frac = frac * 10 + (*s - '0');
			} else {
				if (++digits > 15)
					return false;
				whole = whole * 10 + (*s - '0');
			}
		} else if ((*s == '.' || *s == ',') && fdigits < 0 && digits > 0) {
			fdigits = 0;
		} else if (*s == ' ' && fdigits < 0) {
			continue;
		} else {
			return false;
		}
	}
	if (digits == 0 || fdigits == 0)
		return false;
	if (fdigits == 1)
		frac *= 10;
	*cents = (json_int_t)((whole * 100 + frac) * (neg ? -1 : 1));
	return true;
}

/* A number field's text (trimmed, not empty): an integer, a decimal ("12,5"
 * too), or else the text as typed, which the check refuses as not a number.
 * A number out of range (beyond 64-bit integers, or a double's range:
 * "1e400", "1e-400", "inf", "nan") is kept as typed too, never clamped. */
static json_t *number_value(const char *s)
{
	char *end;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (*end == '\0')
		return errno == ERANGE ? json_string(s) : json_integer((json_int_t)n);
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%s", s);
	for (char *p = tmp; *p != '\0'; p++)
		if (*p == ',')
			*p = '.';
	errno = 0;
	double d = strtod(tmp, &end);
	if (*end == '\0' && strlen(s) < sizeof(tmp) && errno != ERANGE && isfinite(d))
		return json_real(d);
	return json_string(s); /* the check will say it is not a number */
}

/* Reads field (at pointer) from the body into obj[id]. */
static void read_field(const json_t *field, const char *pointer, const char *body, size_t len, json_t *obj,
		       char *add, size_t addlen, bool *bad, int depth)
{
	const char *id = json_string_value(json_object_get(field, "id"));
	enum gx_field_kind kind = gx_form_kind(field);
	char name[NAME_MAX_LEN];
	gx_form_input_name(pointer, name, sizeof(name));
	if (id == NULL || depth > 3 || json_object_get(field, "compute") != NULL || kind == GX_FIELD_FILE)
		return;
	if (kind == GX_FIELD_MULTICHOICE) {
		json_t *vals = gx_form_values(body, len, name);
		if (vals == NULL) {
			*bad = true;
			return;
		}
		if (json_array_size(vals) > 0)
			json_object_set_new(obj, id, vals);
		else {
			json_decref(vals);
			json_object_del(obj, id);
		}
		return;
	}
	if (kind == GX_FIELD_ADDRESS) {
		static const char *const parts[] = {"street", "house_number", "postcode", "locality", "country"};
		json_t *a = json_object();
		for (size_t i = 0; i < 5; i++) {
			char pn[NAME_MAX_LEN + 20];
			snprintf(pn, sizeof(pn), "%s.%s", name, parts[i]);
			char *v = one_value(body, len, pn, bad);
			if (v != NULL)
				json_object_set_new(a, parts[i], json_string(v));
			free(v);
		}
		if (json_object_size(a) > 0)
			json_object_set_new(obj, id, a);
		else {
			json_decref(a);
			json_object_del(obj, id);
		}
		return;
	}
	if (kind == GX_FIELD_GROUP) {
		char cn[NAME_MAX_LEN + 8];
		snprintf(cn, sizeof(cn), "%s.count", name);
		char *cv = one_value(body, len, cn, bad);
		if (cv == NULL) {
			json_object_del(obj, id);
			return;
		}
		long count = strtol(cv, NULL, 10);
		free(cv);
		if (count < 0)
			count = 0;
		if (count > 100)
			count = 100;
		json_t *items = json_array();
		json_t *old = json_object_get(obj, id);
		for (long i = 0; i < count; i++) {
			json_t *prev = json_array_get(old, (size_t)i);
			json_t *item = json_is_object(prev) ? json_deep_copy(prev) : json_object();
			size_t j;
			json_t *sub;
			json_array_foreach(json_object_get(field, "fields"), j, sub) {
				char p[NAME_MAX_LEN];
				snprintf(p, sizeof(p), "%s/%ld/%s", pointer, i, json_string_value(json_object_get(sub, "id")));
				read_field(sub, p, body, len, item, add, addlen, bad, depth + 1);
			}
			json_array_append_new(items, item);
		}
		json_object_set_new(obj, id, items);
		return;
	}
	char *v = one_value(body, len, name, bad);
	if (v == NULL) {
		json_object_del(obj, id);
		return;
	}
	json_t *value;
	json_int_t cents;
	if (kind == GX_FIELD_YESNO)
		value = strcmp(v, "yes") == 0 ? json_true() : strcmp(v, "no") == 0 ? json_false() : json_string(v);
	else if (kind == GX_FIELD_NUMBER)
		value = number_value(v);
	else if (kind == GX_FIELD_AMOUNT)
		value = parse_amount(v, &cents) ? json_integer(cents) : json_string(v);
	else
		value = json_string(v);
	free(v);
	json_object_set_new(obj, id, value);
	(void)add;
	(void)addlen;
}

int gx_form_read_step(const json_t *definition, size_t step, const char *body, size_t len, json_t *data, char *add,
		      size_t addlen)
{
	bool bad = false;
	add[0] = '\0';
	const json_t *fields = json_object_get(json_array_get(json_object_get(definition, "steps"), step), "fields");
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		char p[NAME_MAX_LEN];
		snprintf(p, sizeof(p), "/%s", json_string_value(json_object_get(f, "id")));
		read_field(f, p, body, len, data, add, addlen, &bad, 0);
	}
	/* "Add another": one more (empty) item in that group. */
	char *which = one_value(body, len, "add", &bad);
	if (which != NULL) {
		snprintf(add, addlen, "%s", which);
		free(which);
		char p[NAME_MAX_LEN];
		snprintf(p, sizeof(p), "/%s", add);
		for (char *c = p; *c != '\0'; c++)
			if (*c == '.')
				*c = '/';
		/* Walk the pointer down to the group's array. */
		json_t *at = data;
		char *save = NULL;
		char *seg = strtok_r(p + 1, "/", &save);
		while (seg != NULL && at != NULL) {
			json_t *next = json_is_array(at) ? json_array_get(at, (size_t)strtoul(seg, NULL, 10)) : json_object_get(at, seg);
			at = next;
			seg = strtok_r(NULL, "/", &save);
		}
		if (json_is_array(at) && json_array_size(at) < 100)
			json_array_append_new(at, json_object());
	}
	return bad ? -1 : 0;
}
