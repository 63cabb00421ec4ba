/**
 * Draws the persons of the population household by household: couples
 * (married or partnered, reciprocal partners) with or without children,
 * single people and single parents. Members share the household's address;
 * children are 18-45 years younger than each parent and consecutive in the
 * array, so a parent's children are (first_child, child_count).
 */

#include "population/population.h"

#include <stdlib.h>
#include <string.h>

#include "population/localities.h"
#include "population/names.h"
#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_HOUSEHOLDS 1
#define OLDEST 105                 /* years: the earliest birth day drawn */
#define DAYS_PER_YEAR 365

enum household_kind { SINGLE, COUPLE, FAMILY, SINGLE_PARENT };

struct gen {
	struct gx_population *pop;
	struct gx_rng rng;
	unsigned nat_weights[64];
	unsigned nat_total;
	int32_t first_day;             /* day number of index 0 in seq_used */
	uint16_t *seq_used;            /* matricules issued per birth day */
};

void gx_pop_draw_address(struct gx_rng *rng, struct gx_pop_address *out)
{
	unsigned w[256];
	unsigned total = gx_locality_weights(w);
	size_t li = gx_rng_weighted(rng, w, gx_localities_count, total);
	const struct gx_locality *l = &gx_localities[li];
	size_t own = 0;
	while (l->streets != NULL && l->streets[own] != NULL)
		own++;
	memset(out, 0, sizeof(*out));
	out->locality = (uint16_t)li;
	if (own > 0 && gx_rng_permille(rng, li == 0 ? 600 : 350))
		out->street = (uint16_t)(1000 + gx_rng_below(rng, (uint32_t)own));
	else
		out->street = (uint16_t)gx_rng_below(rng, (uint32_t)gx_common_streets_count);
	/* one postcode per street of a locality, within the locality's range */
	uint64_t h = (uint64_t)li * 1000003u + out->street;
	h = gx_rng_splitmix64(&h);
	out->postcode = (uint16_t)(l->postcode_lo + h % (l->postcode_hi - l->postcode_lo + 1));
	out->house_number = (uint16_t)(gx_rng_permille(rng, 800) ? gx_rng_range(rng, 1, 60) : gx_rng_range(rng, 61, 180));
	unsigned s = gx_rng_below(rng, 1000);
	out->house_suffix = s < 50 ? 'A' : s < 70 ? 'B' : 0;
}

/** A birth day for someone aged `age` on the reference day. */
static int32_t birth_for_age(struct gen *g, int age)
{
	int32_t ref = g->pop->reference_day;
	return ref - age * DAYS_PER_YEAR - (int32_t)(age / 4) - (int32_t)gx_rng_below(&g->rng, DAYS_PER_YEAR);
}

/** Issues the matricule of a birth day: a sequence not yet used that day. -1 when the day is full. */
static int issue_national_id(struct gen *g, int32_t birth, char out[GX_NATIONAL_ID_LEN + 1])
{
	int32_t i = birth - g->first_day;
	if (i < 0 || g->seq_used[i] >= 1000)
		return -1;
	/* k * 37 mod 1000 visits every sequence once; the offset varies by day */
	uint64_t h = (uint64_t)birth ^ g->pop->seed;
	unsigned offset = (unsigned)(gx_rng_splitmix64(&h) % 1000);
	int seq = (int)((offset + 37u * g->seq_used[i]) % 1000);
	g->seq_used[i]++;
	int y, m, d;
	gx_cal_civil_from_days(birth, &y, &m, &d);
	return gx_national_id_make(y, m, d, seq, out);
}

static unsigned draw_nationality(struct gen *g)
{
	return (unsigned)gx_rng_weighted(&g->rng, g->nat_weights, gx_nationalities_count, g->nat_total);
}

static uint8_t draw_locale(struct gen *g, unsigned nat)
{
	unsigned x = gx_rng_below(&g->rng, 100);
	if (nat == GX_NATIONALITY_LUX)
		return x < 50 ? 0 : x < 85 ? 3 : x < 95 ? 1 : 2;
	if (x < 80) {
		const char *l = gx_nationalities[nat].locale;
		for (uint8_t i = 0; i < 4; i++)
			if (strcmp(gx_pop_locales[i], l) == 0)
				return i;
	}
	return x < 90 ? 2 : 0;
}

