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

/* A register description's text in lang (lb reads de). */
static const char *description_text(const char *const titles[GX_REGISTER_LANGS], enum gx_lang lang)
{
	return titles[lang == GX_LANG_FR ? GX_REGISTER_FR : lang == GX_LANG_EN ? GX_REGISTER_EN : GX_REGISTER_DE];
}

const char *gx_register_title(const char *source, enum gx_lang lang)
{
	const struct gx_register_description *d = gx_procedure_catalog_register(gx_domain.procedures, source);
	const char *title = d != NULL ? description_text(d->titles, lang) : NULL;
	return title != NULL ? title : source;
}

const char *gx_register_attribute_title(const char *source, const char *attribute, enum gx_lang lang)
{
	const struct gx_register_description *d = gx_procedure_catalog_register(gx_domain.procedures, source);
	long k = d != NULL ? gx_register_attribute_index(d, attribute) : -1;
	const char *title = k >= 0 ? description_text(d->attributes[k].titles, lang) : NULL;
	return title != NULL ? title : attribute;
}
