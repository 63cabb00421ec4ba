/* libFuzzer driver: a procedure definition (procedures/<id>.json). Whatever
 * the bytes, the checker returns a definition or an error "<pointer>: <reason>"
 * whose pointer is "" or starts with "/", and a definition it accepts has an
 * id, a version >= 1, an organisation, fr/de/en titles, every field
 * (groups' fields too) carries the kind its name says, compiled, its
 * statuses table is compiled with submitted where cases start, and its
 * reuse, when it has one, is parsed within its limits, and its themes and
 * life events read back as written. */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/definition.h"
#include "procedures/field_kind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether every field of fields, and of its groups, has its compiled kind. */
static bool kinds_compiled(const json_t *fields)
{
	size_t i;
	const json_t *f;
	json_array_foreach(fields, i, f) {
		enum gx_field_kind k = gx_field_kind_of(f);
		const json_t *compiled = json_object_get(f, GX_FIELD_KIND_MEMBER);
		if (k == GX_FIELD_UNKNOWN || !json_is_integer(compiled) ||
		    k != gx_field_kind_from_name(json_string_value(json_object_get(f, "kind"))))
			return false;
		if (!kinds_compiled(json_object_get(f, "fields")))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[GX_PROCEDURE_ERR_MIN + 64];
	/* No registers: prefill is checked for shape only. One organisation. */
	static const char *const orgs[] = {"commune"};
	const struct gx_procedure_context ctx = {NULL, 0, orgs, 1};
	struct gx_procedure *p = gx_procedure_parse((const char *)data, size, &ctx, err, sizeof(err));
	if (p == NULL) {
		if (strstr(err, ": ") == NULL || (err[0] != '/' && err[0] != ':'))
			abort();
		return 0;
	}
	if (gx_procedure_id(p) == NULL || gx_procedure_version(p) < 1 ||
	    strcmp(gx_procedure_organisation(p), "commune") != 0 || gx_procedure_json(p) == NULL)
		abort();
	for (const char *l = "fr\0de\0en\0"; *l != '\0'; l += 3)
		if (gx_procedure_title(p, l) == NULL || gx_procedure_title(p, l)[0] == '\0')
			abort();
	size_t i;
	const json_t *step;
	json_array_foreach(json_object_get(gx_procedure_json(p), "steps"), i, step)
		if (!kinds_compiled(json_object_get(step, "fields")))
			abort();
	const struct gx_status_table *t = gx_procedure_statuses(p);
	if (t->n < GX_PROCEDURE_STATUSES_MIN || strcmp(gx_status_initial(t), GX_STATUS_INITIAL) != 0 ||
	    !gx_status_final(t, "completed"))
		abort();
	const struct gx_reuse *r = gx_procedure_reuse(p);
	if ((r != NULL) != (json_object_get(gx_procedure_json(p), "reuse") != NULL))
		abort();
	if (r != NULL) {
		if (r->nregisters < 1 || r->nregisters > GX_REUSE_REGISTERS_MAX || r->ninstead < 1 ||
		    r->validity_days < 1 || r->validity_days > GX_REUSE_VALIDITY_MAX)
			abort();
		for (size_t k = 0; k < r->nregisters; k++)
			if (r->registers[k].nattributes < 1 ||
			    !gx_reuse_allows(r, r->registers[k].source, r->registers[k].attributes[0]))
				abort();
	}
	/* the catalogue's members: themes as listed, life events placed 1..999 */
	const char *const *themes = gx_procedure_themes(p);
	size_t nthemes = 0;
	while (themes != NULL && themes[nthemes] != NULL)
		nthemes++;
	if (themes == NULL || json_array_size(json_object_get(gx_procedure_json(p), "themes")) != nthemes)
		abort();
	const char *event;
	json_t *rank;
	json_object_foreach((json_t *)json_object_get(gx_procedure_json(p), "life_events"), event, rank) {
		int at = gx_procedure_life_event_rank(p, event);
		if (at < 1 || at > 999)
			abort();
	}
	gx_procedure_free(p);
	return 0;
}
