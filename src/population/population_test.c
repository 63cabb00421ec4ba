/** Invariants of a small generated population and its registers: households,
 *  ids, companies, employers, localities, and byte-identical regeneration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "population/localities.h"
#include "population/population.h"
#include "population/records.h"
#include "util/calendar.h"

#define N 3000

static struct gx_population pop;

static int setup(void **state)
{
	return gx_pop_generate(&pop, 7, N);
}

static int teardown(void **state)
{
	gx_pop_free(&pop);
	return 0;
}

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_ids_valid_and_unique(void **state)
{
	const char **ids = malloc(N * sizeof(*ids));
	assert_non_null(ids);
	for (size_t i = 0; i < N; i++) {
		const struct gx_pop_person *p = &pop.persons[i];
		assert_true(gx_national_id_valid(p->national_id));
		char birth[11];
		gx_cal_date_format(p->birth, birth);
		/* the id carries the birth date */
		assert_memory_equal(p->national_id, birth, 4);
		assert_memory_equal(p->national_id + 4, birth + 5, 2);
		assert_memory_equal(p->national_id + 6, birth + 8, 2);
		assert_true(p->birth <= pop.reference_day);
		ids[i] = p->national_id;
	}
	qsort(ids, N, sizeof(*ids), cmp_ids);
	for (size_t i = 1; i < N; i++)
		assert_true(strcmp(ids[i - 1], ids[i]) != 0);
	free(ids);
}

static void test_partners_reciprocal(void **state)
{
	size_t couples = 0;
	for (size_t i = 0; i < N; i++) {
		const struct gx_pop_person *p = &pop.persons[i];
		if (p->partner < 0) {
			assert_true(p->civil_status != GX_CIVIL_MARRIED && p->civil_status != GX_CIVIL_PARTNERED);
			continue;
		}
		const struct gx_pop_person *q = &pop.persons[p->partner];
		assert_int_equal(q->partner, (int32_t)i);
		assert_int_equal(q->civil_status, p->civil_status);
		assert_true(p->civil_status == GX_CIVIL_MARRIED || p->civil_status == GX_CIVIL_PARTNERED);
		assert_int_equal(q->household, p->household);
		assert_true(gx_pop_age(&pop, i) >= 18);
		couples++;
	}
	assert_true(couples > N / 4);
}

static void test_parents_children_reciprocal(void **state)
{
	size_t children = 0, single_parents = 0;
	for (size_t i = 0; i < N; i++) {
		const struct gx_pop_person *p = &pop.persons[i];
		for (int k = 0; k < p->child_count; k++) {
			size_t c = (size_t)(p->first_child + k);
			const struct gx_pop_person *ch = &pop.persons[c];
			assert_true(ch->parents[0] == (int32_t)i || ch->parents[1] == (int32_t)i);
			int gap = gx_cal_years_between(p->birth, ch->birth);
			assert_true(gap >= 18 && gap <= 45);
			assert_int_equal(ch->household, p->household);
		}
		if (p->child_count > 0 && p->partner < 0)
			single_parents++;
		for (int k = 0; k < 2; k++) {
			int32_t par = p->parents[k];
			if (par < 0)
				continue;
			const struct gx_pop_person *pp = &pop.persons[par];
			assert_true((int32_t)i >= pp->first_child && (int32_t)i < pp->first_child + pp->child_count);
			children++;
		}
	}
	assert_true(children > N / 10);
	assert_true(single_parents > 0);
}

static void test_households_share_address(void **state)
{
	/* the persons register writes the household's address for each member */
	for (size_t i = 0; i < N; i++) {
		const struct gx_pop_person *p = &pop.persons[i];
		if (p->partner < 0 && p->parents[0] < 0)
			continue;
		size_t other = p->partner >= 0 ? (size_t)p->partner : (size_t)p->parents[0];
		struct gx_pop_record a, b;
		assert_int_equal(gx_record_person(&pop, i, &a), 1);
		assert_int_equal(gx_record_person(&pop, other, &b), 1);
		assert_true(json_equal(json_object_get(a.data, "address"), json_object_get(b.data, "address")));
		json_decref(a.data);
		json_decref(b.data);
	}
}

