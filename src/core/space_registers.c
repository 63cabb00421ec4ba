/* Spaces the registers give (spaces.h): the companies a person manages
 * (the companies register) and their minor children (the population
 * register). Every read is an access record, like any prefill: on the
 * person for their companies and children, on each child for the child's
 * birth date and names. */

#include "core/space_ops.h"

#include <stdio.h>
#include <string.h>

#include "sources/prefill.h"
#include "util/calendar.h"
#include "util/local_time.h"
#include "util/national_id.h"

#define COMPANIES_MAX 20
#define CHILDREN_MAX 12

int gx_majority_day(int birth)
{
	int y, m, d;
	gx_cal_civil_from_days(birth, &y, &m, &d);
	return gx_cal_date_valid(y + 18, m, d) ? gx_cal_days_from_civil(y + 18, m, d)
					       : gx_cal_days_from_civil(y + 18, 3, 1);
}

/* One lookup of one subject in one register, on the request's loop. */
static void lookup(const struct gx_core_ctx *c, const struct gx_register *reg, const char *subject_type,
		   const char *subject, const char *on_behalf_of, const char *const *attributes, size_t n,
		   const char *purpose, void (*done)(struct gx_prefill *pf, void *arg), void *arg)
{
	struct gx_prefill_want *want = gx_core_alloc(c, sizeof(*want));
	*want = (struct gx_prefill_want){.reg = reg, .attributes = attributes, .nattributes = n};
	static const bool no = false;
	struct gx_prefill_env env = {.httpc = c->httpc, .durable = c->durable, .pool = c->pool,
				     .request_id = c->request_id};
	struct gx_prefill_ask who = {.subject = subject, .subject_type = subject_type, .actor_kind = "platform",
				     .actor_id = "guichet", .on_behalf_of = on_behalf_of, .purpose = purpose,
				     .legal_basis = "who may act for whom: the register's relations"};
	gx_prefill_start(&env, &who, want, 1, &no, c->domain->registers.deadline_ms, done, arg);
}

/* The value of attribute in the one register's answer, or NULL (not
 * answered, unavailable, no value); *ok says whether the register answered. */
static const json_t *answered(const struct gx_prefill *pf, const char *attribute, bool *ok)
{
	*ok = pf != NULL && !pf->failed_closed && pf->n == 1 && pf->sources[0].status == GX_SOURCE_OK;
	if (!*ok)
		return NULL;
	const struct gx_answer *a = &pf->sources[0].answer;
	for (size_t i = 0; i < a->nvalues; i++)
		if (strcmp(a->values[i].attribute, attribute) == 0 && !json_is_null(a->values[i].value))
			return a->values[i].value;
	return NULL;
}

/* --- companies --------------------------------------------------------------------------------- */

struct company {
	char number[GX_COMPANY_NUMBER_MAX];
	char name[GX_SPACE_NAME_MAX];
};

struct companies {
	struct space_op *op;
	char national_id[14];
	size_t n;
	struct company list[COMPANIES_MAX];
};

static enum gx_db_status write_companies(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	struct companies *cs = op->more;
	const struct gx_core_ctx *c = op->c;
	for (size_t i = 0; i < cs->n; i++) {
		long long id = 0;
		enum gx_db_status s = gx_store_company_space(w, cs->list[i].number, &id);
		if (s < 0)
			return s;
		bool created = s == GX_DB_NO_RESULTS;
		if (created) {
			if ((s = gx_store_company_space_create(w, cs->list[i].number, cs->list[i].name, c->now_us, &id)) < 0)
				return s;
			if ((s = gx_store_space_event_append(w, GX_ID(gx_space_id, id), c->now_us, "space.opened", c->person,
							     "{\"source\":\"companies\"}")) < 0)
				return s;
		}
		char role[16];
		if ((s = gx_store_member_role(w, GX_ID(gx_space_id, id), c->person, role)) < 0)
			return s;
		if (s == GX_DB_ONE_RESULT)
			continue; /* a member already, whatever their role */
		/* The first manager to open it administers it; a later one joins as a member. */
		const char *as = created ? "administrator" : "member";
		if ((s = gx_store_member_put(w, GX_ID(gx_space_id, id), c->person, as, NULL, c->now_us)) < 0)
			return s;
		const char *d = created ? "{\"role\":\"administrator\",\"as\":\"manager\"}"
					: "{\"role\":\"member\",\"as\":\"manager\"}";
		if ((s = gx_store_space_event_append(w, GX_ID(gx_space_id, id), c->now_us, "member.joined", c->person, d)) <
		    0)
			return s;
	}
	return GX_DB_ONE_RESULT;
}

