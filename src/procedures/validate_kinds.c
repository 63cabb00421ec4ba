/** Checks of one answered value by its field's kind (docs/procedures.md,
 *  the table of kinds); groups and addresses have files of their own. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/file_place.h"
#include "procedures/validate_int.h"

/** The string of v (len bytes) or NULL when v is not a string or holds a NUL. */
static const char *string_of(const json_t *v, size_t *len)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	*len = json_string_length(v);
	return memchr(s, '\0', *len) == NULL ? s : NULL;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/** A non-negative integer member of o, or -1. */
static json_int_t count_member(const json_t *o, const char *name)
{
	const json_t *v = json_object_get(o, name);
	return json_is_integer(v) && json_integer_value(v) >= 0 ? json_integer_value(v) : -1;
}

static void error_count(struct gx_sv *c, enum gx_sv_msg m, json_int_t n)
{
	char b[32];
	snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, n);
	gx_sv_error(c, m, b);
}

/** The compiled pattern, from the cache or compiled now; NULL if it does not compile. */
static const regex_t *pattern(struct gx_sv *c, const char *p, regex_t *scratch, bool *scratch_used)
{
	for (size_t i = 0; i < c->nre; i++)
		if (c->re[i].pattern == p || strcmp(c->re[i].pattern, p) == 0)
			return c->re[i].ok ? &c->re[i].re : NULL;
	if (c->nre < GX_SV_REGEX_CACHE) {
		struct gx_sv_regex *r = &c->re[c->nre++];
		r->pattern = p;
		r->ok = regcomp(&r->re, p, REG_EXTENDED | REG_NOSUB) == 0;
		return r->ok ? &r->re : NULL;
	}
	if (regcomp(scratch, p, REG_EXTENDED | REG_NOSUB) != 0)
		return NULL;
	*scratch_used = true;
	return scratch;
}

static void check_text(struct gx_sv *c, const json_t *field, const json_t *v)
{
	size_t len;
	const char *s = string_of(v, &len);
	if (s == NULL) {
		gx_sv_error(c, GX_SV_WRONG_TYPE_TEXT, NULL);
		return;
	}
	size_t chars = utf8_chars(s, len);
	json_int_t min = count_member(field, "min_length"), max = count_member(field, "max_length");
	if (min >= 0 && chars < (size_t)min) {
		error_count(c, GX_SV_TOO_SHORT, min);
		return;
	}
	if (max >= 0 && chars > (size_t)max) {
		error_count(c, GX_SV_TOO_LONG, max);
		return;
	}
	const char *p = json_string_value(json_object_get(field, "pattern"));
	if (p == NULL)
		return;
	regex_t scratch;
	bool scratch_used = false;
	const regex_t *re = pattern(c, p, &scratch, &scratch_used);
	if (re != NULL && regexec(re, s, 0, NULL, 0) != 0)
		gx_sv_error(c, GX_SV_PATTERN, NULL);
	if (scratch_used)
		regfree(&scratch);
}

/** -1, 0 or 1 as a is below, equal to or above b (both JSON numbers). */
static int compare_numbers(const json_t *a, const json_t *b)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		return (x > y) - (x < y);
	}
	double x = json_number_value(a), y = json_number_value(b);
	return (x > y) - (x < y);
}

/** Writes a bound: a number as is, an amount in cents as euros ("12.50";
 *  "12,50" in French and German). */
static void format_bound(const struct gx_sv *c, const json_t *b, bool amount, char *out, size_t n)
{
	if (amount && json_is_integer(b)) {
		json_int_t v = json_integer_value(b);
		unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		snprintf(out, n, "%s%llu%c%02llu", v < 0 ? "-" : "", a / 100, c->lang == GX_SV_EN ? '.' : ',', a % 100);
	} else if (json_is_integer(b)) {
		snprintf(out, n, "%" JSON_INTEGER_FORMAT, json_integer_value(b));
	} else {
		snprintf(out, n, "%g", json_number_value(b));
	}
}

static void check_number(struct gx_sv *c, const json_t *field, const json_t *v, bool amount)
{
	if (amount ? !json_is_integer(v) : !json_is_number(v)) {
		gx_sv_error(c, amount ? GX_SV_WRONG_TYPE_AMOUNT : GX_SV_WRONG_TYPE_NUMBER, NULL);
		return;
	}
	const json_t *min = json_object_get(field, "min"), *max = json_object_get(field, "max");
	char b[64];
	if (json_is_number(min) && compare_numbers(v, min) < 0) {
		format_bound(c, min, amount, b, sizeof b);
		gx_sv_error(c, amount ? GX_SV_AMOUNT_TOO_SMALL : GX_SV_NUMBER_TOO_SMALL, b);
	} else if (json_is_number(max) && compare_numbers(v, max) > 0) {
		format_bound(c, max, amount, b, sizeof b);
		gx_sv_error(c, amount ? GX_SV_AMOUNT_TOO_LARGE : GX_SV_NUMBER_TOO_LARGE, b);
	}
}

static void check_date(struct gx_sv *c, const json_t *field, const json_t *v)
{
	int d, bound;
	char b[11];
	if (!gx_sv_date_parse(json_string_value(v), &d)) {
		gx_sv_error(c, GX_SV_INVALID_DATE, NULL);
		return;
	}
	if (gx_sv_date_bound(c, json_string_value(json_object_get(field, "min")), &bound) && d < bound) {
		gx_sv_date_format(bound, c->lang, b);
		gx_sv_error(c, GX_SV_DATE_TOO_EARLY, b);
	} else if (gx_sv_date_bound(c, json_string_value(json_object_get(field, "max")), &bound) && d > bound) {
		gx_sv_date_format(bound, c->lang, b);
		gx_sv_error(c, GX_SV_DATE_TOO_LATE, b);
	}
}

