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
#include "procedures/catalog.h"
#include "util/local_time.h"
#include "procedures/definition.h"
#include "procedures/prefill_merge.h"

/* --- asking ------------------------------------------------------------------------- */

#define RELATED_MAX 24        /* related subjects asked about in one prefill (children, a partner) */
#define RELATED_ATTRS_MAX 16  /* attributes asked of each */

/* What a definition reads of related subjects: the attributes of the
 * subjects that the attribute `list` of the person's record names. */
struct related_need {
	const struct gx_register *reg;
	const char *list;
	const char *attrs[RELATED_ATTRS_MAX];
	size_t nattrs;
};

/* Whose data one engine asks for, for whom, and whose No's count; what it
 * asks of related subjects in a second round. */
struct asking {
	const struct gx_core_ctx *c;
	const char *subject;       /* a national id, or a company's number */
	const char *subject_type;  /* NULL: each register's subject key; "rcs_number" for a company */
	const char *on_behalf_of;
	long long choices_of;      /* the person whose No's count; 0: none (a company) */
	bool mine;                 /* choices_of is the acting person, their choices at choices_version */
	long long choices_version;
	struct gx_prefill_want *wants;
	const struct gx_register **regs;
	bool *declined;
	size_t n;
	struct related_need needs[8];
	size_t nneeds;
	struct gx_prefill *first;
	const char *purpose, *legal_basis;
	gx_core_prefill_done_fn done;
	void *arg;
};

static void on_related(struct gx_prefill *pf, void *arg)
{
	struct asking *a = arg;
	a->first->related = pf; /* fail closed there too: its values are used only without failed_closed */
	a->done(a->arg, a->first);
}

/* The keys the person's answer pf holds in attribute list of reg: a key, or a list of keys. */
static size_t keys_of(const struct gx_prefill *pf, const struct gx_register *reg, const char *list, const char **out,
		      size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < pf->n; i++) {
		const struct gx_prefill_source *s = &pf->sources[i];
		if (s->reg != reg || s->status != GX_SOURCE_OK)
			continue;
		for (size_t j = 0; j < s->answer.nvalues; j++) {
			const struct gx_answer_value *v = &s->answer.values[j];
			if (strcmp(v->attribute, list) != 0)
				continue;
			if (json_is_string(v->value) && n < max)
				out[n++] = json_string_value(v->value);
			size_t k;
			json_t *x;
			json_array_foreach(v->value, k, x) if (json_is_string(x) && n < max) out[n++] = json_string_value(x);
		}
	}
	return n;
}

/* The first round answered: ask about the related subjects it names, each
 * for only the attributes the definition reads of them, at once. */
static void on_answered(struct gx_prefill *pf, void *arg)
{
	struct asking *a = arg;
	a->first = pf;
	if (pf == NULL || pf->failed_closed || a->nneeds == 0) {
		a->done(a->arg, pf);
		return;
	}
	struct gx_prefill_want *wants = gx_core_alloc(a->c, RELATED_MAX * sizeof(*wants));
	bool *declined = gx_core_alloc(a->c, RELATED_MAX * sizeof(*declined));
	size_t n = 0;
	for (size_t i = 0; i < a->nneeds && n < RELATED_MAX; i++) {
		const char *keys[RELATED_MAX];
		size_t nk = keys_of(pf, a->needs[i].reg, a->needs[i].list, keys, RELATED_MAX - n);
		for (size_t k = 0; k < nk; k++) {
			declined[n] = false;
			wants[n++] = (struct gx_prefill_want){a->needs[i].reg, a->needs[i].attrs, a->needs[i].nattrs, keys[k]};
		}
	}
	if (n == 0) {
		a->done(a->arg, pf);
		return;
	}
	struct gx_prefill_env env = {.httpc = a->c->httpc, .durable = a->c->durable, .pool = a->c->pool,
				     .request_id = a->c->request_id};
	struct gx_prefill_ask who = {.subject = a->subject, .subject_type = a->subject_type, .actor_kind = "platform",
				     .actor_id = "guichet", .on_behalf_of = a->on_behalf_of, .purpose = a->purpose,
				     .legal_basis = a->legal_basis};
	gx_prefill_start(&env, &who, wants, n, declined, a->c->domain->registers.deadline_ms, on_related, a);
}

