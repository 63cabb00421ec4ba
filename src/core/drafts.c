/* Drafts (drafts.h): opened prefilled, saved, deleted. */

#include "core/drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prefill.h"
#include "log/oplog.h"
#include "procedures/definition.h"

enum gx_db_status gx_draft_load(struct gx_store_conn *db, struct gx_space_id space, struct gx_draft_id id,
				struct gx_draft *out)
{
	memset(out, 0, sizeof(*out));
	if (id.v <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_draft_get(db, id.v, out);
	if (st == GX_DB_ONE_RESULT && out->space_id != space.v) {
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
	return gx_store_draft_create(w, &op->draft, &op->id);
}

static void on_draft_created(void *arg, enum gx_db_status result)
{
	struct opening *op = arg;
	opened(op, result < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_OK);
}

static void on_prefilled(void *arg, struct gx_prefill *pf)
{
	struct opening *op = arg;
	const struct gx_core_ctx *c = op->c;
	if (pf == NULL) {
		opened(op, GX_CORE_FAULT);
		return;
	}
	if (pf->failed_closed) {
		opened(op, GX_CORE_WITHHELD);
		return;
	}
	op->data = json_object();
	op->provenance = json_object();
	op->sources = json_array();
	for (size_t i = 0; i < pf->n; i++)
		json_array_append_new(op->sources, json_pack("{s:s, s:s}", "register", pf->sources[i].reg->name,
							     "status", gx_source_status_name(pf->sources[i].status)));
	/* The registers' values and what the person declared themselves:
	 * authentic values win unless "prefer": "self". */
	if (gx_prefill_draft_values(c->db, c->person, gx_procedure_json(op->o.procedure), pf, op->data,
				    op->provenance) != 0) {
		opened(op, GX_CORE_FAULT);
		return;
	}
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
	gx_prefill_for_procedure(c, p, on_prefilled, op);
}

/* --- saving and deleting -------------------------------------------------------------- */

struct saving {
	long long id;
	const char *data_json;  /* NULL: delete */
	int step;
	long long at_us;
	gx_draft_saved_fn done;
	void *arg;
};

static enum gx_db_status write_saving(struct gx_store_conn *w, void *arg)
{
	struct saving *s = arg;
	if (s->data_json != NULL)
		return gx_store_draft_save(w, s->id, s->data_json, s->step, s->at_us);
	/* The draft's files go with it (a submitted draft's became the submission's). */
	enum gx_db_status st = gx_store_draft_attachments_delete(w, s->id);
	return st < 0 ? st : gx_store_draft_delete(w, s->id);
}

static void on_saved(void *arg, enum gx_db_status result)
{
	struct saving *s = arg;
	s->done(s->arg, result == GX_DB_NO_RESULTS ? GX_CORE_NOT_FOUND : gx_core_status_of(result));
}

void gx_draft_save(const struct gx_core_ctx *c, struct gx_draft_id id, const char *data_json, int step,
		   gx_draft_saved_fn done, void *arg)
{
	struct saving *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct saving){.id = id.v, .data_json = gx_core_strndup(c, data_json, strlen(data_json)), .step = step,
			     .at_us = c->now_us, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_saving, s, on_saved);
}

void gx_draft_delete(const struct gx_core_ctx *c, struct gx_draft_id id, gx_draft_saved_fn done, void *arg)
{
	struct saving *s = gx_core_alloc(c, sizeof(*s));
	*s = (struct saving){.id = id.v, .done = done, .arg = arg};
	gx_durable_submit(c->durable, write_saving, s, on_saved);
}
