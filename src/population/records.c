/** Which records a register holds, in which order; and the persons and companies registers. */

#include "population/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "population/localities.h"
#include "population/names.h"
#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_RECORDS 100

const char *gx_register_name(enum gx_register reg)
{
	static const char *const names[GX_REG_COUNT] = {"persons", "companies", "vehicles",
							 "social_security", "income_tax", "driving_licences"};
	return (unsigned)reg < GX_REG_COUNT ? names[reg] : "?";
}

size_t gx_register_subjects(const struct gx_population *pop, enum gx_register reg)
{
	switch (reg) {
	case GX_REG_COMPANIES:
		return pop->company_count + pop->person_count;
	case GX_REG_VEHICLES:
		return pop->person_count + pop->company_count;
	default:
		return pop->person_count;
	}
}

int gx_register_record(const struct gx_population *pop, const size_t *order, enum gx_register reg, size_t i,
		       struct gx_pop_record *out)
{
	memset(out, 0, sizeof(*out));
	switch (reg) {
	case GX_REG_PERSONS:
		return gx_record_person(pop, order[i], out);
	case GX_REG_COMPANIES:
		if (i < pop->company_count)
			return gx_record_company(pop, i, out);
		return gx_record_managed_companies(pop, order[i - pop->company_count], out);
	case GX_REG_VEHICLES:
		if (i < pop->person_count)
			return gx_record_vehicles_person(pop, order[i], out);
		return gx_record_vehicles_company(pop, i - pop->person_count, out);
	case GX_REG_SOCIAL_SECURITY:
		return gx_record_social_security(pop, order[i], out);
	case GX_REG_INCOME_TAX:
		return gx_record_income_tax(pop, order[i], out);
	case GX_REG_DRIVING_LICENCES:
		return gx_record_driving_licence(pop, order[i], out);
	default:
		return 0;
	}
}

static const struct gx_population *sort_pop;   /* qsort has no context argument in C11 */

static int by_national_id(const void *a, const void *b)
{
	const struct gx_pop_person *pa = &sort_pop->persons[*(const size_t *)a];
	const struct gx_pop_person *pb = &sort_pop->persons[*(const size_t *)b];
	return memcmp(pa->national_id, pb->national_id, GX_NATIONAL_ID_LEN);
}

size_t *gx_pop_order_by_national_id(const struct gx_population *pop)
{
	size_t *order = malloc((pop->person_count ? pop->person_count : 1) * sizeof(*order));
	if (order == NULL)
		return NULL;
	for (size_t i = 0; i < pop->person_count; i++)
		order[i] = i;
	/* called once, before any thread starts */
	sort_pop = pop;
	qsort(order, pop->person_count, sizeof(*order), by_national_id);
	sort_pop = NULL;
	return order;
}

json_t *gx_record_address(const struct gx_pop_address *a)
{
	const struct gx_locality *l = &gx_localities[a->locality];
	char number[8], postcode[8];
	snprintf(number, sizeof(number), "%u%c", (unsigned)a->house_number % 1000u, a->house_suffix ? a->house_suffix : '\0');
	snprintf(postcode, sizeof(postcode), "L-%04u", (unsigned)a->postcode % 10000u);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "street", gx_pop_street(a), "house_number", number, "postcode",
			 postcode, "locality", l->name, "commune", l->commune);
}

static json_t *ids_of(const struct gx_population *pop, const int32_t *idx, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++)
		if (idx[i] >= 0 && json_array_append_new(a, json_string(pop->persons[idx[i]].national_id)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/** as_of: the day of the record's last change, after `not_before`, at most five years back. */
static void as_of_since(const struct gx_population *pop, struct gx_rng *r, int32_t not_before, struct gx_pop_record *out)
{
	int32_t d = pop->reference_day - 1 - (int32_t)gx_rng_below(r, 5 * 365);
	if (d < not_before)
		d = not_before;
	if (d > pop->reference_day)
		d = pop->reference_day;
	gx_cal_date_format(d, out->as_of);
	out->version = 1 + gx_rng_below(r, 4);
}

int gx_record_person(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	const struct gx_pop_person *p = &pop->persons[person];
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_PERSONS, person);
	char birth[11];
	gx_cal_date_format(p->birth, birth);
	int32_t children[256];
	size_t nc = 0;
	for (int k = 0; k < p->child_count; k++)
		children[nc++] = p->first_child + k;
	json_t *partner = p->partner >= 0 ? json_string(pop->persons[p->partner].national_id) : json_null();
	out->key_type = "national_id";
	out->key = p->national_id;
	out->data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o}", "given_name", gx_pop_given_name(p),
			      "family_name", gx_pop_family_name(p), "birth_date", birth, "birth_place",
			      gx_pop_birth_place(p), "nationality", gx_nationalities[p->nationality].code, "address",
			      gx_record_address(&pop->households[p->household]), "civil_status",
			      gx_civil_status_name((enum gx_civil_status)p->civil_status), "partner", partner, "parents",
			      ids_of(pop, p->parents, 2), "children", ids_of(pop, children, nc));
	as_of_since(pop, &r, p->birth, out);
	return out->data != NULL ? 1 : -1;
}

int gx_record_company(const struct gx_population *pop, size_t company, struct gx_pop_record *out)
{
	const struct gx_pop_company *c = &pop->companies[company];
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_COMPANIES, company);
	char founded[11];
	gx_cal_date_format(c->founded, founded);
	out->key_type = "rcs_number";
	out->key = c->rcs_number;
	out->data = json_pack("{s:s, s:s, s:s, s:o, s:o}", "name", c->name, "legal_form",
			      gx_legal_form_name((enum gx_legal_form)c->legal_form), "registered_on", founded, "address",
			      gx_record_address(&c->address), "managers", ids_of(pop, c->managers, c->manager_count));
	as_of_since(pop, &r, c->founded, out);
	return out->data != NULL ? 1 : -1;
}

int gx_record_managed_companies(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	uint32_t from = pop->manages_start[person], to = pop->manages_start[person + 1];
	if (from == to)
		return 0;
	const struct gx_pop_person *p = &pop->persons[person];
	json_t *list = json_array();
	const struct gx_pop_company *latest = NULL;
	for (uint32_t k = from; k < to; k++) {
		const struct gx_pop_company *c = &pop->companies[pop->manages[k]];
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "rcs_number", c->rcs_number, "name", c->name,
						      "legal_form",
						      gx_legal_form_name((enum gx_legal_form)c->legal_form)));
		if (latest == NULL || c->founded > latest->founded)
			latest = c;
	}
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_COMPANIES, pop->company_count + person);
	out->key_type = "national_id";
	out->key = p->national_id;
	out->data = json_pack("{s:o}", "managed_companies", list);
	as_of_since(pop, &r, latest->founded, out);
	return out->data != NULL ? 1 : -1;
}
