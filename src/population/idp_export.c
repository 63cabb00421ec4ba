/** The identity provider's population file and the featured demo persons. */

#include "population/idp_export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "population/names.h"
#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_FEATURED 3

static int is_adult(const struct gx_population *pop, size_t i)
{
	return gx_pop_age(pop, i) >= 18;
}

static int matches(const struct gx_population *pop, size_t i, int profile)
{
	const struct gx_pop_person *p = &pop->persons[i];
	int age = gx_pop_age(pop, i);
	if (age < 18)
		return 0;
	switch (profile) {
	case 0:
		return p->civil_status == GX_CIVIL_MARRIED && p->child_count > 0 && p->nationality == GX_NATIONALITY_LUX;
	case 1:
		return p->civil_status == GX_CIVIL_SINGLE && p->child_count == 0 && age >= 25 && age <= 40 &&
		       p->parents[0] < 0;
	case 2:
		return p->partner < 0 && p->child_count > 0;
	case 3:
		return pop->managed_company[i] >= 0 && age < 60;
	case 4:
		return age >= 66 && age <= 80;
	default:
		return p->nationality != GX_NATIONALITY_LUX && p->partner >= 0 &&
		       gx_nationalities[p->nationality].code[0] == 'P' && gx_nationalities[p->nationality].code[1] == 'R';
	}
}

void gx_featured_pick(const struct gx_population *pop, struct gx_featured *out)
{
	static const char *const profiles[GX_FEATURED_COUNT] = {
		"married parent", "single adult", "single parent", "company manager", "retired", "Portuguese national",
	};
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_FEATURED, 0);
	size_t n = pop->person_count;
	for (int k = 0; k < GX_FEATURED_COUNT; k++) {
		out->person[k] = -1;
		out->profile[k] = profiles[k];
		size_t start = n ? gx_rng_below(&r, (uint32_t)n) : 0;
		for (int pass = 0; pass < 2 && out->person[k] < 0; pass++)
			for (size_t j = 0; j < n; j++) {
				size_t i = (start + j) % n;
				int taken = 0;
				for (int q = 0; q < k; q++)
					taken |= out->person[q] == (int32_t)i;
				/* second pass: any adult, when no one fits the profile */
				if (!taken && (pass == 0 ? matches(pop, i, k) : is_adult(pop, i))) {
					out->person[k] = (int32_t)i;
					break;
				}
			}
	}
}

static int is_featured(const struct gx_featured *f, size_t i)
{
	for (int k = 0; k < GX_FEATURED_COUNT; k++)
		if (f->person[k] == (int32_t)i)
			return 1;
	return 0;
}

int gx_idp_write_population(const struct gx_population *pop, const struct gx_featured *f, const char *path,
			    size_t *count)
{
	int ret = -1;
	*count = 0;
	FILE *out = fopen(path, "w");
	if (out == NULL)
		return -1;
	fputs("[\n", out);
	for (size_t i = 0; i < pop->person_count; i++) {
		if (!is_adult(pop, i))
			continue;
		const struct gx_pop_person *p = &pop->persons[i];
		char birth[11];
		gx_cal_date_format(p->birth, birth);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "national_id", p->national_id, "given_name",
				      gx_pop_given_name(p), "family_name", gx_pop_family_name(p), "birthdate", birth,
				      "locale", gx_pop_locales[p->locale % 4]);
		if (o != NULL && is_featured(f, i))
			json_object_set_new(o, "featured", json_true());
		char *text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (text == NULL)
			goto cleanup;
		fprintf(out, "%s%s", *count ? ",\n" : "", text);
		free(text);
		(*count)++;
	}
	fputs("\n]\n", out);
	ret = 0;
cleanup:
	if (fclose(out) != 0)
		ret = -1;
	return ret;
}

int gx_idp_write_demo_persons(const struct gx_population *pop, const struct gx_featured *f, const char *path)
{
	json_t *list = json_array();
	for (int k = 0; list != NULL && k < GX_FEATURED_COUNT; k++) {
		if (f->person[k] < 0)
			continue;
		const struct gx_pop_person *p = &pop->persons[f->person[k]];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "national_id", p->national_id, "given_name",
				      gx_pop_given_name(p), "family_name", gx_pop_family_name(p), "profile", f->profile[k]);
		if (o == NULL || json_array_append_new(list, o) != 0) {
			json_decref(list);
			return -1;
		}
	}
	int rc = list != NULL ? json_dump_file(list, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
	json_decref(list);
	return rc == 0 ? 0 : -1;
}
