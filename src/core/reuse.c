/* Back-office once-only (reuse.h): check the consent, ask the registers as
 * the organisation (the engine commits the access records first), then
 * record the use in the person's timeline, then answer. */

#include "core/reuse.h"

#include <stdlib.h>
#include <string.h>

#include "store/spaces.h"

struct fetch {
	const struct gx_core_ctx *c;
	struct gx_org_actor who;
	struct gx_case kase;
	struct gx_reuse_consent consent;
	json_t *registers;            /* the consent's [{source, attributes}] */
	json_t *used;                 /* what is asked, as the timeline records it */
	struct gx_prefill_want *wants;
	bool *declined;
	size_t nwants;
	struct gx_reuse_result r;
	gx_reuse_done_fn done;
	void *arg;
};

/* The one completion. */
static void fetched(struct fetch *f, enum gx_core_status status, const char *why, struct gx_prefill *pf)
{
	f->r = (struct gx_reuse_result){.status = status, .why = why, .pf = status == GX_CORE_OK ? pf : NULL};
	f->done(f->arg, &f->r);
	gx_reuse_consent_clear(&f->consent);
	json_decref(f->registers);
	json_decref(f->used);
}

/* The consent's attributes of source, or NULL when it names none. */
static const json_t *consented(const json_t *registers, const char *source)
{
	size_t i;
	json_t *r;
	json_array_foreach(registers, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "source")), source) == 0)
			return json_object_get(r, "attributes");
	}
	return NULL;
}

static bool has_string(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (strcmp(json_string_value(v), s) == 0) return true;
	return false;
}

/* One want per register asked, each checked against the consent and the
 * configured registers; NULL on success, else why not. */
static const char *plan(struct fetch *f, const struct gx_reuse_ask *asks, size_t n)
{
	const struct gx_core_ctx *c = f->c;
	size_t count = n > 0 ? n : json_array_size(f->registers);
	f->wants = gx_core_alloc(c, (count > 0 ? count : 1) * sizeof(*f->wants));
	f->declined = gx_core_alloc(c, (count > 0 ? count : 1) * sizeof(*f->declined));
	f->used = json_array();
	for (size_t i = 0; i < count; i++) {
		const json_t *entry = n > 0 ? NULL : json_array_get(f->registers, i);
		const char *source = n > 0 ? asks[i].source : json_string_value(json_object_get(entry, "source"));
		const json_t *allowed = source != NULL ? consented(f->registers, source) : NULL;
		if (allowed == NULL)
			return "a register the person did not consent to";
		const struct gx_register *reg = gx_registers_find(&c->domain->registers, source);
		if (reg == NULL)
			return "a register this platform does not reach";
		size_t na = n > 0 ? asks[i].nattributes : json_array_size(allowed);
		if (na == 0)
			return "name at least one attribute";
		const char **attrs = gx_core_alloc(c, na * sizeof(*attrs));
		json_t *names = json_array();
		for (size_t a = 0; a < na; a++) {
			attrs[a] = n > 0 ? asks[i].attributes[a] : json_string_value(json_array_get(allowed, a));
			if (attrs[a] == NULL || !has_string(allowed, attrs[a])) {
				json_decref(names);
				return "an attribute the person did not consent to";
			}
			json_array_append_new(names, json_string(attrs[a]));
		}
		json_array_append_new(f->used, json_pack("{s:s, s:o}", "source", source, "attributes", names));
		f->wants[f->nwants++] = (struct gx_prefill_want){reg, attrs, na, NULL};
	}
	return NULL;
}

struct use {
	struct fetch *f;
	struct gx_prefill *pf;
};

/* The use of the consent, in the person's timeline. */
static enum gx_db_status write_use(struct gx_store_conn *w, void *arg)
{
	struct fetch *f = ((struct use *)arg)->f;
	char *actor = gx_org_actor_json(&f->who);
	json_t *d = json_pack("{s:O}", "registers", f->used);
	char *detail = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	enum gx_db_status st = GX_DB_HARD_ERROR;
	if (actor != NULL && detail != NULL) {
		struct gx_event e = {.submission_id = f->kase.submission_id, .at_us = f->c->now_us, .kind = "consent_used",
				     .status = f->kase.status, .actor_json = actor, .detail_json = detail};
		st = gx_store_event_append(w, &e, NULL);
	}
	free(actor);
	free(detail);
	return st;
}

