/* "My data" over the API (mydata.h): every register's values about the
 * person with their as-of dates and versions, read through core's prefill
 * orchestration (so every read is an access record), their declared data
 * apart, and the Yes/No per register. */

#include "portal/api/mydata.h"

#include "core/choices.h"
#include "core/corrections.h"
#include "core/prefill.h"
#include "core/self_declared.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/correction_parts.h"
#include "forms/register_view.h"

static void on_read(void *arg, struct gx_prefill *pf)
{
	struct gx_req *r = arg;
	if (pf == NULL) {
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	json_t *self = gx_self_declared_load(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id));
	if (self == NULL) {
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	json_t *marks = gx_corrections_marks(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id));
	if (marks == NULL) {
		json_decref(self);
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	json_t *registers = json_array();
	for (size_t i = 0; i < pf->n; i++) {
		json_t *view = gx_register_view(&pf->sources[i], gx_req_lang(r), pf->failed_closed);
		if (view != NULL)
			gx_correction_mark_values(view, pf->sources[i].reg->name, marks);
		json_array_append_new(registers, view);
	}
	json_decref(marks);
	json_t *body = json_pack("{s:o, s:b, s:o}", "registers", registers, "withheld", pf->failed_closed,
				 "self_declared", gx_self_declared_values(self));
	json_decref(self);
	/* Withheld: the access could not be recorded, so nothing is shown. */
	gx_api_reply_taken(r, pf->failed_closed ? 503 : 200, body);
}

enum gx_outcome gx_api_mydata_get(struct gx_req *r)
{
	gx_prefill_for_mydata(gx_app_ctx(r), on_read, r);
	return GX_DONE;
}

const struct gx_json_field gx_mydata_choice_spec[] = {
	{.name = "register", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 63},
	{.name = "allow", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = NULL},
};

struct choice {
	struct gx_req *r;
	const char *name;
	bool allowed;
};

static void on_choice_stored(void *arg, enum gx_db_status result)
{
	struct choice *ch = arg;
	if (result < 0)
		gx_reply_problem(ch->r, GX_ERR_UNAVAILABLE, NULL, "the choice could not be stored; try again");
	else
		gx_api_reply_taken(ch->r, 200, json_pack("{s:s, s:b}", "register", ch->name, "allow", ch->allowed));
}

enum gx_outcome gx_api_mydata_choice(struct gx_req *r)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	const struct gx_register *reg = gx_choice_register(c, json_string_value(json_object_get(r->json, "register")));
	if (reg == NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/register", "no register with a choice has this name");
	struct choice *ch = gx_req_alloc(r, sizeof(*ch));
	*ch = (struct choice){.r = r, .name = reg->name, .allowed = json_is_true(json_object_get(r->json, "allow"))};
	gx_app_choice_set(r, reg, ch->allowed, on_choice_stored, ch);
	return GX_DONE;
}