static void test_managers_are_adults(void **state)
{
	assert_int_equal(pop.company_count, N / 20);
	for (size_t c = 0; c < pop.company_count; c++) {
		const struct gx_pop_company *co = &pop.companies[c];
		assert_true(co->rcs_number[0] == 'B');
		assert_true(co->manager_count >= 1);
		for (unsigned k = 0; k < co->manager_count; k++) {
			int32_t m = co->managers[k];
			assert_true(m >= 0 && (size_t)m < N);
			assert_true(gx_pop_age(&pop, (size_t)m) >= 18);
		}
		if (c > 0)
			assert_true(strtoul(co->rcs_number + 1, NULL, 10) > strtoul(pop.companies[c - 1].rcs_number + 1, NULL, 10));
	}
}

static const struct gx_pop_company *company_by_rcs(const char *rcs)
{
	for (size_t c = 0; c < pop.company_count; c++)
		if (strcmp(pop.companies[c].rcs_number, rcs) == 0)
			return &pop.companies[c];
	return NULL;
}

static void test_employers_agree(void **state)
{
	size_t employed = 0;
	for (size_t i = 0; i < N; i++) {
		struct gx_pop_record r;
		int got = gx_record_social_security(&pop, i, &r);
		assert_true(got >= 0);
		if (got == 0)
			continue;
		int age = gx_pop_age(&pop, i);
		assert_true(age >= 18 && age <= 64);
		const char *rcs = json_string_value(json_object_get(r.data, "employer"));
		const char *name = json_string_value(json_object_get(r.data, "employer_name"));
		if (rcs != NULL) {
			const struct gx_pop_company *co = company_by_rcs(rcs);
			assert_non_null(co);
			assert_non_null(name);
			assert_string_equal(co->name, name);
			employed++;
		} else {
			assert_null(name);
		}
		json_decref(r.data);
	}
	assert_true(employed > N / 4);
}

static void test_tax_class(void **state)
{
	for (size_t i = 0; i < N; i++) {
		struct gx_pop_record r;
		int got = gx_record_income_tax(&pop, i, &r);
		if (got == 0)
			continue;
		const struct gx_pop_person *p = &pop.persons[i];
		const char *cls = json_string_value(json_object_get(r.data, "tax_class"));
		if (p->partner >= 0)
			assert_string_equal(cls, "2");
		else if (p->child_count > 0)
			assert_string_equal(cls, "1a");
		json_decref(r.data);
	}
}

static void test_localities(void **state)
{
	assert_true(gx_localities_count >= 60);
	const char *cantons[12];
	size_t nc = 0;
	for (size_t i = 0; i < gx_localities_count; i++) {
		const struct gx_locality *l = &gx_localities[i];
		assert_true(l->postcode_lo >= 1000 && l->postcode_lo <= l->postcode_hi && l->postcode_hi <= 9999);
		if (strcmp(l->name, "Luxembourg") == 0)
			assert_true(l->postcode_lo / 1000 >= 1 && l->postcode_hi / 1000 <= 2);
		if (strcmp(l->name, "Esch-sur-Alzette") == 0)
			assert_int_equal(l->postcode_lo / 1000, 4);
		if (strcmp(l->name, "Ettelbruck") == 0)
			assert_int_equal(l->postcode_lo / 1000, 9);
		size_t k = 0;
		while (k < nc && strcmp(cantons[k], l->canton) != 0)
			k++;
		if (k == nc) {
			assert_true(nc < 12);
			cantons[nc++] = l->canton;
		}
	}
	assert_int_equal(nc, 12);
}

