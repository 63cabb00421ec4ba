/** Checks the members a field kind has of its own: text lengths and pattern,
 *  number, amount and date bounds, options, item counts, group fields and
 *  file constraints. Every bound pair must satisfy min <= max. */

#include "procedures/check_int.h"

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PATTERN_MAX 512
#define REPEAT_PRODUCT_MAX 1000 /* see pattern_tame */
#define OPTION_VALUE_MAX 64
#define GROUP_ITEMS_MAX 100
#define FILES_MAX 20

const char *const gx_procedure_file_types[] = {"application/pdf", "image/jpeg", "image/png", "image/tiff", NULL};

/* o[name] is absent (*present false) or an integer in [lo, hi]. */
static int opt_int(struct gx_pc *c, json_t *o, const char *name, long long lo, long long hi, bool *present,
		   long long *out)
{
	json_t *v = json_object_get(o, name);
	*present = v != NULL;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return gx_pc_fail_at(c, name, "expected an integer from %lld to %lld", lo, hi);
	*out = json_integer_value(v);
	return 0;
}

static int int_pair(struct gx_pc *c, json_t *f, const char *lo_name, const char *hi_name, long long lo, long long hi)
{
	bool has_lo, has_hi;
	long long a = 0, b = 0;
	if (opt_int(c, f, lo_name, lo, hi, &has_lo, &a) != 0 || opt_int(c, f, hi_name, lo, hi, &has_hi, &b) != 0)
		return -1;
	if (has_lo && has_hi && a > b)
		return gx_pc_fail_at(c, lo_name, "greater than %s", hi_name);
	return 0;
}

/* glibc's regcomp expands bounded repeats: (a{1,200}){1,200} is 40000 copies.
 * Refuse patterns whose repeat counts multiply beyond REPEAT_PRODUCT_MAX. */
static bool pattern_tame(const char *p)
{
	unsigned long long product = 1;
	for (const char *s = p; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		if (*s != '{')
			continue;
		unsigned long long n = 0, best = 0;
		for (s++; *s != '\0' && *s != '}'; s++) {
			if (*s >= '0' && *s <= '9') {
				n = n * 10 + (unsigned long long)(*s - '0');
				if (n > REPEAT_PRODUCT_MAX)
					return false;
			} else {
				best = n > best ? n : best;
				n = 0;
			}
		}
		best = n > best ? n : best;
		product *= best > 0 ? best : 1;
		if (product > REPEAT_PRODUCT_MAX || *s == '\0')
			return product <= REPEAT_PRODUCT_MAX;
	}
	return true;
}

static int check_text(struct gx_pc *c, json_t *f)
{
	if (int_pair(c, f, "min_length", "max_length", 0, GX_PROCEDURE_TEXT_MAX) != 0)
		return -1;
	json_t *p = json_object_get(f, "pattern");
	if (p == NULL)
		return 0;
	const char *ps = json_string_value(p);
	if (ps == NULL || json_string_length(p) == 0 || json_string_length(p) > PATTERN_MAX)
		return gx_pc_fail_at(c, "pattern", "expected a regular expression of 1 to %d bytes", PATTERN_MAX);
	if (!pattern_tame(ps))
		return gx_pc_fail_at(c, "pattern", "repeat counts multiply beyond %d", REPEAT_PRODUCT_MAX);
	regex_t re;
	if (regcomp(&re, ps, REG_EXTENDED | REG_NOSUB) != 0)
		return gx_pc_fail_at(c, "pattern", "not a POSIX extended regular expression");
	regfree(&re);
	return 0;
}

static int check_number(struct gx_pc *c, json_t *f, bool integers)
{
	json_t *lo = json_object_get(f, "min"), *hi = json_object_get(f, "max");
	if (lo != NULL && !(integers ? json_is_integer(lo) : json_is_number(lo)))
		return gx_pc_fail_at(c, "min", integers ? "expected an integer (euro cents)" : "expected a number");
	if (hi != NULL && !(integers ? json_is_integer(hi) : json_is_number(hi)))
		return gx_pc_fail_at(c, "max", integers ? "expected an integer (euro cents)" : "expected a number");
	if (lo != NULL && hi != NULL && json_number_value(lo) > json_number_value(hi))
		return gx_pc_fail_at(c, "min", "greater than max");
	return 0;
}

static int check_date(struct gx_pc *c, json_t *f)
{
	bool rel[2] = {false, false};
	long val[2] = {0, 0};
	static const char *const names[] = {"min", "max"};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(f, names[i]);
		if (v == NULL)
			continue;
		if (!json_is_string(v) || !gx_pc_date_bound(json_string_value(v), &rel[i], &val[i]))
			return gx_pc_fail_at(c, names[i], "expected a date YYYY-MM-DD, \"today\" or \"today±N\" with y, m or d");
	}
	if (json_object_get(f, "min") != NULL && json_object_get(f, "max") != NULL && rel[0] == rel[1] &&
	    val[0] > val[1])
		return gx_pc_fail_at(c, "min", "later than max");
	return 0;
}

