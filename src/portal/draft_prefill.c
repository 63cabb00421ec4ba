/* Prefilling a new draft (draft_prefill.h): the register part and the self
 * part of each field, then gx_prefill_merge decides. Values are personal
 * data: never logged. */

#include "portal/draft_prefill.h"

#include <stdbool.h>
#include <string.h>

#include "portal/self_declared.h"
#include "procedures/prefill_merge.h"
#include "sources/prefill.h"

/* How the register part of a field ended: its status, and its value when it
 * answered with one. */
static void register_part(const struct gx_prefill *pf, const char *source, const char *attribute,
			  struct gx_prefill_register_part *out)
{
	*out = (struct gx_prefill_register_part){.source = source, .attribute = attribute, .outcome = "unavailable"};
	for (size_t i = 0; i < pf->n; i++) {
		const struct gx_prefill_source *s = &pf->sources[i];
		if (strcmp(s->reg->name, source) != 0)
			continue;
		if (s->status != GX_SOURCE_OK) {
			out->outcome = gx_source_status_name(s->status);
			return;
		}
		out->outcome = "no_value";
		for (size_t j = 0; j < s->answer.nvalues; j++) {
			const struct gx_answer_value *v = &s->answer.values[j];
			if (strcmp(v->attribute, attribute) != 0 || v->value == NULL || json_is_null(v->value))
				continue;
			out->outcome = "ok";
			out->value = v->value;
			out->as_of = v->as_of;
			out->version = v->version;
		}
		return;
	}
}

/* The person's declared value for attribute, from values ({attr: {"value", "as_of"}}). */
static void self_part(const json_t *values, const char *attribute, struct gx_prefill_self_part *out)
{
	const json_t *v = json_object_get(values, attribute);
	*out = (struct gx_prefill_self_part){.attribute = attribute,
					     .value = json_string_value(json_object_get(v, "value")),
					     .as_of = json_string_value(json_object_get(v, "as_of"))};
}

int gx_draft_prefill(struct gx_store_conn *db, long long person_id, const json_t *definition,
		     const struct gx_prefill *pf, json_t *data, json_t *provenance)
{
	json_t *values = NULL; /* {attr: {"value", "as_of"}}, read on the first field that names one */
	int rc = 0;
	size_t i, j;
	json_t *step, *field;
	json_array_foreach(json_object_get(definition, "steps"), i, step) {
		json_array_foreach(json_object_get(step, "fields"), j, field) {
			const char *id = json_string_value(json_object_get(field, "id"));
			const json_t *prefill = json_object_get(field, "prefill");
			const char *source = json_string_value(json_object_get(prefill, "source"));
			const char *attribute = json_string_value(json_object_get(prefill, "attribute"));
			const char *self_attr = json_string_value(json_object_get(prefill, "self"));
			if (id == NULL || prefill == NULL)
				continue;
			struct gx_prefill_register_part reg;
			struct gx_prefill_self_part self;
			bool has_reg = source != NULL && attribute != NULL;
			if (has_reg)
				register_part(pf, source, attribute, &reg);
			if (self_attr != NULL) {
				if (values == NULL) {
					json_t *stored = gx_self_declared_load(db, person_id);
					if (stored == NULL)
						return -1;
					values = gx_self_declared_api_values(stored);
					json_decref(stored);
					if (values == NULL)
						return -1;
				}
				self_part(values, self_attr, &self);
			}
			json_t *value, *prov;
			if (gx_prefill_merge(field, has_reg ? &reg : NULL, self_attr != NULL ? &self : NULL, &value,
					     &prov) != 0) {
				rc = -1;
				goto done;
			}
			if (value == NULL)
				continue;
			/* each set_new takes its value, even when it fails */
			int set = json_object_set_new(data, id, value);
			if (json_object_set_new(provenance, id, prov) != 0 || set != 0) {
				rc = -1;
				goto done;
			}
		}
	}
done:
	json_decref(values);
	return rc;
}
