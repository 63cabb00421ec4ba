/* The letter box's shared view helpers (lb_view.h). */

#include "portal/lb_view.h"

#include <stdio.h>
#include <string.h>

#include "core/domain.h"
#include "core/outbox.h"
#include "forms/labels.h"
#include "procedures/definition.h"

const char *gx_lb_view_type_title(const char *org, const char *doc_type, enum gx_lang lang)
{
	const struct gx_lb_type *t = gx_lb_type_find(&gx_domain.letterbox, org, doc_type);
	return t != NULL ? gx_lb_type_title(t, gx_lang_code(lang)) : doc_type;
}

void gx_lb_view_status(const struct gx_lb_document *d, const char **key, const char **cls)
{
	if (d->confirmation_required && d->confirmed_at_us == 0) {
		*key = "status_confirm";
		*cls = "govuk-tag--orange";
	} else if (d->confirmed_at_us > 0) {
		*key = "status_confirmed";
		*cls = "govuk-tag--green";
	} else if (d->read_at_us == 0) {
		*key = "status_new";
		*cls = "govuk-tag--blue";
	} else {
		*key = "status_read";
		*cls = "govuk-tag--grey";
	}
}

void gx_lb_view_date(const char *iso, enum gx_lang lang, char *out, size_t cap)
{
	gx_outbox_date(iso, gx_lang_code(lang), out, cap);
}

void gx_lb_view_size(long long bytes, char *out, size_t cap)
{
	if (bytes < 1024)
		snprintf(out, cap, "%lld B", bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, cap, "%lld KB", (bytes + 1023) / 1024);
	else
		snprintf(out, cap, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

bool gx_lb_view_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

static bool listed(const json_t *list, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return true;
	}
	return false;
}

static void add(json_t *list, const char *id, const char *title, const char *selected)
{
	if (!listed(list, id))
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "id", id, "title", title, "selected",
						      selected != NULL && strcmp(selected, id) == 0));
}

json_t *gx_lb_view_orgs(enum gx_lang lang, const char *selected)
{
	json_t *list = json_array();
	const struct gx_lb_types *types = &gx_domain.letterbox;
	for (size_t i = 0; i < types->n; i++)
		add(list, types->items[i].org, gx_proc_organisation_title(types->items[i].org, lang), selected);
	size_t np = gx_domain.procedures != NULL ? gx_procedure_catalog_count(gx_domain.procedures) : 0;
	for (size_t i = 0; i < np; i++) {
		const char *org = gx_procedure_organisation(gx_procedure_catalog_at(gx_domain.procedures, i));
		add(list, org, gx_proc_organisation_title(org, lang), selected);
	}
	return list;
}

json_t *gx_lb_view_types(enum gx_lang lang, const char *selected)
{
	json_t *list = json_array();
	const struct gx_lb_types *types = &gx_domain.letterbox;
	const char *code = gx_lang_code(lang);
	for (size_t i = 0; i < types->n; i++)
		add(list, types->items[i].id, gx_lb_type_title(&types->items[i], code), selected);
	add(list, GX_LB_DECISION, gx_lb_type_title(&types->decision, code), selected);
	return list;
}