static char *dump_all(const struct gx_population *p)
{
	size_t *order = gx_pop_order_by_national_id(p);
	json_t *all = json_array();
	for (int reg = 0; reg < GX_REG_COUNT; reg++)
		for (size_t i = 0; i < gx_register_subjects(p, (enum gx_register)reg); i++) {
			struct gx_pop_record r;
			if (gx_register_record(p, order, (enum gx_register)reg, i, &r) == 1)
				json_array_append_new(all, json_pack("[s, s, o, s, I]", r.key_type, r.key, r.data, r.as_of,
								     (json_int_t)r.version));
		}
	char *text = json_dumps(all, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(all);
	free(order);
	return text;
}

/* Whether v (a string, a list of them, or a list of objects) uses only
 * codes of the description's lists: attribute's "codes", or its
 * "member_codes" for a list of objects. */
static void check_codes(const char *reg, const char *attr, json_t *desc_attr, json_t *lists, json_t *v)
{
	json_t *list = json_object_get(lists, json_string_value(json_object_get(desc_attr, "codes")) ?
						     json_string_value(json_object_get(desc_attr, "codes")) : "");
	json_t *members = json_object_get(desc_attr, "member_codes");
	size_t i;
	json_t *x;
	if (list != NULL && json_is_string(v) && json_object_get(list, json_string_value(v)) == NULL)
		fail_msg("%s %s: %s is not a code of its list", reg, attr, json_string_value(v));
	if (!json_is_array(v))
		return;
	json_array_foreach(v, i, x) {
		if (list != NULL && json_is_string(x) && json_object_get(list, json_string_value(x)) == NULL)
			fail_msg("%s %s: %s is not a code of its list", reg, attr, json_string_value(x));
		const char *m;
		json_t *lname;
		json_object_foreach(members, m, lname) {
			json_t *mv = json_object_get(x, m);
			if (json_is_string(mv) && json_object_get(json_object_get(lists, json_string_value(lname)),
								  json_string_value(mv)) == NULL)
				fail_msg("%s %s[].%s: %s is not a code of its list", reg, attr, m, json_string_value(mv));
		}
	}
}

/* Every coded value the registers hold is a code of registers/<name>.json's
 * lists: My data and the forms show each in words. */
static void test_codes_described(void **state)
{
	size_t *order = gx_pop_order_by_national_id(&pop);
	size_t coded = 0;
	for (int reg = 0; reg < GX_REG_COUNT; reg++) {
		char path[64];
		snprintf(path, sizeof(path), "registers/%s.json", gx_register_name((enum gx_register)reg));
		json_t *desc = json_load_file(path, 0, NULL);
		assert_non_null(desc);
		json_t *attrs = json_object_get(desc, "attributes"), *lists = json_object_get(desc, "codes");
		for (size_t i = 0; i < gx_register_subjects(&pop, (enum gx_register)reg); i++) {
			struct gx_pop_record r;
			if (gx_register_record(&pop, order, (enum gx_register)reg, i, &r) != 1)
				continue;
			const char *attr;
			json_t *da;
			json_object_foreach(attrs, attr, da) {
				if (json_object_get(da, "codes") == NULL && json_object_get(da, "member_codes") == NULL)
					continue;
				json_t *v = json_object_get(r.data, attr);
				if (v == NULL)
					continue;
				check_codes(gx_register_name((enum gx_register)reg), attr, da, lists, v);
				coded++;
			}
			json_decref(r.data);
		}
		json_decref(desc);
	}
	free(order);
	assert_true(coded > N); /* nationality and civil status of everyone at least */
}

static void test_deterministic(void **state)
{
	struct gx_population again, other;
	assert_int_equal(gx_pop_generate(&again, 7, N), 0);
	assert_int_equal(gx_pop_generate(&other, 8, N), 0);
	char *a = dump_all(&pop), *b = dump_all(&again), *c = dump_all(&other);
	assert_non_null(a);
	assert_string_equal(a, b);
	assert_true(strcmp(a, c) != 0);
	free(a);
	free(b);
	free(c);
	gx_pop_free(&again);
	gx_pop_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_valid_and_unique),
		cmocka_unit_test(test_partners_reciprocal),
		cmocka_unit_test(test_parents_children_reciprocal),
		cmocka_unit_test(test_households_share_address),
		cmocka_unit_test(test_managers_are_adults),
		cmocka_unit_test(test_employers_agree),
		cmocka_unit_test(test_tax_class),
		cmocka_unit_test(test_localities),
		cmocka_unit_test(test_codes_described),
		cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
