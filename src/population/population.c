/** Accessors of the in-memory population: names of enums, strings of persons and addresses, ages. */

#include "population/population.h"

#include <stdlib.h>

#include "population/localities.h"
#include "population/names.h"
#include "util/calendar.h"

const char *const gx_pop_locales[4] = {"fr", "de", "en", "lb"};

const char *gx_civil_status_name(enum gx_civil_status s)
{
	static const char *const names[] = {"single", "married", "partnered", "divorced", "widowed"};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "single";
}

const char *gx_legal_form_name(enum gx_legal_form f)
{
	static const char *const names[] = {"SARL", "SA", "SARL-S", "SCS", "SECS", "SNC", "ASBL"};
	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "SARL";
}

int gx_pop_age(const struct gx_population *pop, size_t person)
{
	return gx_cal_years_between(pop->persons[person].birth, pop->reference_day);
}

const char *gx_pop_given_name(const struct gx_pop_person *p)
{
	const struct gx_name_group *g = gx_nationalities[p->nationality].names;
	const struct gx_name_list *l = p->female ? &g->female : &g->male;
	return l->items[p->given_name % l->count];
}

const char *gx_pop_family_name(const struct gx_pop_person *p)
{
	const struct gx_name_list *l = &gx_nationalities[p->nationality].names->family;
	return l->items[p->family_name % l->count];
}

const char *gx_pop_birth_place(const struct gx_pop_person *p)
{
	if (p->birth_place < 1000)
		return gx_lux_birth_places.items[p->birth_place % gx_lux_birth_places.count];
	const struct gx_name_list *l = &gx_nationalities[p->nationality].names->birth_places;
	return l->items[(p->birth_place - 1000u) % l->count];
}

const char *gx_pop_street(const struct gx_pop_address *a)
{
	if (a->street < 1000)
		return gx_common_streets[a->street % gx_common_streets_count];
	return gx_localities[a->locality].streets[a->street - 1000];
}

void gx_pop_free(struct gx_population *pop)
{
	free(pop->persons);
	free(pop->households);
	free(pop->companies);
	free(pop->managed_company);
	free(pop->manages_start);
	free(pop->manages);
	pop->manages_start = NULL;
	pop->manages = NULL;
	pop->persons = NULL;
	pop->households = NULL;
	pop->companies = NULL;
	pop->managed_company = NULL;
}
