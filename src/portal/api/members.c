/* A company's space over the API: its members, the invitations to join it
 * (answered by the invitee), its history and what was done on its owner's
 * behalf. Thin over core/spaces.h; the authorization layer decided the
 * space (space.admin) before these run. */

#include "portal/api/members.h"

#include <stdlib.h>

#include "core/spaces.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "portal/path.h"

static const struct gx_json_field procedure_id = {.kind = GX_JSON_STRING, .min_len = 3, .max_len = 64};

const struct gx_json_field gx_invitation_spec[] = {
	{.name = "national_id", .kind = GX_JSON_STRING, .required = true, .min_len = 13, .max_len = 13},
	{.name = "role", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 16},
	{.name = "procedures", .kind = GX_JSON_ARRAY, .nullable = true, .max_len = 20, .items = &procedure_id},
	{.name = NULL},
};

const struct gx_json_field gx_member_spec[] = {
	{.name = "role", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 16},
	{.name = "procedures", .kind = GX_JSON_ARRAY, .nullable = true, .max_len = 20, .items = &procedure_id},
	{.name = NULL},
};

/* The role and procedures of a checked body (strings borrowed from r->json). */
static void member_input(struct gx_req *r, struct gx_member_input *in)
{
	json_t *list = json_object_get(r->json, "procedures");
	size_t n = json_array_size(list);
	const char **ids = gx_req_alloc(r, (n > 0 ? n : 1) * sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = json_string_value(json_array_get(list, i));
	*in = (struct gx_member_input){.role = json_string_value(json_object_get(r->json, "role")),
				       .procedures = ids, .nprocedures = n};
}

/* A JSON array text of the store read into a value (NULL when it could not be read). */
static json_t *list(enum gx_db_status s, char *text)
{
	json_t *v = s >= 0 && text != NULL ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return v;
}

enum gx_outcome gx_api_members(struct gx_req *r)
{
	char *members = NULL, *invitations = NULL;
	enum gx_db_status a = gx_space_members_read(gx_req_store(r), gx_path_space(r), &members);
	enum gx_db_status b = gx_space_invitations_read(gx_app_ctx(r), gx_path_space(r), &invitations);
	json_t *m = list(a, members), *i = list(b, invitations);
	if (m == NULL || i == NULL) {
		json_decref(m);
		json_decref(i);
		return GX_SERVER_FAULT;
	}
	gx_api_reply_taken(r, 200, json_pack("{s:o, s:o}", "members", m, "invitations", i));
	return GX_DONE;
}

static void on_done(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	gx_api_space_reply(r, res, 200, json_pack("{s:I}", "id", (json_int_t)res->id));
}

static void on_created(void *arg, const struct gx_space_result *res)
{
	struct gx_req *r = arg;
	gx_api_space_reply(r, res, 201, json_pack("{s:I}", "id", (json_int_t)res->id));
}

enum gx_outcome gx_api_invitation_create(struct gx_req *r)
{
	struct gx_member_input in;
	member_input(r, &in);
	gx_invitation_create(gx_app_ctx(r), gx_path_space(r), json_string_value(json_object_get(r->json, "national_id")),
			     &in, on_created, r);
	return GX_DONE;
}

enum gx_outcome gx_api_invitation_withdraw(struct gx_req *r)
{
	gx_invitation_withdraw(gx_app_ctx(r), gx_path_space(r), gx_req_param_id(r, "invitation"), on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_api_member_put(struct gx_req *r)
{
	struct gx_member_input in;
	member_input(r, &in);
	gx_member_change(gx_app_ctx(r), gx_path_space(r), GX_ID(gx_person_id, gx_req_param_id(r, "person")), &in,
			 on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_api_member_delete(struct gx_req *r)
{
	gx_member_change(gx_app_ctx(r), gx_path_space(r), GX_ID(gx_person_id, gx_req_param_id(r, "person")), NULL,
			 on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_api_invitation_accept(struct gx_req *r)
{
	gx_invitation_answer(gx_app_ctx(r), gx_req_param_id(r, "invitation"), true, on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_api_invitation_decline(struct gx_req *r)
{
	gx_invitation_answer(gx_app_ctx(r), gx_req_param_id(r, "invitation"), false, on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_api_space_history(struct gx_req *r)
{
	char *text = NULL;
	enum gx_db_status st = gx_space_history_read(gx_req_store(r), gx_path_space(r), 200, &text);
	json_t *v = list(st, text);
	if (v == NULL)
		return GX_SERVER_FAULT;
	gx_api_reply_taken(r, 200, json_pack("{s:o}", "events", v));
	return GX_DONE;
}

enum gx_outcome gx_api_space_acts(struct gx_req *r)
{
	char *text = NULL;
	enum gx_db_status st = gx_space_acts_read(gx_req_store(r), gx_path_space(r), 200, &text);
	json_t *v = list(st, text);
	if (v == NULL)
		return GX_SERVER_FAULT;
	gx_api_reply_taken(r, 200, json_pack("{s:o}", "acts", v));
	return GX_DONE;
}
