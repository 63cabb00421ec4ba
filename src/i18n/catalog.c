/** Loading the catalogs: shape and key checks, the same keys in fr, de and
 *  en, lb merged over de; lookups by dotted key. */

#include "i18n/i18n.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KEY_MAX 64
#define PATH_MAX_LEN ((KEY_MAX + 1) * (GX_I18N_MAX_DEPTH + 1))

struct gx_i18n {
	json_t *cat[GX_LANG__COUNT];  /* owned; lb already merged over de */
};

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err != NULL && errlen > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/** prefix + "." + key, or key alone at the top. */
static void join(char *out, const char *prefix, const char *key)
{
	if (prefix[0] == '\0')
		snprintf(out, PATH_MAX_LEN, "%s", key);
	else
		snprintf(out, PATH_MAX_LEN, "%s.%s", prefix, key);
}

static bool valid_key(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/** Objects all the way down, strings at the leaves, sane keys. */
static int check_shape(const char *file, const json_t *obj, const char *prefix, int depth, char *err,
		       size_t errlen)
{
	if (depth > GX_I18N_MAX_DEPTH)
		return fail(err, errlen, "%s: key %s nests deeper than %d levels", file, prefix, GX_I18N_MAX_DEPTH);
	const char *k;
	json_t *v;
	char path[PATH_MAX_LEN];
	json_object_foreach((json_t *)obj, k, v) {
		if (!valid_key(k))
			return fail(err, errlen, "%s: key \"%.*s\" under \"%s\" is not 1 to %d of [A-Za-z0-9_]", file,
				    KEY_MAX, k, prefix, KEY_MAX);
		join(path, prefix, k);
		if (json_is_object(v)) {
			if (check_shape(file, v, path, depth + 1, err, errlen) != 0)
				return -1;
		} else if (!json_is_string(v)) {
			return fail(err, errlen, "%s: key %s is not a string or an object", file, path);
		}
	}
	return 0;
}

/** Every key of ref is in other with the same kind (string/object). */
static int check_has_all(const char *other_file, const json_t *other, const char *ref_file, const json_t *ref,
			 const char *prefix, char *err, size_t errlen)
{
	const char *k;
	json_t *rv;
	char path[PATH_MAX_LEN];
	json_object_foreach((json_t *)ref, k, rv) {
		join(path, prefix, k);
		json_t *ov = json_object_get(other, k);
		if (ov == NULL)
			return fail(err, errlen, "%s: key %s is missing (it is in %s)", other_file, path, ref_file);
		if (json_is_object(rv) != json_is_object(ov))
			return fail(err, errlen, "%s: key %s is %s but %s in %s", other_file, path,
				    json_is_object(ov) ? "an object" : "a string",
				    json_is_object(rv) ? "an object" : "a string", ref_file);
		if (json_is_object(rv) && check_has_all(other_file, ov, ref_file, rv, path, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/** Every key of other is in ref (no extra keys). */
static int check_no_extra(const char *other_file, const json_t *other, const char *ref_file, const json_t *ref,
			  const char *prefix, char *err, size_t errlen)
{
	const char *k;
	json_t *ov;
	char path[PATH_MAX_LEN];
	json_object_foreach((json_t *)other, k, ov) {
		join(path, prefix, k);
		json_t *rv = json_object_get(ref, k);
		if (rv == NULL)
			return fail(err, errlen, "%s: extra key %s (not in %s)", other_file, path, ref_file);
		if (json_is_object(rv) != json_is_object(ov))
			return fail(err, errlen, "%s: key %s is %s but %s in %s", other_file, path,
				    json_is_object(ov) ? "an object" : "a string",
				    json_is_object(rv) ? "an object" : "a string", ref_file);
		if (json_is_object(ov) && check_no_extra(other_file, ov, ref_file, rv, path, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/** Copies every leaf of src into dst (shapes already checked to agree). */
static int overlay(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)src, k, v) {
		if (json_is_object(v)) {
			if (overlay(json_object_get(dst, k), v) != 0)
				return -1;
		} else if (json_object_set(dst, k, v) != 0) {
			return -1;
		}
	}
	return 0;
}

static json_t *load_file(const char *dir, enum gx_lang l, char *file, size_t filelen, char *err, size_t errlen)
{
	snprintf(file, filelen, "%s/%s.json", dir, gx_lang_code(l));
	struct stat st;
	if (stat(file, &st) != 0) {
		fail(err, errlen, "%s: cannot be read", file);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > GX_I18N_MAX_FILE) {
		fail(err, errlen, "%s: not a regular file of at most %u bytes", file, GX_I18N_MAX_FILE);
		return NULL;
	}
	json_error_t je;
	json_t *doc = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		fail(err, errlen, "%s:%d:%d: %s", file, je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		fail(err, errlen, "%s: not a JSON object", file);
		return NULL;
	}
	if (check_shape(file, doc, "", 1, err, errlen) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int gx_i18n_load(const char *dir, struct gx_i18n **out, char *err, size_t errlen)
{
	static const char *const required_lb[] = {"nav", "start"};
	char files[GX_LANG__COUNT][4096];
	json_t *raw[GX_LANG__COUNT] = {NULL};
	struct gx_i18n *i = NULL;
	int rc = -1;

	*out = NULL;
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		raw[l] = load_file(dir, (enum gx_lang)l, files[l], sizeof(files[l]), err, errlen);
		if (raw[l] == NULL)
			goto cleanup;
	}
	/* fr is the reference; de and en must match it both ways */
	for (int l = GX_LANG_DE; l <= GX_LANG_EN; l++) {
		if (check_has_all(files[l], raw[l], files[GX_LANG_FR], raw[GX_LANG_FR], "", err, errlen) != 0 ||
		    check_no_extra(files[l], raw[l], files[GX_LANG_FR], raw[GX_LANG_FR], "", err, errlen) != 0)
			goto cleanup;
	}
	if (check_no_extra(files[GX_LANG_LB], raw[GX_LANG_LB], files[GX_LANG_FR], raw[GX_LANG_FR], "", err,
			   errlen) != 0)
		goto cleanup;
	for (size_t r = 0; r < sizeof(required_lb) / sizeof(required_lb[0]); r++) {
		json_t *ref = json_object_get(raw[GX_LANG_FR], required_lb[r]);
		json_t *lb = json_object_get(raw[GX_LANG_LB], required_lb[r]);
		if (ref == NULL)
			continue;
		if (lb == NULL) {
			fail(err, errlen, "%s: key %s is missing (Luxembourgish must cover %s)", files[GX_LANG_LB],
			     required_lb[r], required_lb[r]);
			goto cleanup;
		}
		if (json_is_object(ref) &&
		    check_has_all(files[GX_LANG_LB], lb, files[GX_LANG_FR], ref, required_lb[r], err, errlen) != 0)
			goto cleanup;
	}

	i = calloc(1, sizeof(*i));
	if (i == NULL) {
		fail(err, errlen, "out of memory");
		goto cleanup;
	}
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		if (l == GX_LANG_LB) {
			i->cat[l] = json_deep_copy(raw[GX_LANG_DE]);
			if (i->cat[l] == NULL || overlay(i->cat[l], raw[GX_LANG_LB]) != 0) {
				fail(err, errlen, "out of memory");
				goto cleanup;
			}
		} else {
			i->cat[l] = json_incref(raw[l]);
		}
	}
	*out = i;
	i = NULL;
	rc = 0;
cleanup:
	gx_i18n_free(i);
	for (int l = 0; l < GX_LANG__COUNT; l++)
		json_decref(raw[l]);
	return rc;
}

const json_t *gx_i18n_catalog(const struct gx_i18n *i, enum gx_lang l)
{
	if (i == NULL || (unsigned)l >= GX_LANG__COUNT)
		return NULL;
	return i->cat[l];
}

const char *gx_i18n_get(const struct gx_i18n *i, enum gx_lang l, const char *dotted_key)
{
	const json_t *v = gx_i18n_catalog(i, l);
	if (v == NULL || dotted_key == NULL)
		return NULL;
	const char *s = dotted_key;
	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (!json_is_object(v))
			return NULL;
		v = json_object_getn(v, s, n);
		if (v == NULL)
			return NULL;
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	return json_string_value(v);
}

void gx_i18n_free(struct gx_i18n *i)
{
	if (i == NULL)
		return;
	for (int l = 0; l < GX_LANG__COUNT; l++)
		json_decref(i->cat[l]);
	free(i);
}

const char *gx_i18n_missing(const struct gx_i18n *i, const char *dotted_key)
{
	for (int l = 0; l < GX_LANG__COUNT; l++)
		if (gx_i18n_get(i, (enum gx_lang)l, dotted_key) == NULL)
			return gx_lang_code((enum gx_lang)l);
	return NULL;
}
