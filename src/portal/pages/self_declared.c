/* Self-declared data on the "My data" page (self_declared.h): set, changed
 * and deleted from one form, each write answered once durable. The value is
 * personal data: never logged, never repeated in an error. */

#include "portal/pages/self_declared.h"

#include <stdio.h>
#include <string.h>

#include "core/self_declared.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "procedures/definition.h"
#include "procedures/self_values.h"
#include "site/site.h"

#define ATTRIBUTE_MAX 32
/* A form value may be longer than allowed: read it whole to say so. */
#define FORM_VALUE_MAX (4 * GX_SELF_VALUE_MAX)

static const char *label_of(const char *attribute, enum gx_lang lang)
{
	char key[96];
	snprintf(key, sizeof(key), "mydata.self_attributes.%s", attribute);
	const char *label = gx_i18n_get(gx_site.i18n, lang, key);
	return label != NULL ? label : attribute;
}

json_t *gx_page_self_declared_block(const json_t *stored, enum gx_lang lang, const char *csrf)
{
	json_t *values = gx_self_declared_values(stored);
	json_t *items = json_array(), *options = json_array();
	for (size_t i = 0; gx_procedure_self_attributes[i] != NULL; i++) {
		const char *attr = gx_procedure_self_attributes[i];
		const char *label = label_of(attr, lang);
		json_array_append_new(options, json_pack("{s:s, s:s}", "attribute", attr, "label", label));
		json_t *v = json_object_get(values, attr);
		if (v != NULL)
			json_array_append_new(items, json_pack("{s:s, s:s, s:O, s:O}", "attribute", attr, "label", label,
							       "value", json_object_get(v, "value"), "as_of",
							       json_object_get(v, "as_of")));
	}
	json_decref(values);
	return json_pack("{s:o, s:b, s:o, s:s}", "items", items, "has_items", json_array_size(items) > 0, "options",
			 options, "csrf", csrf != NULL ? csrf : "");
}

static void on_written(void *arg, enum gx_db_status result)
{
	struct gx_req *r = arg;
	if (result < 0)
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your data could not be stored; try again");
	else
		gx_reply_redirect(r, "/my-data#self-declared");
}

enum gx_outcome gx_page_self_declared(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char attr[ATTRIBUTE_MAX], del[4];
	if (body.base == NULL || gx_query_get(body.base, body.len, "attribute", attr, sizeof(attr)) <= 0)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "attribute", NULL);
	if (!gx_self_attribute_known(attr))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "attribute", "not a self-declared attribute");
	if (gx_query_get(body.base, body.len, "delete", del, sizeof(del)) > 0 && strcmp(del, "1") == 0) {
		gx_self_declared_write(gx_app_ctx(r), attr, NULL, 0, on_written, r);
		return GX_DONE;
	}
	char *value = gx_req_alloc(r, FORM_VALUE_MAX + 1);
	long n = gx_query_get(body.base, body.len, "value", value, FORM_VALUE_MAX + 1);
	if (n == -1)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "value", NULL);
	if (n < 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "value", "too long, or not a valid form encoding");
	const char *v = value;
	size_t len = (size_t)n;
	const char *reason = gx_self_declared_check(attr, &v, &len);
	if (reason != NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "value", reason);
	gx_self_declared_write(gx_app_ctx(r), attr, v, len, on_written, r);
	return GX_DONE;
}