/* Reads the subject's No's, then starts the engine. */
static void ask(const struct gx_core_ctx *c, struct asking *a, const char *purpose, const char *legal_basis)
{
	a->regs = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->regs));
	a->declined = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->declined));
	for (size_t i = 0; i < a->n; i++)
		a->regs[i] = a->wants[i].reg;
	/* The acting person's own No's as their session keeps them (while
	 * current); anyone else's (a space's owner) from the store. */
	enum gx_db_status st = GX_DB_NO_RESULTS;
	if (a->mine)
		st = gx_choices_declined_mine(c, a->choices_version, a->regs, a->n, a->declined);
	else if (a->choices_of > 0)
		st = gx_choices_declined_of(c, GX_ID(gx_person_id, a->choices_of), a->regs, a->n, a->declined);
	if (st < 0) {
		a->done(a->arg, NULL);
		return;
	}
	a->c = c;
	a->purpose = purpose;
	a->legal_basis = legal_basis;
	struct gx_prefill_env env = {.httpc = c->httpc, .durable = c->durable, .pool = c->pool,
				     .request_id = c->request_id};
	struct gx_prefill_ask who = {.subject = a->subject, .subject_type = a->subject_type, .actor_kind = "platform",
				     .actor_id = "guichet", .on_behalf_of = a->on_behalf_of, .purpose = purpose,
				     .legal_basis = legal_basis};
	gx_prefill_start(&env, &who, a->wants, a->n, a->declined, c->domain->registers.deadline_ms, on_answered, a);
}

/* The acting person's own: what My data and a representative's fields read. */
static int ask_me(const struct gx_core_ctx *c, struct asking *a)
{
	struct gx_person *me = gx_core_alloc(c, sizeof(*me));
	if (gx_store_person_get(c->db, c->person.v, me) != GX_DB_ONE_RESULT)
		return -1;
	a->subject = a->on_behalf_of = me->national_id;
	a->choices_of = c->person.v;
	a->mine = true;
	a->choices_version = me->choices_version; /* read with the row: says whether the session's No's are current */
	return 0;
}

/* The space's subject (c->access): the owner of a private space, whoever
 * acts in it (the person themselves, a mandatary, a parent), or the
 * company of a professional space, asked by its number. */
static int ask_subject(const struct gx_core_ctx *c, struct asking *a)
{
	const struct gx_access *x = c->access;
	if (x == NULL || x->via == GX_VIA_OWNER)
		return ask_me(c, a);
	if (strcmp(x->space.kind, "professional") == 0) {
		a->subject = a->on_behalf_of = x->space.company_number;
		a->subject_type = "rcs_number";
		a->choices_of = 0;
		return 0;
	}
	a->subject = a->on_behalf_of = x->space.owner_national_id;
	a->choices_of = x->space.owner_person_id;
	return 0;
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

/* Adds attribute to w unless it is there. */
static void want_attribute(struct gx_prefill_want *w, const char *attribute)
{
	for (size_t k = 0; k < w->nattributes; k++)
		if (strcmp(w->attributes[k], attribute) == 0)
			return;
	((const char **)w->attributes)[w->nattributes++] = attribute;
}

/* The need for reg's related subjects named by list, added when new. */
static struct related_need *need_of(struct asking *a, const struct gx_register *reg, const char *list)
{
	for (size_t i = 0; i < a->nneeds; i++)
		if (a->needs[i].reg == reg && strcmp(a->needs[i].list, list) == 0)
			return &a->needs[i];
	if (a->nneeds == sizeof(a->needs) / sizeof(a->needs[0]))
		return NULL;
	a->needs[a->nneeds] = (struct related_need){.reg = reg, .list = list};
	return &a->needs[a->nneeds++];
}

static void need_attribute(struct related_need *n, const char *attribute)
{
	for (size_t k = 0; n != NULL && k < n->nattrs; k++)
		if (strcmp(n->attrs[k], attribute) == 0)
			return;
	if (n != NULL && n->nattrs < RELATED_ATTRS_MAX)
		n->attrs[n->nattrs++] = attribute;
}

/* What a group's fields read of the subjects its list names
 * ("children[].given_name"), when the register says the list names some. */
static void collect_related_items(const struct gx_core_ctx *c, struct asking *a, const struct gx_register *reg,
				  const json_t *group, const char *list)
{
	const struct gx_register_description *d = gx_procedure_catalog_register(c->domain->procedures, reg->name);
	if (gx_register_links(d, list) == NULL)
		return;
	size_t n = strlen(list), i;
	json_t *f;
	json_array_foreach(json_object_get(group, "fields"), i, f) {
		const char *attr = json_string_value(json_object_get(json_object_get(f, "prefill"), "attribute"));
		if (attr != NULL && strncmp(attr, list, n) == 0 && strncmp(attr + n, "[].", 3) == 0)
			need_attribute(need_of(a, reg, list), attr + n + 3);
	}
}

/* Whether a field's prefill reads the acting person's own record ("of": "representative"). */
static bool of_representative(const json_t *prefill)
{
	const char *of = json_string_value(json_object_get(prefill, "of"));
	return of != NULL && strcmp(of, "representative") == 0;
}

/* Every step field (outside groups) that names an attribute of a configured
 * register: each register once, each attribute once; a representative's
 * into rep, the others into a. A company is asked only of the registers
 * that hold companies (their company_key). A field reading a related
 * subject's attribute ("of": "partner") asks the record for the link, and
 * the subject for the attribute in the second round; so does a group's
 * field reading its list's subjects. */
static void collect_wants(const struct gx_core_ctx *c, struct asking *a, struct asking *rep, const json_t *steps)
{
	size_t i, j, nfields = 0;
	json_t *step, *field;
	json_array_foreach(steps, i, step) nfields += json_array_size(json_object_get(step, "fields"));
	size_t nregs = c->domain->registers.count;
	a->wants = gx_core_alloc(c, (nregs > 0 ? nregs : 1) * sizeof(*a->wants));
	rep->wants = gx_core_alloc(c, (nregs > 0 ? nregs : 1) * sizeof(*rep->wants));
	json_array_foreach(steps, i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			json_t *prefill = json_object_get(field, "prefill");
			const char *source = json_string_value(json_object_get(prefill, "source"));
			const char *attribute = json_string_value(json_object_get(prefill, "attribute"));
			const struct gx_register *reg =
				source != NULL ? gx_registers_find(&c->domain->registers, source) : NULL;
			if (reg == NULL || attribute == NULL)
				continue;
			struct asking *to = of_representative(prefill) ? rep : a;
			if (to == a && a->subject_type != NULL && reg->company_key == NULL)
				continue; /* a register of persons holds no company */
			struct gx_prefill_want *w = want_of(c, to, reg, nfields);
			/* "of" names a related subject's link ("partner"), but for the representative's own */
			const char *of = to == a ? json_string_value(json_object_get(prefill, "of")) : NULL;
			if (of != NULL) {
				want_attribute(w, of);
				need_attribute(need_of(a, reg, of), attribute);
				continue;
			}
			want_attribute(w, attribute);
			if (json_object_get(field, "fields") != NULL)
				collect_related_items(c, to, reg, field, attribute);
		}
	}
}

