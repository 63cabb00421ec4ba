/* Prefill orchestration (prefill.h): which registers to ask for which
 * attributes, with the person's No taken into account; then a new draft's
 * values: the register part and the self part of each field, and
 * gx_prefill_merge decides. */

#include "core/prefill.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/choices.h"
#include "core/corrections.h"
#include "core/self_declared.h"
#include "util/local_time.h"
#include "procedures/definition.h"
#include "procedures/prefill_merge.h"

/* --- asking ------------------------------------------------------------------------- */

struct asking {
	struct gx_person person;
	struct gx_prefill_want *wants;
	const struct gx_register **regs;
	bool *declined;
	size_t n;
	gx_core_prefill_done_fn done;
	void *arg;
};

static void on_answered(struct gx_prefill *pf, void *arg)
{
	struct asking *a = arg;
	a->done(a->arg, pf);
}

/* Reads the person and their No's, then starts the engine. */
static void ask(const struct gx_core_ctx *c, struct asking *a, const char *purpose, const char *legal_basis)
{
	if (gx_store_person_get(c->db, c->person.v, &a->person) != GX_DB_ONE_RESULT) {
		a->done(a->arg, NULL);
		return;
	}
	a->regs = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->regs));
	a->declined = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->declined));
	for (size_t i = 0; i < a->n; i++)
		a->regs[i] = a->wants[i].reg;
	if (gx_choices_declined(c, a->regs, a->n, a->declined) < 0) {
		a->done(a->arg, NULL);
		return;
	}
	struct gx_prefill_env env = {.httpc = c->httpc, .durable = c->durable, .pool = c->pool,
				     .request_id = c->request_id};
	struct gx_prefill_ask who = {.subject = a->person.national_id, .actor_kind = "platform", .actor_id = "guichet",
				     .on_behalf_of = a->person.national_id, .purpose = purpose,
				     .legal_basis = legal_basis};
	gx_prefill_start(&env, &who, a->wants, a->n, a->declined, c->domain->registers.deadline_ms, on_answered, a);
}

/* The want of reg in a->wants, added when new (room for nfields attributes). */
static struct gx_prefill_want *want_of(const struct gx_core_ctx *c, struct asking *a, const struct gx_register *reg,
				       size_t nfields)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->wants[i].reg == reg)
			return &a->wants[i];
	struct gx_prefill_want *w = &a->wants[a->n++];
	*w = (struct gx_prefill_want){.reg = reg, .attributes = gx_core_alloc(c, nfields * sizeof(char *))};
	return w;
}

/* Every step field (outside groups) that names an attribute of a configured
 * register: each register once, each attribute once. */
static void collect_wants(const struct gx_core_ctx *c, struct asking *a, const json_t *steps)
{
	size_t i, j, nfields = 0;
	json_t *step, *field;
	json_array_foreach(steps, i, step) nfields += json_array_size(json_object_get(step, "fields"));
	size_t nregs = c->domain->registers.count;
	a->wants = gx_core_alloc(c, (nregs > 0 ? nregs : 1) * sizeof(*a->wants));
	json_array_foreach(steps, i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			json_t *prefill = json_object_get(field, "prefill");
			const char *source = json_string_value(json_object_get(prefill, "source"));
			const char *attribute = json_string_value(json_object_get(prefill, "attribute"));
			const struct gx_register *reg =
				source != NULL ? gx_registers_find(&c->domain->registers, source) : NULL;
			if (reg == NULL || attribute == NULL)
				continue;
			struct gx_prefill_want *w = want_of(c, a, reg, nfields);
			bool seen = false;
			for (size_t k = 0; k < w->nattributes; k++)
				seen |= strcmp(w->attributes[k], attribute) == 0;
			if (!seen)
				((const char **)w->attributes)[w->nattributes++] = attribute;
		}
	}
}

void gx_prefill_for_procedure(const struct gx_core_ctx *c, const struct gx_procedure *p, gx_core_prefill_done_fn done,
			      void *arg)
{
	struct asking *a = gx_core_alloc(c, sizeof(*a));
	a->done = done;
	a->arg = arg;
	collect_wants(c, a, json_object_get(gx_procedure_json(p), "steps"));
	ask(c, a, gx_procedure_id(p), "the procedure's legal basis");
}

void gx_prefill_for_mydata(const struct gx_core_ctx *c, gx_core_prefill_done_fn done, void *arg)
{
	struct asking *a = gx_core_alloc(c, sizeof(*a));
	a->done = done;
	a->arg = arg;
	const struct gx_registers *regs = &c->domain->registers;
	a->n = regs->count;
	a->wants = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->wants));
	for (size_t i = 0; i < a->n; i++) {
		const struct gx_register *reg = &regs->items[i];
		a->wants[i] = (struct gx_prefill_want){reg, (const char *const *)reg->my_data, reg->nmy_data};
	}
	ask(c, a, "my-data", "GDPR Art. 15: the person's access to their own data");
}

