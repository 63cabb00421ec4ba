/* Self-declared data (self_declared.h): the person's own phone, e-mail,
 * IBAN … set, changed and deleted from "my data" or the API, each write
 * answered once durable (group commit); read back for the prefill of the
 * procedure fields mapped to it (draft_prefill.c). Values are personal data:
 * never logged, never repeated in an error. */

#include "portal/self_declared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"
#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "procedures/definition.h"
#include "procedures/self_values.h"
#include "store/store.h"
#include "util/local_time.h"

#define ATTRIBUTE_MAX 32
/* A form value may be longer than allowed: read it whole to say so. */
#define FORM_VALUE_MAX (4 * GX_SELF_VALUE_MAX)

/* The day (Luxembourg's) of a time in microseconds, YYYY-MM-DD; "" for none. */
static void day_of(long long us, char out[11])
{
	if (us <= 0)
		out[0] = '\0';
	else
		gx_local_date(us, out);
}

json_t *gx_self_declared_load(struct gx_store_conn *db, long long person_id)
{
	char *text = NULL;
	if (gx_store_self_declared_all(db, person_id, &text) < 0 || text == NULL) {
		free(text);
		return NULL;
	}
	json_error_t err;
	json_t *values = json_loads(text, 0, &err);
	free(text);
	if (!json_is_object(values)) {
		json_decref(values);
		return NULL;
	}
	return values;
}

static const char *label_of(const char *attribute, enum gx_lang lang)
{
	char key[96];
	snprintf(key, sizeof(key), "mydata.self_attributes.%s", attribute);
	const char *label = gx_i18n_get(gx_app.i18n, lang, key);
	return label != NULL ? label : attribute;
}

json_t *gx_self_declared_page_block(const json_t *values, enum gx_lang lang, const char *csrf)
{
	json_t *items = json_array(), *options = json_array();
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++) {
		const char *attr = gx_procedure_self_attributes[i];
		const char *label = label_of(attr, lang);
		json_array_append_new(options, json_pack("{s:s, s:s}", "attribute", attr, "label", label));
		json_t *v = json_object_get(values, attr);
		const char *value = json_string_value(json_object_get(v, "value"));
		if (value == NULL)
			continue;
		char day[11];
		day_of((long long)json_integer_value(json_object_get(v, "updated_at_us")), day);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "attribute", attr, "label", label, "value",
						       value, "as_of", day));
	}
	return json_pack("{s:o, s:b, s:o, s:s}", "items", items, "has_items", json_array_size(items) > 0, "options",
			 options, "csrf", csrf != NULL ? csrf : "");
}

json_t *gx_self_declared_api_values(const json_t *values)
{
	json_t *out = json_object();
	const char *attr;
	json_t *v;
	json_object_foreach((json_t *)values, attr, v) {
		const char *value = json_string_value(json_object_get(v, "value"));
		if (value == NULL)
			continue;
		char day[11];
		day_of((long long)json_integer_value(json_object_get(v, "updated_at_us")), day);
		json_object_set_new(out, attr, json_pack("{s:s, s:s}", "value", value, "as_of", day));
	}
	return out;
}

/* --- reading ---------------------------------------------------------------------- */

enum gx_outcome gx_self_declared_api_get(struct gx_req *r)
{
	json_t *values = gx_self_declared_load(gx_req_store(r), r->actor.session.person_id);
	if (values == NULL)
		return GX_SERVER_FAULT;
	json_t *attributes = json_array();
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++)
		json_array_append_new(attributes, json_string(gx_procedure_self_attributes[i]));
	json_t *body = json_pack("{s:o, s:o}", "attributes", attributes, "values", gx_self_declared_api_values(values));
	json_decref(values);
	if (body == NULL || gx_reply_json(r, 200, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
	return GX_DONE;
}

/* --- writing: set, change, delete -------------------------------------------------- */

struct self_write {
	long long person_id;
	char attribute[ATTRIBUTE_MAX];
	char *value; /* request memory; NULL deletes */
	long long at_us;
	bool form;
};

static enum gx_db_status write_value(struct gx_store_conn *w, void *arg)
{
	struct self_write *s = arg;
	enum gx_db_status st = gx_store_self_declared_set(w, s->person_id, s->attribute, s->value, s->at_us);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

static void on_written(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct self_write *s = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your data could not be stored; try again");
		return;
	}
	if (s->form) {
		gx_reply_redirect(r, "/my-data#self-declared");
		return;
	}
	if (s->value == NULL) {
		gx_reply_bytes(r, 204, "application/json", "", 0);
		return;
	}
	char day[11];
	day_of(s->at_us, day);
	json_t *body = json_pack("{s:s, s:s, s:s}", "attribute", s->attribute, "value", s->value, "as_of", day);
	if (body == NULL || gx_reply_json(r, 200, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

/* Checks and queues one write; value NULL deletes. A fault names /value (API) or value (form). */
static enum gx_outcome store_value(struct gx_req *r, const char *attribute, const char *value, size_t len, bool form)
{
	struct self_write *s = gx_req_alloc(r, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->person_id = r->actor.session.person_id;
	s->form = form;
	snprintf(s->attribute, sizeof(s->attribute), "%s", attribute);
	if (value != NULL) {
		value = gx_self_value_trim(value, &len);
		const char *reason = gx_self_value_check(attribute, value, len);
		if (reason != NULL)
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, form ? "value" : "/value", reason);
		s->value = gx_req_alloc(r, len + 1);
		memcpy(s->value, value, len);
		s->value[len] = '\0';
	}
	s->at_us = gx_wall_us();
	return gx_req_durable(r, write_value, s, on_written);
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
	{.name = "value", .kind = GX_JSON_STRING, .required = true, .max_len = FORM_VALUE_MAX},
	{.name = NULL},
};

enum gx_outcome gx_self_declared_api_put(struct gx_req *r)
{
	const char *attr = path_attribute(r);
	if (attr == NULL)
		return GX_CLIENT_FAULT;
	json_t *v = json_object_get(r->json, "value");
	return store_value(r, attr, json_string_value(v), json_string_length(v), false);
}

enum gx_outcome gx_self_declared_api_delete(struct gx_req *r)
{
	const char *attr = path_attribute(r);
	if (attr == NULL)
		return GX_CLIENT_FAULT;
	return store_value(r, attr, NULL, 0, false);
}

enum gx_outcome gx_self_declared_form(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char attr[ATTRIBUTE_MAX], del[4];
	if (body.base == NULL || gx_query_get(body.base, body.len, "attribute", attr, sizeof(attr)) <= 0)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "attribute", NULL);
	if (!gx_self_attribute_known(attr))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "attribute", "not a self-declared attribute");
	if (gx_query_get(body.base, body.len, "delete", del, sizeof(del)) > 0 && strcmp(del, "1") == 0)
		return store_value(r, attr, NULL, 0, true);
	char *value = gx_req_alloc(r, FORM_VALUE_MAX + 1);
	long n = gx_query_get(body.base, body.len, "value", value, FORM_VALUE_MAX + 1);
	if (n == -1)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "value", NULL);
	if (n < 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "value", "too long, or not a valid form encoding");
	return store_value(r, attr, value, (size_t)n, true);
}
