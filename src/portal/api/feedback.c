#include "portal/api/feedback.h"


#include "http/durable.h"
#include "http/request.h"
#include "json/spec.h"
#include "util/clock.h"

const struct gx_json_field gx_feedback_spec[] = {
	{.name = "page", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 200},
	{.name = "useful", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = "comment", .kind = GX_JSON_STRING, .nullable = true, .max_len = 2000},
	{.name = NULL},
};

struct feedback_write {
	struct gx_feedback fb;
	long long id;
};

static enum gx_db_status write_feedback(struct gx_store_conn *writer, void *arg)
{
	struct feedback_write *w = arg;
	return gx_store_feedback_append(writer, &w->fb, &w->id);
}

static void on_committed(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct feedback_write *w = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the feedback could not be stored; try again");
		return;
	}
	json_t *body = json_pack("{s:I}", "id", (json_int_t)w->id);
	if (body == NULL || gx_reply_json(r, 201, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

enum gx_outcome gx_api_feedback(struct gx_req *r)
{
	struct feedback_write *w = gx_req_alloc(r, sizeof(*w));
	json_t *comment = json_object_get(r->json, "comment");
	*w = (struct feedback_write){
		.fb = {
			.at_us = gx_wall_us(),
			.page = json_string_value(json_object_get(r->json, "page")),
			.useful = json_is_true(json_object_get(r->json, "useful")),
			.comment = json_is_string(comment) ? json_string_value(comment) : NULL,
		},
	};
	return gx_req_durable(r, write_feedback, w, on_committed);
}
