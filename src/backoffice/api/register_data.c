/* POST /api/org/v1/submissions/{submission}/register-data (scope
 * registers.read): back-office once-only. {"registers": [{"source",
 * "attributes": [...]}]} (optional: everything the consent names) is
 * checked against the person's consent and fetched from the registers as
 * the organisation (core/reuse.h); 403 consent_missing when there is none
 * in force, and then no register is asked. */

#include "backoffice/api/register_data.h"

#include <string.h>

#include "backoffice/api/reply.h"
#include "backoffice/ctx.h"
#include "core/reuse.h"
#include "http/request.h"

static const struct gx_json_field attribute[] = {{.kind = GX_JSON_STRING, .min_len = 1, .max_len = 128}};
static const struct gx_json_field source_fields[] = {
	{.name = "source", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 64},
	{.name = "attributes", .kind = GX_JSON_ARRAY, .required = true, .min_len = 1, .max_len = 64, .items = attribute},
	{.name = NULL},
};
static const struct gx_json_field source[] = {{.kind = GX_JSON_OBJECT, .fields = source_fields}};

const struct gx_json_field gx_org_register_data_spec[] = {
	{.name = "registers", .kind = GX_JSON_ARRAY, .min_len = 1, .max_len = 32, .items = source},
	{.name = NULL},
};

static void on_fetched(void *arg, const struct gx_reuse_result *res)
{
	struct gx_req *r = arg;
	if (res->status != GX_CORE_OK) {
		gx_org_core_failure(r, res->status, res->status == GX_CORE_INVALID ? "registers" : NULL, res->why);
		return;
	}
	json_t *registers = json_array();
	for (size_t i = 0; i < res->pf->n; i++) {
		const struct gx_prefill_source *s = &res->pf->sources[i];
		json_t *values = json_array();
		for (size_t j = 0; s->status == GX_SOURCE_OK && j < s->answer.nvalues; j++) {
			const struct gx_answer_value *v = &s->answer.values[j];
			json_array_append_new(values, json_pack("{s:s, s:O, s:s, s:I}", "attribute", v->attribute, "value",
								v->value, "as_of", v->as_of, "version",
								(json_int_t)v->version));
		}
		json_array_append_new(registers, json_pack("{s:s, s:s, s:o}", "source", s->reg->name, "status",
							   gx_source_status_name(s->status), "values", values));
	}
	gx_org_reply_taken(r, 200, json_pack("{s:o}", "registers", registers));
}

enum gx_outcome gx_org_api_register_data(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	json_t *list = json_object_get(r->json, "registers");
	size_t n = json_array_size(list);
	struct gx_reuse_ask *asks = gx_req_alloc(r, (n > 0 ? n : 1) * sizeof(*asks));
	for (size_t i = 0; i < n; i++) {
		json_t *entry = json_array_get(list, i), *attrs = json_object_get(entry, "attributes");
		const char **names = gx_req_alloc(r, json_array_size(attrs) * sizeof(*names));
		for (size_t a = 0; a < json_array_size(attrs); a++)
			names[a] = json_string_value(json_array_get(attrs, a));
		asks[i] = (struct gx_reuse_ask){json_string_value(json_object_get(entry, "source")), names,
						json_array_size(attrs)};
	}
	gx_reuse_fetch(bo->c, &bo->who, gx_req_param_id(r, "submission"), asks, n, on_fetched, r);
	return GX_DONE;
}
