/** POST /v1/lookup (docs/source-protocol.md): authenticate, check the request,
 *  read the subject's record, build the answer with only the attributes asked
 *  for and allowed, commit the access log row durably, and only then send it. */

#include "registryd/registryd.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"
#include "config/config.h"
#include "http/durable.h"
#include "http/request.h"
#include "http/server.h"
#include "json/spec.h"
#include "log/oplog.h"
#include "store/store.h"

#define LOOKUP_ATTRIBUTES_MAX 64

static const struct gx_json_field subject_fields[] = {
	{.name = "type", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = GX_REGISTER_NAME_MAX},
	{.name = "value", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = NULL},
};
static const struct gx_json_field attribute_item = {
	.kind = GX_JSON_STRING, .min_len = 1, .max_len = GX_REGISTER_ATTRIBUTE_MAX};
static const struct gx_json_field requester_fields[] = {
	{.name = "organisation", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "on_behalf_of", .kind = GX_JSON_STRING, .nullable = true, .max_len = 64},
	{.name = NULL},
};
static const struct gx_json_field purpose_fields[] = {
	{.name = "procedure", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "legal_basis", .kind = GX_JSON_STRING, .nullable = true, .max_len = 512},
	{.name = NULL},
};
static const struct gx_json_field lookup_spec[] = {
	{.name = "request_id", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 128},
	{.name = "subject", .kind = GX_JSON_OBJECT, .required = true, .fields = subject_fields},
	{.name = "attributes", .kind = GX_JSON_ARRAY, .required = true, .min_len = 1, .max_len = LOOKUP_ATTRIBUTES_MAX,
	 .items = &attribute_item},
	{.name = "requester", .kind = GX_JSON_OBJECT, .required = true, .fields = requester_fields},
	{.name = "purpose", .kind = GX_JSON_OBJECT, .required = true, .fields = purpose_fields},
	{.name = NULL},
};

/* What waits for the access log row to be committed; lives in the request pool. */
struct lookup_pending {
	struct gx_registry_access access;
	char *answer;      /* the 200 body, sent only once the row is durable */
	size_t answer_len;
};

/* Parses the body into r->json (freed with the request); answers 4xx itself. */
static enum gx_outcome parse_body(struct gx_req *r)
{
	return gx_req_parse_json(r, lookup_spec);
}

/* The subject's key type and each attribute against the description; indexes[i]
 * receives attribute i's index. Answers 400 naming the field itself. */
static enum gx_outcome check_against_register(struct gx_req *r, const struct gx_register_description *d,
					      json_t *attributes, long *indexes)
{
	const char *type = json_string_value(json_object_get(json_object_get(r->json, "subject"), "type"));
	if (!gx_register_has_key(d, type))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "/subject/type",
					"this register does not know subjects of this type");
	for (size_t i = 0; i < json_array_size(attributes); i++) {
		char pointer[48];
		snprintf(pointer, sizeof(pointer), "/attributes/%zu", i);
		const char *name = json_string_value(json_array_get(attributes, i));
		indexes[i] = gx_register_attribute_index(d, name);
		if (indexes[i] < 0)
			return gx_reply_problem(r, GX_ERR_INVALID_FIELD, pointer, "this register does not serve this attribute");
		for (size_t j = 0; j < i; j++)
			if (indexes[j] == indexes[i])
				return gx_reply_problem(r, GX_ERR_INVALID_FIELD, pointer, "this attribute is asked twice");
	}
	return GX_DONE;
}

/* The value of attribute name in a record: the member of that name ("address.street"),
 * else the nested path (address → street) for records stored as nested objects. */
static json_t *record_value(json_t *data, const char *name)
{
	json_t *v = json_object_get(data, name);
	if (v != NULL)
		return v;
	const char *seg = name;
	v = data;
	for (;;) {
		const char *dot = strchr(seg, '.');
		size_t n = dot != NULL ? (size_t)(dot - seg) : strlen(seg);
		if (!json_is_object(v))
			return NULL;
		v = json_object_getn(v, seg, n);
		if (v == NULL || dot == NULL)
			return v;
		seg = dot + 1;
	}
}

static int set_error(json_t *errors, const char *name, const char *code)
{
	return json_object_set_new(errors, name, json_pack("{s:s}", "code", code));
}