/* A procedure's two askings: the space's subject first, then (when a field
 * asks for it) the representative's own record. */
struct procedure_asking {
	const struct gx_core_ctx *c;
	const struct gx_procedure *p;
	struct asking space, rep;
	struct gx_prefill_pair pair;
	gx_core_prefill_pair_fn done;
	void *arg;
};

static void on_representative(void *arg, struct gx_prefill *pf)
{
	struct procedure_asking *pa = arg;
	if (pf == NULL) {
		pa->done(pa->arg, NULL);
		return;
	}
	pa->pair.representative = pf;
	pa->done(pa->arg, &pa->pair);
}

static void on_space(void *arg, struct gx_prefill *pf)
{
	struct procedure_asking *pa = arg;
	if (pf == NULL) {
		pa->done(pa->arg, NULL);
		return;
	}
	pa->pair.space = pf;
	if (pa->rep.n == 0 || pf->failed_closed) {
		pa->done(pa->arg, &pa->pair);
		return;
	}
	if (ask_me(pa->c, &pa->rep) != 0) {
		pa->done(pa->arg, NULL);
		return;
	}
	ask(pa->c, &pa->rep, gx_procedure_id(pa->p), "the procedure's legal basis: the representative's details");
}

void gx_prefill_for_procedure(const struct gx_core_ctx *c, const struct gx_procedure *p, gx_core_prefill_pair_fn done,
			      void *arg)
{
	struct procedure_asking *pa = gx_core_alloc(c, sizeof(*pa));
	*pa = (struct procedure_asking){.c = c, .p = p, .done = done, .arg = arg};
	if (ask_subject(c, &pa->space) != 0) {
		done(arg, NULL);
		return;
	}
	pa->space.done = on_space;
	pa->space.arg = pa;
	pa->rep.done = on_representative;
	pa->rep.arg = pa;
	collect_wants(c, &pa->space, &pa->rep, json_object_get(gx_procedure_json(p), "steps"));
	ask(c, &pa->space, gx_procedure_id(p), "the procedure's legal basis");
}