void gx_prefill_for_attribute(const struct gx_core_ctx *c, const struct gx_register *reg, const char *attribute,
			      gx_core_prefill_done_fn done, void *arg)
{
	struct asking *a = gx_core_alloc(c, sizeof(*a));
	a->done = done;
	a->arg = arg;
	a->n = 1;
	a->wants = gx_core_alloc(c, sizeof(*a->wants));
	const char **names = gx_core_alloc(c, sizeof(*names));
	names[0] = attribute;
	a->wants[0] = (struct gx_prefill_want){reg, names, 1};
	ask(c, a, "correction", "GDPR Art. 16: the person's right to rectification");
}

/* --- a new draft's values ----------------------------------------------------------- */

/* How the register part of a field ended: its status, and its value when it
 * answered with one. */
static void register_part(const struct gx_prefill *pf, const char *source, const char *attribute,
			  struct gx_prefill_register_part *out)
{
	*out = (struct gx_prefill_register_part){.source = source, .attribute = attribute, .outcome = "unavailable"};
	for (size_t i = 0; i < pf->n; i++) {
		const struct gx_prefill_source *s = &pf->sources[i];
		if (strcmp(s->reg->name, source) != 0)
			continue;
		if (s->status != GX_SOURCE_OK) {
			out->outcome = gx_source_status_name(s->status);
			return;
		}
		out->outcome = "no_value";
		for (size_t j = 0; j < s->answer.nvalues; j++) {
			const struct gx_answer_value *v = &s->answer.values[j];
			if (strcmp(v->attribute, attribute) != 0 || v->value == NULL || json_is_null(v->value))
				continue;
			out->outcome = "ok";
			out->value = v->value;
			out->as_of = v->as_of;
			out->version = v->version;
		}
		return;
	}
}

/* The person's declared value for attribute, from values ({attr: {"value", "as_of"}}). */
static void self_part(const json_t *values, const char *attribute, struct gx_prefill_self_part *out)
{
	const json_t *v = json_object_get(values, attribute);
	*out = (struct gx_prefill_self_part){.attribute = attribute,
					     .value = json_string_value(json_object_get(v, "value")),
					     .as_of = json_string_value(json_object_get(v, "as_of"))};
}

/* The open correction of a register's value, as the provenance says it; NULL when none. */
static json_t *under_review(const json_t *marks, const char *source, const char *attribute)
{
	char key[GX_REGISTER_NAME_MAX + GX_REGISTER_ATTRIBUTE_MAX + 2];
	snprintf(key, sizeof(key), "%s/%s", source, attribute);
	const json_t *m = json_object_get(marks, key);
	if (!json_is_true(json_object_get(m, "open")))
		return NULL;
	char since[11];
	gx_local_date(json_integer_value(json_object_get(m, "created_at_us")), since);
	return json_pack("{s:O, s:s}", "id", json_object_get(m, "id"), "since", since);
}

int gx_prefill_draft_values(struct gx_store_conn *db, struct gx_person_id person, const json_t *definition,
			    const struct gx_prefill *pf, json_t *data, json_t *provenance)
{
	json_t *values = NULL; /* {attr: {"value", "as_of"}}, read on the first field that names one */
	json_t *marks = NULL;  /* the person's correction requests per value, read on the first register value */
	int rc = 0;
	size_t i, j;
	json_t *step, *field;
	json_array_foreach(json_object_get(definition, "steps"), i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			const char *id = json_string_value(json_object_get(field, "id"));
			const json_t *prefill = json_object_get(field, "prefill");
			const char *source = json_string_value(json_object_get(prefill, "source"));
			const char *attribute = json_string_value(json_object_get(prefill, "attribute"));
			const char *self_attr = json_string_value(json_object_get(prefill, "self"));
			if (id == NULL || prefill == NULL)
				continue;
			struct gx_prefill_register_part reg;
			struct gx_prefill_self_part self;
			bool has_reg = source != NULL && attribute != NULL;
			if (has_reg)
				register_part(pf, source, attribute, &reg);
			if (self_attr != NULL) {
				if (values == NULL) {
					json_t *stored = gx_self_declared_load(db, person);
					if (stored == NULL)
						return -1;
					values = gx_self_declared_values(stored);
					json_decref(stored);
					if (values == NULL)
						return -1;
				}
				self_part(values, self_attr, &self);
			}
			json_t *value, *prov;
			if (gx_prefill_merge(field, has_reg ? &reg : NULL, self_attr != NULL ? &self : NULL, &value,
					     &prov) != 0) {
				rc = -1;
				goto done;
			}
			if (value == NULL)
				continue;
			/* A register's value under review says so. */
			const char *from = json_string_value(json_object_get(prov, "source"));
			if (has_reg && from != NULL && strcmp(from, "self") != 0) {
				if (marks == NULL && (marks = gx_corrections_marks(db, person)) == NULL) {
					json_decref(value);
					json_decref(prov);
					rc = -1;
					goto done;
				}
				json_t *review = under_review(marks, source, attribute);
				if (review != NULL)
					json_object_set_new(prov, "under_review", review);
			}
			/* each set_new takes its value, even when it fails */
			int set = json_object_set_new(data, id, value);
			if (json_object_set_new(provenance, id, prov) != 0 || set != 0) {
				rc = -1;
				goto done;
			}
		}
	}
done:
	json_decref(values);
	json_decref(marks);
	return rc;
}