/** Fills person idx; family_from (a parent, or -1) gives the family name and nationality. */
static int make_person(struct gen *g, size_t idx, int32_t birth, int female, int nat, int32_t family_from, uint32_t household)
{
	struct gx_pop_person *p = &g->pop->persons[idx];
	memset(p, 0, sizeof(*p));
	while (issue_national_id(g, birth, p->national_id) != 0)
		birth++;   /* a day with 1000 births: the next day */
	p->birth = birth;
	p->household = household;
	p->partner = -1;
	p->parents[0] = p->parents[1] = -1;
	p->first_child = -1;
	p->female = (uint8_t)female;
	if (family_from >= 0) {
		const struct gx_pop_person *f = &g->pop->persons[family_from];
		p->nationality = f->nationality;
		p->family_name = f->family_name;
	} else {
		p->nationality = (uint8_t)nat;
		p->family_name = (uint16_t)gx_rng_below(&g->rng, 1000);
	}
	p->given_name = (uint16_t)gx_rng_below(&g->rng, 1000);
	p->civil_status = GX_CIVIL_SINGLE;
	p->locale = draw_locale(g, p->nationality);
	int age = gx_cal_years_between(birth, g->pop->reference_day);
	int born_here = p->nationality == GX_NATIONALITY_LUX ? gx_rng_permille(&g->rng, 900)
			: age < 25 ? gx_rng_permille(&g->rng, 700) : gx_rng_permille(&g->rng, 120);
	p->birth_place = (uint16_t)(born_here ? gx_rng_below(&g->rng, 1000) : 1000 + gx_rng_below(&g->rng, 1000));
	return 0;
}

static int age_band(struct gen *g, const unsigned *weights, const int (*bands)[2], size_t n)
{
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	size_t b = gx_rng_weighted(&g->rng, weights, n, total);
	return gx_rng_range(&g->rng, bands[b][0], bands[b][1]);
}

static void make_couple(struct gen *g, size_t a, size_t b, int32_t birth_a, int32_t birth_b, uint32_t h)
{
	int nat = (int)draw_nationality(g);
	int same_sex = gx_rng_permille(&g->rng, 30);
	int a_female = (int)gx_rng_below(&g->rng, 2);
	make_person(g, a, birth_a, a_female, nat, -1, h);
	int nat_b = gx_rng_permille(&g->rng, 750) ? nat : (int)draw_nationality(g);
	make_person(g, b, birth_b, same_sex ? a_female : !a_female, nat_b, -1, h);
	struct gx_pop_person *pa = &g->pop->persons[a], *pb = &g->pop->persons[b];
	uint8_t cs = gx_rng_permille(&g->rng, 680) ? GX_CIVIL_MARRIED : GX_CIVIL_PARTNERED;
	pa->partner = (int32_t)b;
	pb->partner = (int32_t)a;
	pa->civil_status = pb->civil_status = cs;
}

/** A child's birth day 18-45 years after each parent's, not after the reference day. */
static int32_t child_birth(struct gen *g, const int32_t *parents, int n)
{
	int32_t ref = g->pop->reference_day;
	for (int attempt = 0; attempt < 32; attempt++) {
		int32_t youngest = parents[0];
		for (int i = 1; i < n; i++)
			if (parents[i] > youngest)
				youngest = parents[i];
		int32_t b = youngest + (int32_t)gx_rng_range(&g->rng, 19 * DAYS_PER_YEAR, 40 * DAYS_PER_YEAR);
		if (b > ref)
			continue;
		int ok = 1;
		for (int i = 0; i < n; i++) {
			int gap = gx_cal_years_between(parents[i], b);
			ok = ok && gap >= 18 && gap <= 45;
		}
		if (ok && gx_cal_years_between(b, ref) <= 25)
			return b;
	}
	int32_t oldest = parents[0];
	for (int i = 1; i < n; i++)
		if (parents[i] < oldest)
			oldest = parents[i];
	int32_t b = oldest + 25 * DAYS_PER_YEAR + 7;
	return b > ref ? ref : b;
}

static void add_children(struct gen *g, size_t first, int count, const size_t *parents, int n, uint32_t h)
{
	int32_t births[2];
	for (int i = 0; i < n; i++)
		births[i] = g->pop->persons[parents[i]].birth;
	/* the child carries the family name of the first parent (the father in a mixed couple) */
	size_t name_parent = parents[0];
	if (n == 2 && g->pop->persons[parents[0]].female && !g->pop->persons[parents[1]].female)
		name_parent = parents[1];
	for (int c = 0; c < count; c++) {
		size_t idx = first + (size_t)c;
		make_person(g, idx, child_birth(g, births, n), (int)gx_rng_below(&g->rng, 2), 0,
			    (int32_t)name_parent, h);
		for (int i = 0; i < n; i++)
			g->pop->persons[idx].parents[i] = (int32_t)parents[i];
	}
	for (int i = 0; i < n; i++) {
		g->pop->persons[parents[i]].first_child = (int32_t)first;
		g->pop->persons[parents[i]].child_count = (uint8_t)count;
	}
}

