#include "core/domain.h"

#include <stdio.h>
#include <string.h>

#include "core/activity.h"
#include "core/search.h"
#include "certificates/types.h"
#include "procedures/definition.h"
#include "receipts/receipt.h"

struct gx_domain gx_domain;

/* A definition's automatic issuer names certificate types the platform
 * issues and a letter box type of its organisation (what the procedures'
 * own check cannot know). */
static int check_automatic(const struct gx_domain *d, char *err, size_t errlen)
{
	for (size_t i = 0; i < gx_procedure_catalog_count(d->procedures); i++) {
		const struct gx_procedure *p = gx_procedure_catalog_at(d->procedures, i);
		const json_t *a = json_object_get(gx_procedure_json(p), "automatic");
		if (a == NULL)
			continue;
		const char *why = NULL;
		size_t k;
		json_t *v;
		enum gx_cert_type t;
		json_array_foreach(json_object_get(a, "types"), k, v) if (!gx_cert_type_from_id(json_string_value(v), &t))
			why = "types: a type the platform does not issue (residence, household)";
		if (gx_lb_type_find(&d->letterbox, gx_procedure_organisation(p),
				    json_string_value(json_object_get(a, "document_type"))) == NULL)
			why = "document_type: not a letter box type of the organisation";
		if (why != NULL) {
			snprintf(err, errlen, "%s: /automatic/%s", gx_procedure_id(p), why);
			return -1;
		}
	}
	return 0;
}

int gx_domain_load(struct gx_domain *d, const struct gx_domain_files *files, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	if (gx_registers_load(files->registers, &d->registers, err, errlen) != 0 ||
	    gx_procedure_catalog_load(files->procedures_dir, files->descriptions_dir, &d->procedures, err, errlen) != 0 ||
	    gx_lb_types_load(&d->letterbox, files->letterbox_types, d->procedures, err, errlen) != 0 ||
	    (files->letterbox_types != NULL && check_automatic(d, err, errlen) != 0) ||
	    gx_receipts_init(files->receipt_key, err, errlen) != 0 ||
	    (files->translog != NULL && gx_transparency_load(&d->transparency, files->translog, err, errlen) != 0)) {
		gx_domain_free(d);
		return -1;
	}
	if ((d->activity = gx_activity_new(d->procedures)) == NULL) {
		snprintf(err, errlen, "out of memory");
		gx_domain_free(d);
		return -1;
	}
	if ((d->search_vocab = gx_search_vocab_build(d->procedures)) == NULL) {
		snprintf(err, errlen, "%s: out of memory for the search's vocabulary", files->procedures_dir);
		gx_domain_free(d);
		return -1;
	}
	return 0;
}

void gx_domain_free(struct gx_domain *d)
{
	gx_registers_free(&d->registers);
	gx_search_vocab_free(d->search_vocab);
	if (d->procedures != NULL)
		gx_procedure_catalog_free(d->procedures);
	gx_lb_types_free(&d->letterbox);
	gx_receipts_free();
	gx_activity_free(d->activity);
	gx_transparency_free(&d->transparency);
	memset(d, 0, sizeof(*d));
}