/** The index of v among the field's options, or -1. */
static long option_index(const json_t *field, const json_t *v)
{
	const json_t *options = json_object_get(field, "options");
	for (size_t i = 0; i < json_array_size(options); i++) {
		const json_t *value = json_object_get(json_array_get(options, i), "value");
		if (value != NULL && json_equal(value, v))
			return (long)i;
	}
	return -1;
}

static void check_choice(struct gx_sv *c, const json_t *field, const json_t *v)
{
	if (json_is_array(v) || json_is_object(v))
		gx_sv_error(c, GX_SV_WRONG_TYPE, NULL);
	else if (option_index(field, v) < 0)
		gx_sv_error(c, GX_SV_NOT_AN_OPTION, NULL);
}

static void check_multichoice(struct gx_sv *c, const json_t *field, const json_t *v)
{
	if (!json_is_array(v)) {
		gx_sv_error(c, GX_SV_WRONG_TYPE_LIST, NULL);
		return;
	}
	size_t nopt = json_array_size(json_object_get(field, "options"));
	bool *seen = calloc(nopt + 1, sizeof *seen);
	if (seen == NULL) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *item = json_array_get(v, i);
		long k = json_is_array(item) || json_is_object(item) ? -1 : option_index(field, item);
		size_t mark = gx_sv_push_index(c, i);
		if (k < 0)
			gx_sv_error(c, GX_SV_NOT_AN_OPTION, NULL);
		else if (seen[k])
			gx_sv_error(c, GX_SV_REPEATED_OPTION, NULL);
		else
			seen[k] = true;
		gx_sv_pop(c, mark);
	}
	free(seen);
	json_int_t min = count_member(field, "min_items"), max = count_member(field, "max_items");
	if (min >= 0 && json_array_size(v) < (size_t)min)
		error_count(c, GX_SV_TOO_FEW_OPTIONS, min);
	else if (max >= 0 && json_array_size(v) > (size_t)max)
		error_count(c, GX_SV_TOO_MANY_OPTIONS, max);
}

static void check_files(struct gx_sv *c, const json_t *field, const json_t *v)
{
	if (!json_is_array(v)) {
		gx_sv_error(c, GX_SV_WRONG_TYPE_LIST, NULL);
		return;
	}
	char path[GX_FILE_PATH_MAX];
	gx_file_path_of_pointer(c->ptr, path, sizeof(path));
	bool foreign = false;
	for (size_t i = 0; i < json_array_size(v); i++) {
		size_t len;
		const char *s = string_of(json_array_get(v, i), &len);
		if (s != NULL && gx_sv_attachment_id_valid(s, len)) {
			/* One of this draft's files, uploaded for this field? */
			const char *of = c->attachments != NULL ? json_string_value(json_object_get(c->attachments, s)) : path;
			foreign |= of == NULL || strcmp(of, path) != 0;
			continue;
		}
		size_t mark = gx_sv_push_index(c, i);
		gx_sv_error(c, GX_SV_BAD_ATTACHMENT, NULL);
		gx_sv_pop(c, mark);
	}
	if (foreign)
		gx_sv_error(c, GX_SV_UNKNOWN_ATTACHMENT, NULL);
	json_int_t max = count_member(json_object_get(field, "file"), "max_files");
	if (max >= 0 && json_array_size(v) > (size_t)max)
		error_count(c, GX_SV_TOO_MANY_FILES, max);
}

/** Kinds whose value is one string of a known format. */
static void check_format(struct gx_sv *c, const json_t *v, bool (*valid)(const char *, size_t), enum gx_sv_msg m)
{
	size_t len;
	const char *s = string_of(v, &len);
	if (s == NULL)
		gx_sv_error(c, GX_SV_WRONG_TYPE_TEXT, NULL);
	else if (!valid(s, len))
		gx_sv_error(c, m, NULL);
}

static bool iban_ok(const char *s, size_t len)
{
	return len <= 64 && gx_iban_valid(s);
}

void gx_sv_check_value(struct gx_sv *c, const json_t *field, enum gx_field_kind kind, const json_t *v)
{
	switch (kind) {
	case GX_FIELD_TEXT:
		check_text(c, field, v);
		break;
	case GX_FIELD_NUMBER:
		check_number(c, field, v, false);
		break;
	case GX_FIELD_AMOUNT:
		check_number(c, field, v, true);
		break;
	case GX_FIELD_DATE:
		check_date(c, field, v);
		break;
	case GX_FIELD_CHOICE:
		check_choice(c, field, v);
		break;
	case GX_FIELD_MULTICHOICE:
		check_multichoice(c, field, v);
		break;
	case GX_FIELD_YESNO:
		if (!json_is_boolean(v))
			gx_sv_error(c, GX_SV_WRONG_TYPE_YESNO, NULL);
		break;
	case GX_FIELD_ADDRESS:
		gx_sv_check_address(c, v);
		break;
	case GX_FIELD_IBAN:
		check_format(c, v, iban_ok, GX_SV_INVALID_IBAN);
		break;
	case GX_FIELD_EMAIL:
		check_format(c, v, gx_sv_email_valid, GX_SV_INVALID_EMAIL);
		break;
	case GX_FIELD_PHONE:
		check_format(c, v, gx_sv_phone_valid, GX_SV_INVALID_PHONE);
		break;
	case GX_FIELD_NATIONAL_ID:
		check_format(c, v, gx_sv_national_id_valid, GX_SV_INVALID_NATIONAL_ID);
		break;
	case GX_FIELD_FILE:
		check_files(c, field, v);
		break;
	default:
		break; /* a group is checked item by item (validate.c); no kind: nothing to check */
	}
}