/* {"register", "request_id", "values", "errors"}: only the attributes asked for. */
static json_t *build_answer(const struct gx_register_description *d, const struct gx_registry_client *client,
			    const char *request_id, json_t *attributes, const long *indexes,
			    const struct gx_registry_record *rec, json_t *data)
{
	json_t *values = json_object(), *errors = json_object();
	json_t *answer = json_pack("{s:s, s:s, s:o, s:o}", "register", d->name, "request_id", request_id, "values",
				   values, "errors", errors);
	if (answer == NULL)
		return NULL;
	for (size_t i = 0; i < json_array_size(attributes); i++) {
		const char *name = json_string_value(json_array_get(attributes, i));
		int rc;
		if (!gx_registry_client_allows(client, (size_t)indexes[i])) {
			rc = set_error(errors, name, "not_allowed");
		} else if (data == NULL) {
			rc = set_error(errors, name, "unknown_subject");
		} else {
			json_t *v = record_value(data, name);
			rc = json_object_set_new(values, name,
						 json_pack("{s:O, s:s, s:I}", "value", v != NULL ? v : json_null(),
							   "as_of", rec->as_of, "version", (json_int_t)rec->version));
		}
		if (rc != 0) {
			json_decref(answer);
			return NULL;
		}
	}
	return answer;
}

static enum gx_db_status write_access(struct gx_store_conn *writer, void *arg)
{
	struct lookup_pending *p = arg;
	return gx_store_registry_access_append(writer, &p->access);
}

static void on_logged(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct lookup_pending *p = arg;
	if (result < 0) {
		/* Fail closed: no row, no values. */
		gx_oplog_event(GX_LOG_ERROR, "access_log_failed", r->id, "the access log row could not be committed");
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the access log cannot be written; try again later");
		return;
	}
	gx_reply_bytes(r, 200, "application/json", p->answer, p->answer_len);
}

/* Copies s into the request pool. */
static char *pool_copy(struct gx_req *r, const char *s, size_t len)
{
	char *out = gx_req_alloc(r, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static const char *opt_string(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

enum gx_outcome gx_registryd_lookup(struct gx_req *r)
{
	const struct gx_registryd *app = gx_registryd_get();
	const struct gx_register_description *d = app->description;
	const struct gx_registry_client *client = gx_registryd_authenticate(r);
	struct gx_registry_record rec = {0};
	json_t *data = NULL, *answer = NULL;
	enum gx_outcome o;
	long indexes[LOOKUP_ATTRIBUTES_MAX];

	if (client == NULL)
		return GX_CLIENT_FAULT;
	o = parse_body(r);
	if (o != GX_DONE || r->replied)
		return o;
	json_t *attributes = json_object_get(r->json, "attributes");
	if (json_array_size(attributes) > LOOKUP_ATTRIBUTES_MAX)
		return GX_SERVER_FAULT;  /* the spec caps it: a bug if not */
	o = check_against_register(r, d, attributes, indexes);
	if (o != GX_DONE || r->replied)
		return o;

	json_t *subject = json_object_get(r->json, "subject");
	const char *subject_type = opt_string(subject, "type"), *subject_value = opt_string(subject, "value");
	enum gx_db_status st = gx_store_registry_get(gx_req_store(r), subject_type, subject_value, &rec);
	if (st < 0) {
		gx_oplog_event(GX_LOG_ERROR, "record_read_failed", r->id, "the register could not be read");
		return gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the register cannot be read right now");
	}
	if (st == GX_DB_ONE_RESULT) {
		data = json_loads(rec.data_json, 0, NULL);
		free(rec.data_json);
		if (!json_is_object(data)) {
			json_decref(data);
			gx_oplog_event(GX_LOG_ERROR, "record_corrupt", r->id, "a record is not a JSON object");
			return GX_SERVER_FAULT;
		}
	}

	const char *request_id = opt_string(r->json, "request_id");
	answer = build_answer(d, client, request_id, attributes, indexes, &rec, data);
	json_decref(data);
	struct lookup_pending *p = gx_req_alloc(r, sizeof(*p));
	char *names = json_dumps(attributes, JSON_COMPACT);  /* names only, never values */
	char *text = answer != NULL ? json_dumps(answer, JSON_COMPACT) : NULL;
	json_decref(answer);
	if (names == NULL || text == NULL) {
		free(names);
		free(text);
		return GX_SERVER_FAULT;
	}
	json_t *requester = json_object_get(r->json, "requester"), *purpose = json_object_get(r->json, "purpose");
	*p = (struct lookup_pending){
		.access = {
			.at_us = gx_wall_us(),
			.client = client->name,
			.organisation = opt_string(requester, "organisation"),
			.on_behalf_of = opt_string(requester, "on_behalf_of"),
			.subject_type = subject_type,
			.subject = subject_value,
			.attributes_json = pool_copy(r, names, strlen(names)),
			.procedure = opt_string(purpose, "procedure"),
			.legal_basis = opt_string(purpose, "legal_basis"),
			.request_id = request_id,
		},
		.answer_len = strlen(text),
	};
	p->answer = pool_copy(r, text, p->answer_len);
	free(names);
	free(text);
	/* r->json (which the strings above point into) lives until the request is disposed. */
	return gx_req_durable(r, write_access, p, on_logged);
}
