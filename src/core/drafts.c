/* Drafts (drafts.h): opened prefilled, saved, deleted. */

#include "core/drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/acts.h"
#include "core/prefill.h"
#include "log/oplog.h"
#include "procedures/definition.h"

enum gx_db_status gx_draft_load(const struct gx_core_ctx *c, struct gx_space_id space, struct gx_draft_id id,
				struct gx_draft *out)
{
	memset(out, 0, sizeof(*out));
	if (id.v <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_draft_get(c->db, id.v, out);
	/* Another space's, or a procedure the acting person may not act for here: as if it did not exist. */
	if (st == GX_DB_ONE_RESULT && (out->space_id != space.v || !gx_core_allows(c, out->procedure_id))) {
		gx_draft_clear(out);
		return GX_DB_NO_RESULTS;
	}
	return st;
}

/* --- opening ---------------------------------------------------------------------------- */

struct opening {
	const struct gx_core_ctx *c;
	struct gx_draft_opened o;
	struct gx_draft draft;
	json_t *data, *provenance, *sources;
	char *data_json, *provenance_json;
	const char *read;     /* {"registers": [...]} the prefill read, for the act on behalf; NULL: none */
	long long id;
	gx_draft_opened_fn done;
	void *arg;
};

/* The one completion: answers, then frees what the opening held. */
static void opened(struct opening *op, enum gx_core_status status)
{
	op->o.status = status;
	op->o.id = GX_ID(gx_draft_id, status == GX_CORE_OK ? op->id : 0);
	op->o.data = op->data;
	op->o.provenance = op->provenance;
	op->o.sources = op->sources;
	op->done(op->arg, &op->o);
	free(op->data_json);
	free(op->provenance_json);
	json_decref(op->data);
	json_decref(op->provenance);
	json_decref(op->sources);
}

static enum gx_db_status write_draft(struct gx_store_conn *w, void *arg)
{
	struct opening *op = arg;
	enum gx_db_status st = gx_store_draft_create(w, &op->draft, &op->id);
	if (st < 0)
		return st;
	/* Who on behalf of whom: the draft, and the registers read for it. */
	if ((st = gx_act_record(w, op->c, "draft.opened", op->draft.procedure_id, op->id, NULL)) < 0)
		return st;
	return op->read != NULL ? gx_act_record(w, op->c, "data.read", op->draft.procedure_id, op->id, op->read)
				: GX_DB_ONE_RESULT;
}

static void on_draft_created(void *arg, enum gx_db_status result)
{
	struct opening *op = arg;
	opened(op, result < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_OK);
}

/* {"registers": [names]} of the registers that answered (the data read). */
static const char *registers_read(const struct gx_core_ctx *c, const struct gx_prefill_pair *pair)
{
	json_t *names = json_array();
	const struct gx_prefill *both[] = {pair->space, pair->representative};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; both[k] != NULL && i < both[k]->n; i++)
			if (both[k]->sources[i].status == GX_SOURCE_OK)
				json_array_append_new(names, json_string(both[k]->sources[i].reg->name));
	if (json_array_size(names) == 0) {
		json_decref(names);
		return NULL;
	}
	json_t *d = json_pack("{s:o}", "registers", names);
	char *text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	const char *out = text != NULL ? gx_core_strndup(c, text, strlen(text)) : NULL;
	free(text);
	return out;
}