static void on_managed(struct gx_prefill *pf, void *arg)
{
	struct companies *cs = arg;
	struct space_op *op = cs->op;
	bool ok;
	const json_t *list = answered(pf, "managed_companies", &ok);
	if (!ok) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, "the companies register could not be read");
		return;
	}
	size_t i;
	json_t *co;
	json_array_foreach(list, i, co) {
		const char *number = json_string_value(json_object_get(co, "rcs_number"));
		const char *name = json_string_value(json_object_get(co, "name"));
		if (number == NULL || name == NULL || strlen(number) >= GX_COMPANY_NUMBER_MAX || cs->n == COMPANIES_MAX)
			continue;
		snprintf(cs->list[cs->n].number, GX_COMPANY_NUMBER_MAX, "%s", number);
		snprintf(cs->list[cs->n].name, GX_SPACE_NAME_MAX, "%s", name);
		cs->n++;
	}
	op->res.count = cs->n;
	if (cs->n == 0) {
		gx_space_op_end(op, GX_CORE_OK, NULL, NULL);
		return;
	}
	gx_space_op_write(op, write_companies);
}

void gx_company_spaces_open(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	struct companies *cs = gx_core_alloc(c, sizeof(*cs));
	cs->op = op;
	op->more = cs;
	const struct gx_register *reg = gx_registers_find(&c->domain->registers, "companies");
	if (reg == NULL) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, "no companies register is configured");
		return;
	}
	if (gx_space_my_national_id(c, cs->national_id) != 0) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	static const char *const attrs[] = {"managed_companies"};
	lookup(c, reg, "national_id", cs->national_id, cs->national_id, attrs, 1, "professional-spaces", on_managed, cs);
}

/* --- children ------------------------------------------------------------------------------------ */

struct child {
	char national_id[14];
	char given_name[128], family_name[128];
	int birth;          /* day number; -1 until read */
	bool parent_named;  /* the child's record names the parent */
	struct children *all;
};

struct children {
	struct space_op *op;
	char parent[14];
	size_t n, pending;
	bool failed;
	struct child list[CHILDREN_MAX];
};

static enum gx_db_status write_children(struct gx_store_conn *w, void *arg)
{
	struct space_op *op = arg;
	struct children *cs = op->more;
	const struct gx_core_ctx *c = op->c;
	op->res.count = 0;
	for (size_t i = 0; i < cs->n; i++) {
		const struct child *k = &cs->list[i];
		int adult = gx_majority_day(k->birth);
		long long adult_at = gx_local_midnight_us(adult);
		if (!k->parent_named || adult_at <= c->now_us)
			continue; /* not theirs per the register, or of age: nothing to act for */
		long long person = 0, space = 0;
		enum gx_db_status s = gx_store_person_ensure(w, k->national_id, k->given_name, k->family_name, c->now_us,
							     &person, &space);
		if (s < 0)
			return s;
		if ((s = gx_store_guardianship_put(w, c->person, GX_ID(gx_space_id, space), adult_at, c->now_us)) < 0)
			return s;
		char d[96];
		snprintf(d, sizeof(d), "{\"until_us\":%lld,\"source\":\"persons\"}", adult_at);
		if ((s = gx_store_space_event_append(w, GX_ID(gx_space_id, space), c->now_us, "parent.recorded", c->person,
						     d)) < 0)
			return s;
		op->res.count++;
	}
	return GX_DB_ONE_RESULT;
}