static void on_use_recorded(void *arg, enum gx_db_status result)
{
	struct use *u = arg;
	/* Without the use in the person's timeline, no value leaves either. */
	fetched(u->f, result < 0 ? GX_CORE_WITHHELD : GX_CORE_OK, NULL, u->pf);
}

static void on_answered(struct gx_prefill *pf, void *arg)
{
	struct fetch *f = arg;
	if (pf->failed_closed) {
		fetched(f, GX_CORE_WITHHELD, NULL, NULL);
		return;
	}
	struct use *u = gx_core_alloc(f->c, sizeof(*u));
	*u = (struct use){f, pf};
	gx_durable_submit(f->c->durable, write_use, u, on_use_recorded);
}

void gx_reuse_fetch(const struct gx_core_ctx *c, const struct gx_org_actor *who, long long submission_id,
		    const struct gx_reuse_ask *asks, size_t n, gx_reuse_done_fn done, void *arg)
{
	struct fetch *f = gx_core_alloc(c, sizeof(*f));
	*f = (struct fetch){.c = c, .who = *who, .done = done, .arg = arg};
	enum gx_db_status st = gx_case_read(c->db, who->org, submission_id, &f->kase);
	if (st <= 0) {
		fetched(f, st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND, NULL, NULL);
		return;
	}
	st = gx_store_consent_get(c->db, submission_id, &f->consent);
	if (st < 0) {
		fetched(f, GX_CORE_UNAVAILABLE, NULL, NULL);
		return;
	}
	if (st == GX_DB_NO_RESULTS || !f->consent.granted || f->consent.revoked_at_us > 0 ||
	    c->now_us >= f->consent.expires_at_us) {
		fetched(f, GX_CORE_FORBIDDEN, "the person has not consented to this, or no longer does", NULL);
		return;
	}
	json_error_t err;
	f->registers = json_loads(f->consent.registers_json, 0, &err);
	const char *why = f->registers != NULL ? plan(f, asks, n) : "the consent cannot be read";
	if (why != NULL) {
		fetched(f, f->registers != NULL ? GX_CORE_INVALID : GX_CORE_FAULT, why, NULL);
		return;
	}
	struct gx_submission s;
	if (gx_store_submission_get(c->db, submission_id, &s) != GX_DB_ONE_RESULT) {
		fetched(f, GX_CORE_FAULT, NULL, NULL);
		return;
	}
	/* Whose data: a private space's owner, or a company's by its number. */
	struct gx_space_row *space = gx_core_alloc(c, sizeof(*space));
	size_t nrel = 0;
	st = gx_store_space_access(c->db, GX_ID(gx_space_id, s.space_id), GX_ID(gx_person_id, 0), c->now_us, space, NULL,
				   0, &nrel);
	gx_submission_clear(&s);
	if (st != GX_DB_ONE_RESULT) {
		fetched(f, GX_CORE_FAULT, NULL, NULL);
		return;
	}
	bool company = strcmp(space->kind, "professional") == 0;
	const char *subject = company ? space->company_number : space->owner_national_id;
	json_t *purpose = json_loads(f->consent.purpose_json, 0, &err);
	json_t *basis = json_loads(f->consent.legal_basis_json, 0, &err);
	const char *p = json_string_value(json_object_get(purpose, "en"));
	const char *b = json_string_value(json_object_get(basis, "en"));
	struct gx_prefill_env env = {.httpc = c->httpc, .durable = c->durable, .pool = c->pool,
				     .request_id = c->request_id};
	struct gx_prefill_ask ask = {.subject = subject, .subject_type = company ? "rcs_number" : NULL,
				     .actor_kind = "organisation", .actor_id = who->org, .actor_role = who->role,
				     .on_behalf_of = subject,
				     .purpose = gx_core_strndup(c, p != NULL ? p : f->kase.procedure_id,
								strlen(p != NULL ? p : f->kase.procedure_id)),
				     .legal_basis = b != NULL ? gx_core_strndup(c, b, strlen(b)) : NULL};
	json_decref(purpose);
	json_decref(basis);
	gx_prefill_start(&env, &ask, f->wants, f->nwants, f->declined, c->domain->registers.deadline_ms, on_answered, f);
}
