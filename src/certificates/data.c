/* The certificates' data: declarative specs (json/spec.h) for the shape,
 * then one walk over every string for what a spec cannot say: dates are
 * real dates, and every character is one a certificate prints. */

#include "certificates/data.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/utf8_int.h"
#include "util/calendar.h"

static const struct gx_json_field address_fields[] = {
	{.name = "street", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 120},
	{.name = "house_number", .kind = GX_JSON_STRING, .nullable = true, .max_len = 10},
	{.name = "postcode", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 12},
	{.name = "locality", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 80},
	{.name = "commune", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 80},
	{0},
};

#define PERSON_FIELDS                                                                                  \
	{.name = "given_name", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 100}, \
	{.name = "family_name", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 100}, \
	{.name = "birth_date", .kind = GX_JSON_STRING, .required = true, .min_len = 10, .max_len = 10}

static const struct gx_json_field residence_fields[] = {
	PERSON_FIELDS,
	{.name = "address", .kind = GX_JSON_OBJECT, .required = true, .fields = address_fields},
	{.name = "resident_since", .kind = GX_JSON_STRING, .nullable = true, .min_len = 10, .max_len = 10},
	{0},
};

static const struct gx_json_field member_fields[] = {
	PERSON_FIELDS,
	{0},
};

static const struct gx_json_field member_item = {.kind = GX_JSON_OBJECT, .fields = member_fields};

static const struct gx_json_field household_fields[] = {
	{.name = "address", .kind = GX_JSON_OBJECT, .required = true, .fields = address_fields},
	{.name = "members", .kind = GX_JSON_ARRAY, .required = true, .min_len = 1, .max_len = GX_CERT_HOUSEHOLD_MAX,
	 .items = &member_item},
	{0},
};

static bool is_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return gx_cal_date_valid(atoi(s), atoi(s + 5), atoi(s + 8));
}

static bool printable(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int32_t cp = gx_cert_utf8_next(s, n, &i);
		if (cp < 0 || !gx_cert_printable(cp))
			return false;
	}
	return true;
}

static int fault(struct gx_json_error *err, const char *pointer, const char *detail)
{
	if (err != NULL) {
		memset(err, 0, sizeof(*err));
		err->fault = GX_JSON_OUT_OF_RANGE;
		snprintf(err->pointer, sizeof(err->pointer), "%s", pointer);
		snprintf(err->detail, sizeof(err->detail), "%s", detail);
	}
	return -1;
}

/* Checks every string under v (at pointer, with member name key or NULL). */
static int walk(json_t *v, const char *key, char *pointer, size_t plen, struct gx_json_error *err)
{
	size_t at = strlen(pointer);
	if (json_is_string(v)) {
		if (!printable(json_string_value(v), json_string_length(v)))
			return fault(err, pointer, "holds a character a certificate cannot print");
		if (key != NULL && (strcmp(key, "birth_date") == 0 || strcmp(key, "resident_since") == 0) &&
		    !is_date(json_string_value(v)))
			return fault(err, pointer, "expected a date YYYY-MM-DD");
		return 0;
	}
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach(v, k, m) {
			snprintf(pointer + at, plen - at, "/%s", k);
			if (walk(m, k, pointer, plen, err) != 0)
				return -1;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m) {
			snprintf(pointer + at, plen - at, "/%zu", i);
			if (walk(m, NULL, pointer, plen, err) != 0)
				return -1;
		}
	}
	pointer[at] = '\0';
	return 0;
}

int gx_cert_data_parse(enum gx_cert_type t, const char *text, size_t len, json_t **out, struct gx_json_error *err)
{
	*out = NULL;
	if (len > GX_CERT_DATA_MAX) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			err->fault = GX_JSON_TOO_LONG;
			snprintf(err->detail, sizeof(err->detail), "the data is larger than %d bytes", GX_CERT_DATA_MAX);
		}
		return -1;
	}
	json_t *data = NULL;
	const struct gx_json_field *spec = t == GX_CERT_RESIDENCE ? residence_fields : household_fields;
	if (gx_json_parse(text, len, spec, 4, &data, err) != 0)
		return -1;
	char pointer[128] = "";
	if (walk(data, NULL, pointer, sizeof(pointer), err) != 0) {
		json_decref(data);
		return -1;
	}
	*out = data;
	return 0;
}