static size_t make_household(struct gen *g, size_t i, size_t remaining, uint32_t h)
{
	static const unsigned kind_w[] = {300, 240, 340, 120};
	static const int single_bands[][2] = {{18, 29}, {30, 44}, {45, 64}, {65, 95}};
	static const unsigned single_w[] = {30, 25, 25, 20};
	static const int couple_bands[][2] = {{22, 34}, {35, 59}, {60, 92}};
	static const unsigned couple_w[] = {35, 25, 40};
	static const unsigned kids_w[] = {40, 40, 15, 5};

	enum household_kind kind = (enum household_kind)gx_rng_weighted(&g->rng, kind_w, 4, 1000);
	int kids = kind == FAMILY ? 1 + (int)gx_rng_weighted(&g->rng, kids_w, 4, 100)
		   : kind == SINGLE_PARENT ? 1 + (int)gx_rng_weighted(&g->rng, kids_w, 3, 95) : 0;
	size_t size = (kind == COUPLE || kind == FAMILY ? 2u : 1u) + (size_t)kids;
	if (size > remaining) {
		kind = remaining >= 2 ? COUPLE : SINGLE;
		kids = 0;
		size = kind == COUPLE ? 2 : 1;
	}
	gx_pop_draw_address(&g->rng, &g->pop->households[h]);
	struct gx_pop_person *p;
	switch (kind) {
	case SINGLE: {
		int age = age_band(g, single_w, single_bands, 4);
		make_person(g, i, birth_for_age(g, age), (int)gx_rng_below(&g->rng, 2), (int)draw_nationality(g), -1, h);
		p = &g->pop->persons[i];
		unsigned x = gx_rng_below(&g->rng, 100);
		if (age < 30)
			p->civil_status = x < 92 ? GX_CIVIL_SINGLE : GX_CIVIL_DIVORCED;
		else if (age < 65)
			p->civil_status = x < 55 ? GX_CIVIL_SINGLE : x < 93 ? GX_CIVIL_DIVORCED : GX_CIVIL_WIDOWED;
		else
			p->civil_status = x < 25 ? GX_CIVIL_SINGLE : x < 45 ? GX_CIVIL_DIVORCED : GX_CIVIL_WIDOWED;
		break;
	}
	case COUPLE: {
		int age = age_band(g, couple_w, couple_bands, 3);
		int other = age + gx_rng_range(&g->rng, -6, 6);
		make_couple(g, i, i + 1, birth_for_age(g, age), birth_for_age(g, other < 18 ? 18 : other), h);
		break;
	}
	case FAMILY: {
		int age = gx_rng_range(&g->rng, 24, 56);
		int other = age + gx_rng_range(&g->rng, -4, 7);
		make_couple(g, i, i + 1, birth_for_age(g, age), birth_for_age(g, other < 21 ? 21 : other), h);
		size_t parents[2] = {i, i + 1};
		add_children(g, i + 2, kids, parents, 2, h);
		break;
	}
	case SINGLE_PARENT: {
		int age = gx_rng_range(&g->rng, 22, 56);
		make_person(g, i, birth_for_age(g, age), gx_rng_permille(&g->rng, 850), (int)draw_nationality(g), -1, h);
		p = &g->pop->persons[i];
		unsigned x = gx_rng_below(&g->rng, 100);
		p->civil_status = x < 50 ? GX_CIVIL_DIVORCED : x < 88 ? GX_CIVIL_SINGLE : GX_CIVIL_WIDOWED;
		size_t parents[1] = {i};
		add_children(g, i + 1, kids, parents, 1, h);
		break;
	}
	}
	return size;
}

int gx_pop_generate(struct gx_population *pop, uint64_t seed, size_t person_count)
{
	struct gen g;
	memset(pop, 0, sizeof(*pop));
	memset(&g, 0, sizeof(g));
	pop->seed = seed;
	pop->reference_day = gx_cal_days_from_civil(2025, 1, 1);
	pop->persons = calloc(person_count ? person_count : 1, sizeof(*pop->persons));
	pop->households = calloc(person_count ? person_count : 1, sizeof(*pop->households));
	pop->managed_company = malloc((person_count ? person_count : 1) * sizeof(*pop->managed_company));
	g.first_day = pop->reference_day - (OLDEST + 1) * DAYS_PER_YEAR - 60;
	g.seq_used = calloc((size_t)(pop->reference_day - g.first_day + 400), sizeof(*g.seq_used));
	if (pop->persons == NULL || pop->households == NULL || pop->managed_company == NULL || g.seq_used == NULL)
		goto fail;
	g.pop = pop;
	gx_rng_derive(&g.rng, seed, STREAM_HOUSEHOLDS, 0);
	for (size_t k = 0; k < gx_nationalities_count && k < 64; k++) {
		g.nat_weights[k] = gx_nationalities[k].permille;
		g.nat_total += g.nat_weights[k];
	}
	size_t i = 0;
	while (i < person_count) {
		i += make_household(&g, i, person_count - i, (uint32_t)pop->household_count);
		pop->household_count++;
	}
	pop->person_count = person_count;
	for (size_t k = 0; k < person_count; k++)
		pop->managed_company[k] = -1;
	if (gx_pop_generate_companies(pop) != 0)
		goto fail;
	free(g.seq_used);
	return 0;
fail:
	free(g.seq_used);
	gx_pop_free(pop);
	return -1;
}
