/** The vehicles register (by owner: adults and companies) and the driving licences register. */

#include "population/records.h"

#include <stdio.h>

#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_RECORDS 100
#define PLATE_SPACE (26u * 26u * 9000u)   /* "AB 1000" … "ZZ 9999" */
#define PLATE_STEP 1000003u               /* coprime with PLATE_SPACE: a permutation */

static const char *const models[][2] = {
	{"Volkswagen", "Golf"}, {"Volkswagen", "Polo"}, {"Volkswagen", "Tiguan"}, {"Volkswagen", "Passat"},
	{"BMW", "3 Series"}, {"BMW", "X1"}, {"BMW", "5 Series"}, {"Mercedes-Benz", "A-Class"},
	{"Mercedes-Benz", "C-Class"}, {"Mercedes-Benz", "GLC"}, {"Audi", "A3"}, {"Audi", "A4"}, {"Audi", "Q5"},
	{"Renault", "Clio"}, {"Renault", "Captur"}, {"Peugeot", "208"}, {"Peugeot", "3008"}, {"Citroën", "C3"},
	{"Skoda", "Octavia"}, {"Skoda", "Fabia"}, {"Toyota", "Yaris"}, {"Toyota", "RAV4"}, {"Tesla", "Model 3"},
	{"Tesla", "Model Y"}, {"Opel", "Corsa"}, {"Ford", "Fiesta"}, {"Fiat", "500"}, {"Volvo", "XC60"},
	{"Dacia", "Sandero"}, {"Hyundai", "Tucson"}, {"Kia", "Sportage"}, {"Mini", "Cooper"},
};
static const char *const vans[][2] = {
	{"Volkswagen", "Transporter"}, {"Mercedes-Benz", "Sprinter"}, {"Renault", "Master"}, {"Ford", "Transit"},
	{"Citroën", "Berlingo"}, {"Peugeot", "Partner"},
};

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

/** Plate number k (unique per k below PLATE_SPACE) as "AB 1234". */
static void plate(const struct gx_population *pop, uint64_t k, char out[8])
{
	uint64_t h = pop->seed;
	uint32_t x = (uint32_t)((k * PLATE_STEP + gx_rng_splitmix64(&h)) % PLATE_SPACE);
	uint32_t letters = x / 9000, digits = 1000 + x % 9000;
	snprintf(out, 8, "%c%c %04u", 'A' + (int)(letters / 26 % 26), 'A' + (int)(letters % 26), digits % 10000u);
}

static json_t *vehicle(const struct gx_population *pop, struct gx_rng *r, uint64_t k, int32_t not_before, int van)
{
	char p[8], first[11];
	plate(pop, k, p);
	int32_t span = pop->reference_day - not_before;
	if (span > 15 * 365)
		span = 15 * 365;
	gx_cal_date_format(pop->reference_day - (int32_t)gx_rng_below(r, (uint32_t)(span > 1 ? span : 1)), first);
	const char *const *m = van ? vans[gx_rng_below(r, COUNT(vans))] : models[gx_rng_below(r, COUNT(models))];
	return json_pack("{s:s, s:s, s:s, s:s}", "plate", p, "make", m[0], "model", m[1], "first_registration", first);
}

static int vehicles_record(const struct gx_population *pop, struct gx_rng *r, uint64_t first_k, unsigned n,
			   int32_t not_before, int commercial, struct gx_pop_record *out)
{
	json_t *list = json_array();
	for (unsigned j = 0; list != NULL && j < n; j++)
		if (json_array_append_new(list, vehicle(pop, r, first_k + j, not_before, commercial && gx_rng_permille(r, 500))) != 0) {
			json_decref(list);
			list = NULL;
		}
	out->data = json_pack("{s:o}", "vehicles", list);
	gx_cal_date_format(pop->reference_day - 1 - (int32_t)gx_rng_below(r, 700), out->as_of);
	out->version = n;
	return out->data != NULL ? 1 : -1;
}

int gx_record_vehicles_person(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	const struct gx_pop_person *p = &pop->persons[person];
	if (gx_pop_age(pop, person) < 18)
		return 0;
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_VEHICLES, person);
	if (!gx_rng_permille(&r, 600))
		return 0;
	unsigned n = gx_rng_permille(&r, 750) ? 1 : 2;
	out->key_type = "national_id";
	out->key = p->national_id;
	return vehicles_record(pop, &r, (uint64_t)person * 2, n, p->birth + 18 * 365 + 5, 0, out);
}

int gx_record_vehicles_company(const struct gx_population *pop, size_t company, struct gx_pop_record *out)
{
	const struct gx_pop_company *c = &pop->companies[company];
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_VEHICLES, pop->person_count + company);
	unsigned n = gx_rng_below(&r, 6);
	if (n == 0 || c->legal_form == GX_ASBL)
		return 0;
	out->key_type = "rcs_number";
	out->key = c->rcs_number;
	return vehicles_record(pop, &r, (uint64_t)pop->person_count * 2 + (uint64_t)company * 5, n, c->founded, 1, out);
}

int gx_record_driving_licence(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	static const char *const sets[][3] = {{"B"}, {"A", "B"}, {"B", "BE"}, {"B", "C"}, {"AM", "B"}, {"B", "C", "CE"}};
	static const unsigned set_w[] = {700, 120, 80, 50, 30, 20};
	const struct gx_pop_person *p = &pop->persons[person];
	int age = gx_pop_age(pop, person);
	if (age < 18)
		return 0;
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_DRIVING_LICENCES, person);
	if (!gx_rng_permille(&r, age > 85 ? 400 : age < 20 ? 450 : 740))
		return 0;
	size_t s = gx_rng_weighted(&r, set_w, COUNT(set_w), 1000);
	json_t *cats = json_array();
	for (int k = 0; cats != NULL && k < 3 && sets[s][k] != NULL; k++)
		json_array_append_new(cats, json_string(sets[s][k]));
	/* the card in force: issued (or last renewed) within 15 years, after the 18th birthday */
	int32_t adult = p->birth + 18 * 365 + 5;
	int32_t earliest = pop->reference_day - 15 * 365 + 30;
	if (earliest < adult)
		earliest = adult;
	int32_t issued = earliest + (int32_t)gx_rng_below(&r, (uint32_t)(pop->reference_day - earliest > 1 ? pop->reference_day - earliest : 1));
	if (issued > pop->reference_day)
		issued = pop->reference_day;
	char issued_s[11], until_s[11];
	gx_cal_date_format(issued, issued_s);
	gx_cal_date_format(issued + 15 * 365 + 3, until_s);
	out->key_type = "national_id";
	out->key = p->national_id;
	out->data = json_pack("{s:o, s:s, s:s}", "categories", cats, "issued_on", issued_s, "valid_until", until_s);
	gx_cal_date_format(issued, out->as_of);
	out->version = 1;
	return out->data != NULL ? 1 : -1;
}