static void on_prefilled(void *arg, const struct gx_prefill_pair *pair)
{
	struct opening *op = arg;
	const struct gx_core_ctx *c = op->c;
	if (pair == NULL) {
		opened(op, GX_CORE_FAULT);
		return;
	}
	if (pair->space->failed_closed || (pair->representative != NULL && pair->representative->failed_closed)) {
		opened(op, GX_CORE_WITHHELD);
		return;
	}
	op->data = json_object();
	op->provenance = json_object();
	op->sources = json_array();
	const struct gx_prefill *both[] = {pair->space, pair->representative};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; both[k] != NULL && i < both[k]->n; i++)
			json_array_append_new(op->sources,
					      json_pack("{s:s, s:s, s:s*}", "register", both[k]->sources[i].reg->name,
							"status", gx_source_status_name(both[k]->sources[i].status), "of",
							k == 0 ? NULL : "representative"));
	/* The registers' values and what the space's person declared themselves
	 * (a company declares nothing): authentic values win unless "prefer": "self". */
	const struct gx_access *a = c->access;
	struct gx_person_id declared = a == NULL || a->via == GX_VIA_OWNER ? c->person
				       : strcmp(a->space.kind, "private") == 0
					       ? GX_ID(gx_person_id, a->space.owner_person_id)
					       : GX_ID(gx_person_id, 0);
	if (gx_prefill_draft_values(c->db, declared, gx_procedure_json(op->o.procedure), pair->space,
				    pair->representative, op->data, op->provenance) != 0) {
		opened(op, GX_CORE_FAULT);
		return;
	}
	op->read = registers_read(c, pair);
	op->data_json = json_dumps(op->data, JSON_COMPACT);
	op->provenance_json = json_dumps(op->provenance, JSON_COMPACT);
	if (op->data_json == NULL || op->provenance_json == NULL) {
		opened(op, GX_CORE_FAULT);
		return;
	}
	op->draft.procedure_version = gx_procedure_version(op->o.procedure);
	op->draft.data_json = op->data_json;
	op->draft.provenance_json = op->provenance_json;
	op->draft.created_at_us = c->now_us;
	op->draft.started_by = c->person.v;
	snprintf(op->draft.procedure_id, sizeof(op->draft.procedure_id), "%s", gx_procedure_id(op->o.procedure));
	gx_durable_submit(c->durable, write_draft, op, on_draft_created);
}

void gx_draft_open(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_procedure *p,
		   gx_draft_opened_fn done, void *arg)
{
	struct opening *op = gx_core_alloc(c, sizeof(*op));
	op->c = c;
	op->o.procedure = p;
	op->draft.space_id = space.v;
	op->done = done;
	op->arg = arg;
	/* The one decision: may the acting person act for p in this space, and is p for this kind of space? */
	if (c->access == NULL || c->access->space.id != space.v || !gx_core_allows(c, gx_procedure_id(p))) {
		opened(op, GX_CORE_FORBIDDEN);
		return;
	}
	if (!gx_procedure_for_space(p, c->access->space.kind)) {
		opened(op, GX_CORE_CONFLICT);
		return;
	}
	gx_prefill_for_procedure(c, p, on_prefilled, op);
}

/* --- saving and deleting -------------------------------------------------------------- */

struct saving {
	const struct gx_core_ctx *c;
	long long id;
	const char *procedure_id;
	const char *data_json;  /* NULL: delete */
	int step;
	long long at_us;
	gx_draft_saved_fn done;
	void *arg;
};

static enum gx_db_status write_saving(struct gx_store_conn *w, void *arg)
{
	struct saving *s = arg;
	enum gx_db_status st;
	if (s->data_json != NULL) {
		st = gx_store_draft_save(w, s->id, s->data_json, s->step, s->at_us);
	} else {
		/* The draft's files go with it (a submitted draft's became the submission's). */
		st = gx_store_draft_attachments_delete(w, s->id);
		st = st < 0 ? st : gx_store_draft_delete(w, s->id);
	}
	if (st <= 0)
		return st;
	st = gx_act_record(w, s->c, s->data_json != NULL ? "draft.saved" : "draft.deleted", s->procedure_id, s->id,
			   NULL);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

static void on_saved(void *arg, enum gx_db_status result)
{
	struct saving *s = arg;
	s->done(s->arg, result == GX_DB_NO_RESULTS ? GX_CORE_NOT_FOUND : gx_core_status_of(result));
}

void gx_draft_save(const struct gx_core_ctx *c, const struct gx_draft *d, const char *data_json, int step,
		   gx_draft_saved_fn done, void *arg)
{
	struct saving *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct saving){.c = c, .id = d->id, .procedure_id = gx_core_strndup(c, d->procedure_id, strlen(d->procedure_id)),
			     .data_json = gx_core_strndup(c, data_json, strlen(data_json)), .step = step,
			     .at_us = c->now_us, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_saving, s, on_saved);
}

void gx_draft_delete(const struct gx_core_ctx *c, const struct gx_draft *d, gx_draft_saved_fn done, void *arg)
{
	struct saving *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct saving){.c = c, .id = d->id,
			     .procedure_id = gx_core_strndup(c, d->procedure_id, strlen(d->procedure_id)),
			     .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_saving, s, on_saved);
}