static int check_options(struct gx_pc *c, json_t *f, bool multi)
{
	static const char *const members[] = {"value", "labels", NULL};
	json_t *opts = json_object_get(f, "options");
	size_t n = json_array_size(opts);
	if (opts == NULL)
		return gx_pc_fail_at(c, "options", "missing: a choice needs options");
	if (!json_is_array(opts) || n == 0 || n > GX_PROCEDURE_OPTIONS_MAX)
		return gx_pc_fail_at(c, "options", "expected an array of 1 to %d options", GX_PROCEDURE_OPTIONS_MAX);
	size_t m1 = gx_pc_push(c, "options");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(opts, i);
		size_t m2 = gx_pc_push_index(c, i);
		if (!json_is_object(o)) {
			gx_pc_fail(c, "expected an option object");
			goto out;
		}
		if (gx_pc_only_members(c, o, members) != 0)
			goto out;
		json_t *v = json_object_get(o, "value");
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > OPTION_VALUE_MAX) {
			gx_pc_fail_at(c, "value", "expected a string of 1 to %d bytes", OPTION_VALUE_MAX);
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(opts, j), "value"), v)) {
				gx_pc_fail_at(c, "value", "duplicate option value");
				goto out;
			}
		if (gx_pc_texts(c, o, "labels", true) != 0)
			goto out;
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, m1);
	if (multi)
		return int_pair(c, f, "min_items", "max_items", 0, (long long)n);
	return 0;
out:
	gx_pc_pop(c, m1);
	return -1;
}

static int check_group(struct gx_pc *c, json_t *f, long self, int depth)
{
	if (depth + 1 >= GX_PROCEDURE_GROUP_DEPTH + 1)
		return gx_pc_fail_at(c, "kind", "groups nest at most %d deep", GX_PROCEDURE_GROUP_DEPTH);
	if (int_pair(c, f, "min_items", "max_items", 0, GROUP_ITEMS_MAX) != 0)
		return -1;
	/* What one item is called ("Child" under "Children"): its legend, "Child 2". */
	if (gx_pc_texts(c, f, "item_labels", false) != 0)
		return -1;
	json_t *fields = json_object_get(f, "fields");
	if (fields == NULL)
		return gx_pc_fail_at(c, "fields", "missing: a group needs fields");
	size_t mark = gx_pc_push(c, "fields");
	int rc = gx_pc_fields(c, fields, self, depth + 1);
	gx_pc_pop(c, mark);
	return rc;
}

static int check_file(struct gx_pc *c, json_t *f)
{
	static const char *const members[] = {"types", "max_bytes", "max_files", NULL};
	json_t *spec = json_object_get(f, "file");
	int rc = -1;
	bool present;
	long long v;
	if (spec == NULL)
		return gx_pc_fail_at(c, "file", "missing: a file field needs types and max_bytes");
	size_t mark = gx_pc_push(c, "file");
	if (!json_is_object(spec)) {
		gx_pc_fail(c, "expected an object with types and max_bytes");
		goto out;
	}
	if (gx_pc_only_members(c, spec, members) != 0)
		goto out;
	json_t *types = json_object_get(spec, "types");
	if (!json_is_array(types) || json_array_size(types) == 0) {
		gx_pc_fail_at(c, "types", "expected a non-empty array of content types");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(types); i++) {
		json_t *t = json_array_get(types, i);
		size_t m2 = gx_pc_push(c, "types");
		gx_pc_push_index(c, i);
		if (!gx_pc_in_list(json_string_value(t), gx_procedure_file_types))
			gx_pc_fail(c, "not an accepted content type (application/pdf, image/jpeg, image/png, image/tiff)");
		for (size_t j = 0; j < i && !c->failed; j++)
			if (json_equal(json_array_get(types, j), t))
				gx_pc_fail(c, "duplicate content type");
		gx_pc_pop(c, m2);
		if (c->failed)
			goto out;
	}
	if (json_object_get(spec, "max_bytes") == NULL) {
		gx_pc_fail_at(c, "max_bytes", "missing: the largest accepted file in bytes");
		goto out;
	}
	if (opt_int(c, spec, "max_bytes", 1, GX_PROCEDURE_FILE_BYTES_MAX, &present, &v) != 0 ||
	    opt_int(c, spec, "max_files", 1, FILES_MAX, &present, &v) != 0)
		goto out;
	rc = 0;
out:
	gx_pc_pop(c, mark);
	return rc;
}

int gx_pc_field_kind(struct gx_pc *c, json_t *f, enum gx_field_kind kind, long self, int depth)
{
	switch (kind) {
	case GX_FIELD_TEXT:
		return check_text(c, f);
	case GX_FIELD_NUMBER:
		return check_number(c, f, false);
	case GX_FIELD_AMOUNT:
		return check_number(c, f, true);
	case GX_FIELD_DATE:
		return check_date(c, f);
	case GX_FIELD_CHOICE:
		return check_options(c, f, false);
	case GX_FIELD_MULTICHOICE:
		return check_options(c, f, true);
	case GX_FIELD_GROUP:
		return check_group(c, f, self, depth);
	case GX_FIELD_FILE:
		return check_file(c, f);
	default:
		return 0;
	}
}
