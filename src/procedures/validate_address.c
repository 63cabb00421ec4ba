/** An address: {"street", "house_number", "postcode", "locality", "country"},
 *  street, postcode and locality required; a Luxembourg postcode ("L-1234")
 *  when the country is LUX or not given; the country an ISO alpha-3 code. */

#include <string.h>

#include "procedures/validate_int.h"

#define ADDRESS_PART_MAX 200 /* characters of one part */

static const char *const parts[] = {"street", "house_number", "postcode", "locality", "country", NULL};
static const bool required[] = {true, false, true, true, false};

static bool lu_postcode(const char *s)
{
	if (strlen(s) != 6 || s[0] != 'L' || s[1] != '-')
		return false;
	for (int i = 2; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool alpha3(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

/* Checks one part; returns its text when it is an answered string, else NULL. */
static const char *check_part(struct gx_sv *c, const char *part, const json_t *v, bool req)
{
	if (gx_answer_empty(v)) {
		if (req)
			gx_sv_error(c, strcmp(part, "street") == 0     ? GX_SV_REQUIRED_STREET
				       : strcmp(part, "postcode") == 0 ? GX_SV_REQUIRED_POSTCODE
				       : strcmp(part, "locality") == 0 ? GX_SV_REQUIRED_LOCALITY
								       : GX_SV_REQUIRED,
				    NULL);
		return NULL;
	}
	const char *s = json_string_value(v);
	if (s == NULL || strlen(s) != json_string_length(v)) {
		gx_sv_error(c, GX_SV_WRONG_TYPE_TEXT, NULL);
		return NULL;
	}
	size_t chars = 0;
	for (const char *p = s; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars > ADDRESS_PART_MAX) {
		gx_sv_error(c, GX_SV_TOO_LONG, "200");
		return NULL;
	}
	return s;
}

void gx_sv_check_address(struct gx_sv *c, const json_t *v)
{
	if (!json_is_object(v)) {
		gx_sv_error(c, GX_SV_WRONG_TYPE, NULL);
		return;
	}
	const char *text[5] = {NULL};
	for (int i = 0; parts[i] != NULL; i++) {
		size_t mark = gx_sv_push(c, parts[i]);
		text[i] = check_part(c, parts[i], json_object_get(v, parts[i]), required[i]);
		gx_sv_pop(c, mark);
	}
	const char *postcode = text[2], *country = text[4];
	bool country_ok = true;
	if (country != NULL && !alpha3(country)) {
		size_t mark = gx_sv_push(c, "country");
		gx_sv_error(c, GX_SV_BAD_COUNTRY, NULL);
		gx_sv_pop(c, mark);
		country_ok = false;
	}
	if (postcode != NULL && country_ok && (country == NULL || strcmp(country, "LUX") == 0) &&
	    !lu_postcode(postcode)) {
		size_t mark = gx_sv_push(c, "postcode");
		gx_sv_error(c, GX_SV_INVALID_POSTCODE, NULL);
		gx_sv_pop(c, mark);
	}
	const char *k;
	const json_t *m;
	json_object_foreach((json_t *)v, k, m) {
		bool known = false;
		for (int i = 0; parts[i] != NULL; i++)
			known = known || strcmp(k, parts[i]) == 0;
		if (known)
			continue;
		size_t mark = gx_sv_push(c, k);
		gx_sv_error(c, GX_SV_UNKNOWN_FIELD, NULL);
		gx_sv_pop(c, mark);
	}
}
