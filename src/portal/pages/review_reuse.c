/* The review page's question on back-office reuse (review_reuse.h). */

#include "portal/pages/review_reuse.h"

#include <stdio.h>
#include <string.h>

#include "http/query.h"
#include "portal/app.h"
#include "forms/form.h"
#include "forms/labels.h"
#include "procedures/catalog.h"
#include "util/buf.h"

static const char *proc_text(const json_t *t, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(json_object_get(t, "proc"), "reuse"), key));
	return s != NULL ? s : key;
}

/* [{title, attributes: [title]}]: each register and attribute by the title
 * its description gives (its name when the description is not there). */
static json_t *registers_data(const struct gx_reuse *reuse, enum gx_lang lang)
{
	json_t *list = json_array();
	for (size_t i = 0; i < reuse->nregisters; i++) {
		const struct gx_reuse_register *rr = &reuse->registers[i];
		json_t *attrs = json_array();
		for (size_t j = 0; j < rr->nattributes; j++)
			json_array_append_new(attrs,
					      json_string(gx_register_attribute_title(rr->source, rr->attributes[j], lang)));
		json_array_append_new(list, json_pack("{s:s, s:o}", "title", gx_register_title(rr->source, lang),
						      "attributes", attrs));
	}
	return list;
}

/* The labels of the step fields asked instead. */
static json_t *instead_data(const json_t *definition, const struct gx_reuse *reuse, enum gx_lang lang)
{
	json_t *list = json_array();
	for (size_t k = 0; k < reuse->ninstead; k++) {
		size_t i, j;
		const json_t *step, *field;
		json_array_foreach(json_object_get(definition, "steps"), i, step) {
			json_array_foreach(json_object_get(step, "fields"), j, field) {
				const char *id = json_string_value(json_object_get(field, "id"));
				if (id != NULL && strcmp(id, reuse->instead[k]) == 0)
					json_array_append_new(list,
							      json_string(gx_form_text(json_object_get(field, "labels"), lang)));
			}
		}
	}
	return list;
}

/* tmpl with {name} replaced by value, as a new JSON string. */
static json_t *filled(const char *tmpl, const char *name, const char *value)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_filled(&b, tmpl, (const char *const[]){name, value, NULL});
	json_t *s = json_stringn(gx_buf_cstr(&b), b.len);
	gx_buf_free(&b);
	return s;
}

json_t *gx_review_reuse_data(const struct gx_procedure *p, const json_t *data, const json_t *errors, const json_t *t,
			     enum gx_lang lang)
{
	const struct gx_reuse *reuse = gx_procedure_reuse(p);
	if (reuse == NULL)
		return NULL;
	const char *error = NULL;
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		if (error == NULL && f != NULL && strcmp(f, "/" GX_REUSE_CONSENT) == 0)
			error = json_string_value(json_object_get(e, "message"));
	}
	const json_t *answer = json_object_get(data, GX_REUSE_CONSENT);
	char days[16];
	snprintf(days, sizeof(days), "%d", reuse->validity_days);
	const char *organisation = gx_proc_organisation_title(gx_procedure_organisation(p), lang);
	json_t *instead = instead_data(gx_procedure_json(p), reuse, lang);
	return json_pack("{s:o, s:o, s:s, s:s, s:o, s:b, s:o, s:b, s:b, s:s?, s:s, s:s}", "question",
			 filled(proc_text(t, "question"), "organisation", organisation), "registers",
			 registers_data(reuse, lang), "purpose", gx_form_text(reuse->purpose, lang), "legal_basis",
			 gx_form_text(reuse->legal_basis, lang), "validity", filled(proc_text(t, "validity_days"), "days", days),
			 "has_instead", json_array_size(instead) > 0, "instead", instead, "yes", json_is_true(answer), "no",
			 json_is_false(answer), "error", error, "id", GX_REUSE_ELEMENT_ID, "id_no",
			 GX_REUSE_ELEMENT_ID "--2");
}

json_t *gx_review_reuse_answer(const struct gx_procedure *p, const json_t *answers, const json_t *t, enum gx_lang lang)
{
	const json_t *answer = json_object_get(answers, GX_REUSE_CONSENT);
	if (gx_procedure_reuse(p) == NULL || !json_is_boolean(answer))
		return NULL;
	return filled(proc_text(t, json_is_true(answer) ? "answer_yes" : "answer_no"), "organisation",
		      gx_proc_organisation_title(gx_procedure_organisation(p), lang));
}

int gx_review_reuse_read(const char *body, size_t len, json_t *data)
{
	char v[8];
	long n = gx_query_get(body, len, GX_REUSE_CONSENT, v, sizeof(v));
	if (n == -1 || n == 0)
		return 0;
	if (n < 0 || (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0))
		return -1;
	return json_object_set_new(data, GX_REUSE_CONSENT, json_boolean(strcmp(v, "yes") == 0)) == 0 ? 1 : -1;
}
