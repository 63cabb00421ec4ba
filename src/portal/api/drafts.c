/* Drafts of procedures over the API:
 *
 *   POST   /api/v1/spaces/{space}/drafts                   open a procedure: a draft prefilled from the
 *                                                           registers (each value with its provenance)
 *   GET    /api/v1/spaces/{space}/drafts/{draft}            resume it
 *   PUT    /api/v1/spaces/{space}/drafts/{draft}            save a step
 *   DELETE /api/v1/spaces/{space}/drafts/{draft}
 *
 * Thin over core/drafts.h. The authorization layer has decided on the
 * space; a draft of another space answers 404 here as if it did not exist. */

#include "portal/api/drafts.h"

#include <stdlib.h>

#include "core/drafts.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/path.h"
#include "procedures/definition.h"


/* --- opening ---------------------------------------------------------------------------- */

static void on_opened(void *arg, const struct gx_draft_opened *o)
{
	struct gx_req *r = arg;
	if (o->status == GX_CORE_FORBIDDEN) {
		gx_reply_problem(r, GX_ERR_FORBIDDEN, "/procedure", "you may not act for this procedure in this space");
		return;
	}
	if (o->status == GX_CORE_CONFLICT) {
		gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/procedure", "this procedure is not for this kind of space");
		return;
	}
	if (o->status != GX_CORE_OK) {
		gx_api_core_failure(r, o->status, "the draft could not be stored; try again");
		return;
	}
	gx_api_reply_taken(r, 201,
		    json_pack("{s:I, s:s, s:i, s:O, s:O, s:O}", "id", (json_int_t)o->id.v, "procedure",
			      gx_procedure_id(o->procedure), "version", gx_procedure_version(o->procedure), "data",
			      o->data, "provenance", o->provenance, "sources", o->sources));
}

const struct gx_json_field gx_draft_open_spec[] = {
	{.name = "procedure", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = NULL},
};

enum gx_outcome gx_api_draft_open(struct gx_req *r)
{
	const struct gx_procedure *p = gx_app_procedure(json_string_value(json_object_get(r->json, "procedure")));
	if (p == NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/procedure", "no procedure has this id");
	gx_draft_open(gx_app_ctx(r), gx_path_space(r), p, on_opened, r);
	return GX_DONE;
}

/* --- resume, save, delete --------------------------------------------------------------- */

enum gx_outcome gx_api_draft_get(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status s = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &d);
	if (s < 0)
		return GX_SERVER_FAULT;
	if (s == GX_DB_NO_RESULTS)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	json_error_t err;
	json_t *body = json_pack("{s:I, s:s, s:i, s:i, s:o, s:o}", "id", (json_int_t)d.id, "procedure",
				 d.procedure_id, "version", d.procedure_version, "step", d.step, "data",
				 json_loads(d.data_json, 0, &err), "provenance", json_loads(d.provenance_json, 0, &err));
	gx_draft_clear(&d);
	gx_api_reply_taken(r, 200, body);
	return GX_DONE;
}

struct saved {
	struct gx_req *r;
	long long id;
	int step;
};

static void on_saved(void *arg, enum gx_core_status status)
{
	struct saved *s = arg;
	if (status != GX_CORE_OK)
		gx_api_core_failure(s->r, status, "the draft could not be saved; try again");
	else
		gx_api_reply_taken(s->r, 200, json_pack("{s:I, s:i}", "id", (json_int_t)s->id, "step", s->step));
}

static void on_deleted(void *arg, enum gx_core_status status)
{
	struct gx_req *r = arg;
	if (status != GX_CORE_OK)
		gx_api_core_failure(r, status, "the draft could not be deleted; try again");
	else
		gx_reply_bytes(r, 204, "application/json", "", 0);
}

const struct gx_json_field gx_draft_save_spec[] = {
	{.name = "data", .kind = GX_JSON_FREE_OBJECT, .required = true},
	{.name = "step", .kind = GX_JSON_INTEGER, .required = true, .min = 0, .max = 20},
	{.name = NULL},
};

/* 0 when the path's draft is in the path's space, for a procedure the
 * person may act for there (d loaded: clear it); else answered (or a fault). */
static int draft_exists(struct gx_req *r, struct gx_draft *d, enum gx_outcome *out)
{
	enum gx_db_status st = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), d);
	if (st == GX_DB_ONE_RESULT)
		return 0;
	*out = st < 0 ? GX_SERVER_FAULT : gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	return -1;
}

enum gx_outcome gx_api_draft_save(struct gx_req *r)
{
	enum gx_outcome out;
	struct gx_draft d;
	if (draft_exists(r, &d, &out) != 0)
		return out;
	struct saved *s = gx_req_alloc(r, sizeof(*s));
	*s = (struct saved){.r = r, .id = gx_path_draft(r).v,
			    .step = (int)json_integer_value(json_object_get(r->json, "step"))};
	char *data_json = json_dumps(json_object_get(r->json, "data"), JSON_COMPACT);
	if (data_json == NULL) {
		gx_draft_clear(&d);
		return GX_SERVER_FAULT;
	}
	gx_draft_save(gx_app_ctx(r), &d, data_json, s->step, on_saved, s);
	gx_draft_clear(&d);
	free(data_json);
	return GX_DONE;
}

enum gx_outcome gx_api_draft_delete(struct gx_req *r)
{
	enum gx_outcome out;
	struct gx_draft d;
	if (draft_exists(r, &d, &out) != 0)
		return out;
	gx_draft_delete(gx_app_ctx(r), &d, on_deleted, r);
	gx_draft_clear(&d);
	return GX_DONE;
}
