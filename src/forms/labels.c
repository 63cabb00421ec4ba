#include "forms/labels.h"

#include "core/domain.h"
#include "forms/form.h"
#include "procedures/catalog.h"

const char *gx_proc_organisation_title(const char *id, enum gx_lang lang)
{
	const json_t *titles = gx_procedure_catalog_organisation(gx_domain.procedures, id);
	const char *t = titles != NULL ? gx_form_text(titles, lang) : NULL;
	return t != NULL ? t : id;
}

const char *gx_proc_status_label(const json_t *t, const char *status)
{
	const char *s = json_string_value(json_object_get(json_object_get(json_object_get(t, "proc"), "status"), status));
	return s != NULL ? s : status;
}
