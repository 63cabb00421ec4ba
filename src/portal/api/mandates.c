/* Mandates over the API: a space's owner or administrator grants one (to
 * a national id, for every procedure, a list or one organisation's, between
 * two dates, the end required), the mandatary accepts it, either revokes
 * it. Thin over core/spaces.h. */

#include "portal/api/mandates.h"

#include <stdlib.h>

#include "core/spaces.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/path.h"

static const struct gx_json_field procedure_id = {.kind = GX_JSON_STRING, .min_len = 3, .max_len = 64};

const struct gx_json_field gx_mandate_spec[] = {
	{.name = "mandatary", .kind = GX_JSON_STRING, .required = true, .min_len = 13, .max_len = 13},
	{.name = "scope", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 16},
	{.name = "procedures", .kind = GX_JSON_ARRAY, .nullable = true, .max_len = 20, .items = &procedure_id},
	{.name = "organisation", .kind = GX_JSON_STRING, .nullable = true, .min_len = 1, .max_len = 64},
	{.name = "valid_from", .kind = GX_JSON_STRING, .nullable = true, .min_len = 10, .max_len = 10},
	{.name = "valid_until", .kind = GX_JSON_STRING, .required = true, .min_len = 10, .max_len = 10},
	{.name = "letterbox", .kind = GX_JSON_BOOLEAN, .nullable = true},
	{.name = NULL},
};

enum gx_outcome gx_api_mandates(struct gx_req *r)
{
	char *text = NULL;
	enum gx_db_status s = gx_space_mandates_read(gx_req_store(r), gx_path_space(r), &text);
	json_t *v = s >= 0 && text != NULL ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (v == NULL)
		return GX_SERVER_FAULT;
	gx_api_reply_taken(r, 200, json_pack("{s:o}", "mandates", v));
	return GX_DONE;
}

static void on_granted(void *arg, const struct gx_space_result *res)
{
	gx_api_space_reply(arg, res, 201, json_pack("{s:I, s:s}", "id", (json_int_t)res->id, "state", "pending"));
}

enum gx_outcome gx_api_mandate_grant(struct gx_req *r)
{
	json_t *list = json_object_get(r->json, "procedures");
	size_t n = json_array_size(list);
	const char **ids = gx_req_alloc(r, (n > 0 ? n : 1) * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = json_string_value(json_array_get(list, i));
	struct gx_mandate_input in = {
		.mandatary = json_string_value(json_object_get(r->json, "mandatary")),
		.scope = json_string_value(json_object_get(r->json, "scope")),
		.procedures = ids,
		.nprocedures = n,
		.organisation = json_string_value(json_object_get(r->json, "organisation")),
		.valid_from = json_string_value(json_object_get(r->json, "valid_from")),
		.valid_until = json_string_value(json_object_get(r->json, "valid_until")),
		.letterbox = json_is_true(json_object_get(r->json, "letterbox")),
	};
	gx_mandate_grant(gx_app_ctx(r), gx_path_space(r), &in, on_granted, r);
	return GX_DONE;
}

static void on_settled(void *arg, const struct gx_space_result *res)
{
	gx_api_space_reply(arg, res, 200, json_pack("{s:I}", "id", (json_int_t)res->id));
}

enum gx_outcome gx_api_mandate_accept(struct gx_req *r)
{
	gx_mandate_accept(gx_app_ctx(r), gx_req_param_id(r, "mandate"), on_settled, r);
	return GX_DONE;
}

enum gx_outcome gx_api_mandate_revoke(struct gx_req *r)
{
	gx_mandate_revoke(gx_app_ctx(r), gx_req_param_id(r, "mandate"), on_settled, r);
	return GX_DONE;
}
