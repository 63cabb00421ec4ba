/**
 * Draws the business register's companies: about one per 20 persons, each
 * with a legal form, a name, an address and 1-3 managers who are adults
 * (21-75) of the population. RCS numbers are unique and increasing.
 */

#include "population/population.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "population/localities.h"
#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_COMPANIES 2

static const char *const family_patterns[] = {
	"%s & Fils", "Boulangerie %s", "Garage %s", "Fiduciaire %s", "Transports %s", "Menuiserie %s",
	"Électricité %s", "Toitures %s", "Pharmacie %s", "Boucherie %s", "Chauffage-Sanitaire %s", "Peinture %s",
	"Cabinet %s", "Restaurant %s", "Coiffure %s", "Carrelages %s",
};
static const char *const word_patterns[] = {
	"%s Consulting", "%s Immobilière", "%s Invest", "%s Solutions", "%s Technologies", "%s Services",
	"%s Capital", "%s Logistics", "%s Construction", "%s Holding", "%s Digital", "%s Engineering",
};
static const char *const words[] = {
	"Moselle", "Alzette", "Ardennes", "Minett", "Kirchberg", "Pétrusse", "Sûre", "Eislek", "Mullerthal",
	"Gutland", "Attert", "Our", "Syre", "Clerve", "Wark", "Benelux", "Europa", "Lux", "Belval", "Cloche d'Or",
	"Grund", "Bock", "Vauban", "Mélusine", "Red Rock", "Schuman",
};
static const char *const asbl_patterns[] = {
	"Amicale des pompiers %s", "Cercle culturel %s", "Football Club %s", "Association des parents d'élèves %s",
	"Harmonie municipale %s", "Club des seniors %s", "Tennis Club %s", "Syndicat d'initiative %s",
};

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

static void company_name(struct gx_population *pop, struct gx_rng *rng, struct gx_pop_company *c)
{
	const char *where = gx_localities[c->address.locality].name;
	if (c->legal_form == GX_ASBL) {
		snprintf(c->name, sizeof(c->name), asbl_patterns[gx_rng_below(rng, COUNT(asbl_patterns))], where);
	} else if (gx_rng_permille(rng, 550) && c->manager_count > 0) {
		const char *family = gx_pop_family_name(&pop->persons[c->managers[0]]);
		snprintf(c->name, sizeof(c->name), family_patterns[gx_rng_below(rng, COUNT(family_patterns))], family);
	} else {
		const char *w = gx_rng_permille(rng, 250) ? where : words[gx_rng_below(rng, COUNT(words))];
		snprintf(c->name, sizeof(c->name), word_patterns[gx_rng_below(rng, COUNT(word_patterns))], w);
	}
}

/** A random adult (21-75) not yet among c's managers; -1 after many misses (a tiny population). */
static int32_t draw_manager(struct gx_population *pop, struct gx_rng *rng, const struct gx_pop_company *c)
{
	for (int attempt = 0; attempt < 200; attempt++) {
		size_t p = gx_rng_below(rng, (uint32_t)pop->person_count);
		int age = gx_pop_age(pop, p);
		if (age < 21 || age > 75)
			continue;
		int dup = 0;
		for (unsigned k = 0; k < c->manager_count; k++)
			dup |= c->managers[k] == (int32_t)p;
		if (!dup)
			return (int32_t)p;
	}
	return -1;
}

/* The companies each person manages, as compressed rows, for the companies
 * register's records keyed by a manager's national id. */
static int index_managers(struct gx_population *pop)
{
	size_t slots = 0;
	pop->manages_start = calloc(pop->person_count + 1, sizeof(*pop->manages_start));
	if (pop->manages_start == NULL)
		return -1;
	for (size_t i = 0; i < pop->company_count; i++)
		for (unsigned k = 0; k < pop->companies[i].manager_count; k++, slots++)
			pop->manages_start[pop->companies[i].managers[k] + 1]++;
	for (size_t p = 0; p < pop->person_count; p++)
		pop->manages_start[p + 1] += pop->manages_start[p];
	pop->manages = calloc(slots > 0 ? slots : 1, sizeof(*pop->manages));
	uint32_t *fill = calloc(pop->person_count + 1, sizeof(*fill));
	if (pop->manages == NULL || fill == NULL) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i < pop->company_count; i++) {
		for (unsigned k = 0; k < pop->companies[i].manager_count; k++) {
			int32_t m = pop->companies[i].managers[k];
			pop->manages[pop->manages_start[m] + fill[m]++] = (int32_t)i;
		}
	}
	free(fill);
	return 0;
}

int gx_pop_generate_companies(struct gx_population *pop)
{
	static const unsigned form_w[GX_LEGAL_FORM_COUNT] = {420, 180, 130, 40, 40, 20, 170};
	static const unsigned managers_w[GX_POP_MAX_MANAGERS] = {60, 30, 10};
	size_t n = pop->person_count / 20;
	if (n == 0)
		n = 1;
	pop->companies = calloc(n, sizeof(*pop->companies));
	if (pop->companies == NULL)
		return -1;
	struct gx_rng rng;
	gx_rng_derive(&rng, pop->seed, STREAM_COMPANIES, 0);
	unsigned number = 10000;
	for (size_t i = 0; i < n; i++) {
		struct gx_pop_company *c = &pop->companies[i];
		number += 1 + gx_rng_below(&rng, 7);
		snprintf(c->rcs_number, sizeof(c->rcs_number), "B%u", number);
		c->legal_form = (uint8_t)gx_rng_weighted(&rng, form_w, GX_LEGAL_FORM_COUNT, 1000);
		gx_pop_draw_address(&rng, &c->address);
		c->founded = pop->reference_day - 30 - (int32_t)gx_rng_below(&rng, 40 * 365);
		unsigned want = 1 + (unsigned)gx_rng_weighted(&rng, managers_w, GX_POP_MAX_MANAGERS, 100);
		if (c->legal_form == GX_SA && want < 2)
			want = 2;
		if (c->legal_form == GX_SARLS)
			want = 1;
		for (unsigned k = 0; k < want; k++) {
			int32_t m = draw_manager(pop, &rng, c);
			if (m < 0)
				break;
			c->managers[c->manager_count++] = m;
			if (pop->managed_company[m] < 0)
				pop->managed_company[m] = (int32_t)i;
		}
		company_name(pop, &rng, c);
	}
	pop->company_count = n;
	return index_managers(pop);
}