void gx_prefill_for_mydata(const struct gx_core_ctx *c, gx_core_prefill_done_fn done, void *arg)
{
	struct asking *a = gx_core_alloc(c, sizeof(*a));
	a->done = done;
	a->arg = arg;
	if (ask_me(c, a) != 0) {
		done(arg, NULL);
		return;
	}
	const struct gx_registers *regs = &c->domain->registers;
	a->n = regs->count;
	a->wants = gx_core_alloc(c, (a->n > 0 ? a->n : 1) * sizeof(*a->wants));
	for (size_t i = 0; i < a->n; i++) {
		const struct gx_register *reg = &regs->items[i];
		a->wants[i] = (struct gx_prefill_want){reg, (const char *const *)reg->my_data, reg->nmy_data, NULL};
	}
	ask(c, a, "my-data", "GDPR Art. 15: the person's access to their own data");
}

void gx_prefill_for_attribute(const struct gx_core_ctx *c, const struct gx_register *reg, const char *attribute,
			      gx_core_prefill_done_fn done, void *arg)
{
	struct asking *a = gx_core_alloc(c, sizeof(*a));
	a->done = done;
	a->arg = arg;
	if (ask_me(c, a) != 0) {
		done(arg, NULL);
		return;
	}
	a->n = 1;
	a->wants = gx_core_alloc(c, sizeof(*a->wants));
	const char **names = gx_core_alloc(c, sizeof(*names));
	names[0] = attribute;
	a->wants[0] = (struct gx_prefill_want){reg, names, 1, NULL};
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

/* The related round's value of attribute for the subject key (prefill_items.h). */
static const json_t *related_value(void *ctx, const char *key, const char *attribute, const char **as_of,
				   long long *version)
{
	const struct gx_prefill *rel = ctx;
	for (size_t i = 0; rel != NULL && !rel->failed_closed && i < rel->n; i++) {
		const struct gx_prefill_source *s = &rel->sources[i];
		if (s->status != GX_SOURCE_OK || s->want->subject == NULL || strcmp(s->want->subject, key) != 0)
			continue;
		for (size_t j = 0; j < s->answer.nvalues; j++) {
			const struct gx_answer_value *v = &s->answer.values[j];
			if (strcmp(v->attribute, attribute) == 0 && v->value != NULL && !json_is_null(v->value)) {
				*as_of = v->as_of;
				*version = v->version;
				return v->value;
			}
		}
	}
	return NULL;
}

/* A field reading the attribute of the related subject that the person's
 * `of` names (a partner): its register part. */
static void related_part(const struct gx_prefill *pf, const char *source, const char *attribute, const char *of,
			 struct gx_prefill_register_part *out)
{
	struct gx_prefill_register_part link;
	register_part(pf, source, of, &link);
	*out = (struct gx_prefill_register_part){.source = source, .attribute = attribute, .outcome = link.outcome,
						 .of = of};
	const char *key = json_is_string(link.value) ? json_string_value(link.value)
			  : json_array_size(link.value) == 1 ? json_string_value(json_array_get(link.value, 0))
							       : NULL;
	if (link.value == NULL || key == NULL) {
		if (link.value != NULL)
			out->outcome = "no_value";
		return;
	}
	out->value = related_value(pf->related, key, attribute, &out->as_of, &out->version);
	out->outcome = out->value != NULL ? "ok" : pf->related == NULL || pf->related->failed_closed ? "unavailable"
												   : "no_value";
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
			    const struct gx_prefill *pf, const struct gx_prefill *rep, json_t *data, json_t *provenance)
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
			const char *of = json_string_value(json_object_get(prefill, "of"));
			struct gx_prefill_related rel = {related_value, pf->related, source};
			if (has_reg && of_representative(prefill)) {
				if (rep != NULL)
					register_part(rep, source, attribute, &reg);
				else
					reg = (struct gx_prefill_register_part){.source = source, .attribute = attribute,
										.outcome = "unavailable"};
			} else if (has_reg && of != NULL) {
				related_part(pf, source, attribute, of, &reg);
			} else if (has_reg) {
				register_part(pf, source, attribute, &reg);
				if (json_object_get(field, "fields") != NULL && pf->related != NULL && !pf->related->failed_closed)
					reg.related = &rel;
			}
			/* A company declares nothing of its own: only a person's data is. */
			if (self_attr != NULL && person.v <= 0) {
				self = (struct gx_prefill_self_part){.attribute = self_attr};
			} else if (self_attr != NULL) {
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
