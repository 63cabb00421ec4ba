#include "forms/timeline.h"

#include <stdio.h>
#include <string.h>

#include "forms/form.h"
#include "forms/labels.h"
#include "util/local_time.h"

static const char *text_at(const json_t *t, const char *section, const char *key)
{
	return json_string_value(json_object_get(json_object_get(t, section), key));
}

/* The files of timeline entry seq: [{name, href}]. */
static json_t *files_of(const json_t *files, long long seq, const char *file_base)
{
	json_t *out = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f) {
		if (json_integer_value(json_object_get(f, "event")) != seq)
			continue;
		const char *id = json_string_value(json_object_get(f, "id"));
		const char *name = json_string_value(json_object_get(f, "name"));
		char href[256];
		snprintf(href, sizeof(href), "%s%s", file_base, id != NULL ? id : "");
		json_array_append_new(out, json_pack("{s:s, s:s}", "name", name != NULL && name[0] != '\0' ? name : id,
						     "href", href));
	}
	return out;
}

/* "The organisation (its handler)" for an organisation's actor; NULL for the person or the platform. */
static json_t *who(const json_t *actor, const json_t *t, enum gx_lang lang)
{
	const char *kind = json_string_value(json_object_get(actor, "kind"));
	if (kind == NULL || strcmp(kind, "person") == 0)
		return NULL;
	const char *org = json_string_value(json_object_get(actor, "org"));
	const char *role = json_string_value(json_object_get(actor, "role"));
	const char *function = role != NULL ? text_at(json_object_get(t, "bo"), "role", role) : NULL;
	char line[400];
	snprintf(line, sizeof(line), "%s%s%s%s", org != NULL ? gx_proc_organisation_title(org, lang) : "",
		 function != NULL ? " (" : "", function != NULL ? function : "", function != NULL ? ")" : "");
	return json_string(line);
}

json_t *gx_timeline_view(const json_t *events, const json_t *files, const json_t *t, enum gx_lang lang,
			 const char *file_base, enum gx_timeline_reader reader)
{
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e) {
		const char *kind = json_string_value(json_object_get(e, "kind"));
		const char *status = json_string_value(json_object_get(e, "status"));
		const json_t *detail = json_object_get(e, "detail");
		long long seq = json_integer_value(json_object_get(e, "seq"));
		if (kind == NULL)
			kind = "status";
		char when[32], key[48];
		gx_local_time_format((long long)json_integer_value(json_object_get(e, "at_us")), when, sizeof(when), true);
		/* timeline.org_event_<kind> when the organisation reads, if the person's wording differs */
		const char *title = NULL;
		if (strcmp(kind, "status") == 0) {
			title = gx_proc_status_label(t, status != NULL ? status : "");
		} else {
			snprintf(key, sizeof(key), "org_event_%s", kind);
			if (reader == GX_TIMELINE_ORGANISATION)
				title = text_at(t, "timeline", key);
			if (title == NULL)
				title = text_at(t, "timeline", key + 4);
		}
		json_t *msg = json_object_get(e, "message");
		json_t *v = json_pack("{s:s, s:s, s:o, s:b}", "when", when, "title", title != NULL ? title : kind, "files",
				      files_of(files, seq, file_base), "has_files", false);
		json_object_set_new(v, "has_files", json_boolean(json_array_size(json_object_get(v, "files")) > 0));
		snprintf(key, sizeof(key), "kind_%s", kind);
		json_object_set_new(v, key, json_true());
		json_t *by = who(json_object_get(e, "actor"), t, lang);
		if (by != NULL)
			json_object_set_new(v, "who", by);
		if (json_is_object(msg) && gx_form_text(msg, lang) != NULL)
			json_object_set_new(v, "message", json_string(gx_form_text(msg, lang)));
		if (strcmp(kind, "decision") == 0)
			json_object_set_new(v, "status", json_string(gx_proc_status_label(t, status != NULL ? status : "")));
		static const char *const carried[] = {"question", "text", "receipt", "signature"};
		for (size_t k = 0; k < sizeof(carried) / sizeof(carried[0]); k++) {
			const char *s = json_string_value(json_object_get(detail, carried[k]));
			if (s != NULL && s[0] != '\0')
				json_object_set_new(v, carried[k], json_string(s));
		}
		if (strcmp(kind, "consent_used") == 0)
			json_object_set(v, "registers", json_object_get(detail, "registers"));
		json_array_append_new(out, v);
	}
	return out;
}