static void on_child(struct gx_prefill *pf, void *arg)
{
	struct child *k = arg;
	struct children *cs = k->all;
	bool ok;
	const json_t *given = answered(pf, "given_name", &ok);
	const json_t *family = answered(pf, "family_name", &ok);
	const json_t *birth = answered(pf, "birth_date", &ok);
	const json_t *parents = answered(pf, "parents", &ok);
	if (!ok) {
		cs->failed = true; /* the register could not answer: nothing is recorded */
	} else if (!json_is_string(given) || !json_is_string(family) || !json_is_string(birth)) {
		k->parent_named = false; /* the register holds no such child: skipped */
		k->birth = 0;
	} else {
		int y, m, d;
		const char *b = json_string_value(birth);
		k->birth = sscanf(b, "%4d-%2d-%2d", &y, &m, &d) == 3 && gx_cal_date_valid(y, m, d)
				   ? gx_cal_days_from_civil(y, m, d)
				   : -1;
		snprintf(k->given_name, sizeof(k->given_name), "%s", json_string_value(given));
		snprintf(k->family_name, sizeof(k->family_name), "%s", json_string_value(family));
		size_t i;
		json_t *p;
		json_array_foreach(parents, i, p) k->parent_named |= json_is_string(p) &&
								     strcmp(json_string_value(p), cs->parent) == 0;
		cs->failed |= k->birth < 0;
	}
	if (--cs->pending > 0)
		return;
	if (cs->failed) {
		gx_space_op_end(cs->op, GX_CORE_UNAVAILABLE, NULL, "the population register could not be read");
		return;
	}
	gx_space_op_write(cs->op, write_children);
}

static void on_children(struct gx_prefill *pf, void *arg)
{
	struct children *cs = arg;
	struct space_op *op = cs->op;
	const struct gx_core_ctx *c = op->c;
	bool ok;
	const json_t *list = answered(pf, "children", &ok);
	if (!ok) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, "the population register could not be read");
		return;
	}
	size_t i;
	json_t *id;
	json_array_foreach(list, i, id) {
		const char *s = json_string_value(id);
		if (s == NULL || !gx_national_id_valid(s) || cs->n == CHILDREN_MAX)
			continue;
		struct child *k = &cs->list[cs->n++];
		snprintf(k->national_id, sizeof(k->national_id), "%s", s);
		k->birth = -1;
		k->all = cs;
	}
	if (cs->n == 0) {
		gx_space_op_end(op, GX_CORE_OK, NULL, NULL);
		return;
	}
	/* Each child's record, at once; the last answer writes. */
	static const char *const attrs[] = {"given_name", "family_name", "birth_date", "parents"};
	const struct gx_register *reg = gx_registers_find(&c->domain->registers, "persons");
	cs->pending = cs->n;
	size_t n = cs->n;
	for (size_t k = 0; k < n; k++)
		lookup(c, reg, "national_id", cs->list[k].national_id, cs->parent, attrs, 4, "children-spaces", on_child,
		       &cs->list[k]);
}

void gx_children_record(const struct gx_core_ctx *c, gx_space_done_fn done, void *arg)
{
	struct space_op *op = gx_space_op_new(c, done, arg);
	struct children *cs = gx_core_alloc(c, sizeof(*cs));
	cs->op = op;
	op->more = cs;
	const struct gx_register *reg = gx_registers_find(&c->domain->registers, "persons");
	if (reg == NULL) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, "no population register is configured");
		return;
	}
	if (gx_space_my_national_id(c, cs->parent) != 0) {
		gx_space_op_end(op, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	static const char *const attrs[] = {"children"};
	lookup(c, reg, "national_id", cs->parent, cs->parent, attrs, 1, "children-spaces", on_children, cs);
}
