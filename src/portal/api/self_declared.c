/* Self-declared data over the API (self_declared.h), thin over
 * core/self_declared.h. Values are personal data: never logged, never
 * repeated in an error. */

#include "portal/api/self_declared.h"

#include <string.h>

#include "core/self_declared.h"
#include "http/request.h"
#include "portal/api/reply.h"
#include "portal/app.h"
#include "procedures/definition.h"
#include "procedures/self_values.h"
#include "util/local_time.h"

/* A value may be longer than allowed: read it whole to say so. */
#define VALUE_MAX (4 * GX_SELF_VALUE_MAX)

enum gx_outcome gx_api_self_declared_get(struct gx_req *r)
{
	json_t *stored = gx_self_declared_load(gx_req_store(r), GX_ID(gx_person_id, r->actor.session.person_id));
	if (stored == NULL)
		return GX_SERVER_FAULT;
	json_t *attributes = json_array();
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++)
		json_array_append_new(attributes, json_string(gx_procedure_self_attributes[i]));
	json_t *body = json_pack("{s:o, s:o}", "attributes", attributes, "values", gx_self_declared_values(stored));
	json_decref(stored);
	gx_api_reply_taken(r, 200, body);
	return GX_DONE;
}

struct written {
	struct gx_req *r;
	const char *attribute;
	const char *value;  /* NULL: deleted */
	long long at_us;
};

static void on_written(void *arg, enum gx_db_status result)
{
	struct written *w = arg;
	if (result < 0) {
		gx_reply_problem(w->r, GX_ERR_UNAVAILABLE, NULL, "your data could not be stored; try again");
		return;
	}
	if (w->value == NULL) {
		gx_reply_bytes(w->r, 204, "application/json", "", 0);
		return;
	}
	char day[11];
	gx_local_date(w->at_us, day);
	gx_api_reply_taken(w->r, 200,
			   json_pack("{s:s, s:s, s:s}", "attribute", w->attribute, "value", w->value, "as_of", day));
}

/* The attribute named in the path, or NULL (after answering 404). */
static const char *path_attribute(struct gx_req *r)
{
	const char *attr = gx_req_param(r, "attribute");
	if (!gx_self_attribute_known(attr)) {
		gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, "not a self-declared attribute");
		return NULL;
	}
	return attr;
}

const struct gx_json_field gx_self_declared_put_spec[] = {
	{.name = "value", .kind = GX_JSON_STRING, .required = true, .max_len = VALUE_MAX},
	{.name = NULL},
};

enum gx_outcome gx_api_self_declared_put(struct gx_req *r)
{
	const char *attr = path_attribute(r);
	if (attr == NULL)
		return GX_CLIENT_FAULT;
	json_t *v = json_object_get(r->json, "value");
	const char *value = json_string_value(v);
	size_t len = json_string_length(v);
	const char *reason = gx_self_declared_check(attr, &value, &len);
	if (reason != NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/value", reason);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct written *w = gx_req_alloc(r, sizeof(*w));
	*w = (struct written){.r = r, .attribute = attr, .at_us = c->now_us};
	char *copy = gx_req_alloc(r, len + 1);
	memcpy(copy, value, len);
	copy[len] = '\0';
	w->value = copy;
	gx_self_declared_write(c, attr, value, len, on_written, w);
	return GX_DONE;
}

enum gx_outcome gx_api_self_declared_delete(struct gx_req *r)
{
	const char *attr = path_attribute(r);
	if (attr == NULL)
		return GX_CLIENT_FAULT;
	struct written *w = gx_req_alloc(r, sizeof(*w));
	*w = (struct written){.r = r, .attribute = attr};
	gx_self_declared_write(gx_app_ctx(r), attr, NULL, 0, on_written, w);
	return GX_DONE;
}
