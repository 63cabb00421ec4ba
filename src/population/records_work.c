/** The social security and income tax registers: employment, retirement, tax class and tax office. */

#include "population/records.h"

#include "population/localities.h"
#include "population/rng.h"
#include "util/calendar.h"

#define STREAM_RECORDS 100

static const char *const affiliation_names[] = {"none", "employed", "self-employed", "unemployed", "retired"};

int32_t gx_record_employer(const struct gx_population *pop, size_t person, int *status)
{
	int age = gx_pop_age(pop, person);
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_SOCIAL_SECURITY, person);
	*status = GX_AFF_NONE;
	if (age < 18 || age > 64 || pop->company_count == 0)
		return -1;
	if (age <= 22 && gx_rng_permille(&r, 550))
		return -1;   /* a student, not affiliated */
	if (pop->managed_company[person] >= 0) {
		*status = GX_AFF_SELF_EMPLOYED;
		return pop->managed_company[person];
	}
	if (age >= 60 && gx_rng_permille(&r, 450)) {
		*status = GX_AFF_RETIRED;
		return -1;
	}
	if (gx_rng_permille(&r, 55)) {
		*status = GX_AFF_UNEMPLOYED;
		return -1;
	}
	*status = GX_AFF_EMPLOYED;
	/* a few large employers, many small ones */
	double u = (double)gx_rng_below(&r, 1000000) / 1e6;
	size_t c = (size_t)(u * u * (double)pop->company_count);
	return (int32_t)(c < pop->company_count ? c : pop->company_count - 1);
}

int gx_record_social_security(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	const struct gx_pop_person *p = &pop->persons[person];
	int status;
	int32_t employer = gx_record_employer(pop, person, &status);
	if (status == GX_AFF_NONE)
		return 0;
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_SOCIAL_SECURITY, person ^ 0x5555u);
	int32_t adult = p->birth + 18 * 365 + 5;
	int32_t since;
	if (status == GX_AFF_RETIRED) {
		int32_t sixty = p->birth + 60 * 365 + 15;
		since = sixty + (int32_t)gx_rng_below(&r, (uint32_t)(pop->reference_day - sixty > 0 ? pop->reference_day - sixty : 1));
	} else {
		int32_t span = pop->reference_day - 30 - adult;
		if (span > 30 * 365)
			span = 30 * 365;
		since = pop->reference_day - 30 - (int32_t)gx_rng_below(&r, (uint32_t)(span > 0 ? span : 1));
		if (employer >= 0 && since < pop->companies[employer].founded)
			since = pop->companies[employer].founded + (int32_t)gx_rng_below(&r, 365);
	}
	if (since > pop->reference_day)
		since = pop->reference_day;
	char since_s[11];
	gx_cal_date_format(since, since_s);
	json_t *rcs = employer >= 0 ? json_string(pop->companies[employer].rcs_number) : json_null();
	json_t *name = employer >= 0 ? json_string(pop->companies[employer].name) : json_null();
	out->key_type = "national_id";
	out->key = p->national_id;
	out->data = json_pack("{s:o, s:o, s:s, s:s}", "employer", rcs, "employer_name", name, "affiliation_status",
			      affiliation_names[status], "affiliated_since", since_s);
	gx_cal_date_format(since, out->as_of);
	out->version = 1 + gx_rng_below(&r, 3);
	return out->data != NULL ? 1 : -1;
}

int gx_record_income_tax(const struct gx_population *pop, size_t person, struct gx_pop_record *out)
{
	const struct gx_pop_person *p = &pop->persons[person];
	int age = gx_pop_age(pop, person);
	if (age < 18)
		return 0;
	struct gx_rng r;
	gx_rng_derive(&r, pop->seed, STREAM_RECORDS + GX_REG_INCOME_TAX, person);
	/* class 2: married or partnered; 1a: raising children alone, widowed, or 65 and over; else 1 */
	const char *tax_class = "1";
	if (p->civil_status == GX_CIVIL_MARRIED || p->civil_status == GX_CIVIL_PARTNERED)
		tax_class = "2";
	else if (p->child_count > 0 || p->civil_status == GX_CIVIL_WIDOWED || age >= 65)
		tax_class = "1a";
	const struct gx_pop_address *a = &pop->households[p->household];
	const char *office = gx_tax_office(gx_localities[a->locality].canton, a->postcode);
	out->key_type = "national_id";
	out->key = p->national_id;
	out->data = json_pack("{s:s, s:s}", "tax_class", tax_class, "tax_office", office);
	/* the tax card of the year */
	int32_t d = pop->reference_day - 365 + (int32_t)gx_rng_below(&r, 60);
	gx_cal_date_format(d, out->as_of);
	out->version = 1 + gx_rng_below(&r, 2);
	return out->data != NULL ? 1 : -1;
}
