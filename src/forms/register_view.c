#include "forms/register_view.h"

#include "core/domain.h"
#include "procedures/catalog.h"
#include "util/buf.h"

/* Where a value's codes get their words: the register's description, the
 * attribute, and (for the objects of a list) the member being written. */
struct words {
	const struct gx_register_description *d;
	const char *attribute;
	const char *member;
	const char *lang;
};

static void append_text(struct gx_buf *b, json_t *v, const struct words *w);

/* A string: the words of its code when the attribute (or member) is coded
 * and knows it, else as it is. */
static void append_string(struct gx_buf *b, const char *s, const struct words *w)
{
	const char *label = gx_register_code_label(w->d, w->attribute, w->member, s, w->lang);
	gx_buf_append_str(b, label != NULL ? label : s);
}

/* A register value as a line of text: strings as they are (codes in words),
 * lists joined, records (a vehicle) as their fields joined. */
static void append_text(struct gx_buf *b, json_t *v, const struct words *w)
{
	size_t i;
	json_t *item;
	const char *key;
	switch (json_typeof(v)) {
	case JSON_STRING:
		append_string(b, json_string_value(v), w);
		break;
	case JSON_INTEGER:
		gx_buf_appendf(b, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		gx_buf_appendf(b, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		gx_buf_append_str(b, "✓");
		break;
	case JSON_FALSE:
	case JSON_NULL:
		gx_buf_append_str(b, "—");
		break;
	case JSON_ARRAY:
		if (json_array_size(v) == 0)
			gx_buf_append_str(b, "—");
		json_array_foreach(v, i, item) {
			if (i > 0)
				gx_buf_append_str(b, "; ");
			append_text(b, item, w);
		}
		break;
	case JSON_OBJECT:
		i = 0;
		json_object_foreach(v, key, item) {
			if (i++ > 0)
				gx_buf_append_str(b, ", ");
			struct words mw = *w;
			mw.member = key;
			append_text(b, item, &mw);
		}
		break;
	}
}

json_t *gx_register_view(const struct gx_prefill_source *s, enum gx_lang lang, bool withheld)
{
	const struct gx_register *reg = s->reg;
	bool ok = s->status == GX_SOURCE_OK && !withheld;
	const struct gx_register_description *d =
		gx_domain.procedures != NULL ? gx_procedure_catalog_register(gx_domain.procedures, reg->name) : NULL;
	json_t *values = json_array();
	for (size_t i = 0; ok && i < s->answer.nvalues; i++) {
		const struct gx_answer_value *v = &s->answer.values[i];
		struct gx_buf text = GX_BUF_INIT;
		struct words w = {.d = d, .attribute = v->attribute, .lang = gx_lang_code(lang)};
		append_text(&text, v->value, &w);
		json_array_append_new(values,
				      json_pack("{s:s, s:s, s:s, s:s%}", "attribute", v->attribute, "label",
						gx_lang_text(json_object_get(reg->attribute_titles, v->attribute), lang),
						"as_of", v->as_of, "value", gx_buf_cstr(&text), text.len));
		gx_buf_free(&text);
	}
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:b, s:b}", "name", reg->name, "title",
			 gx_lang_text(reg->titles, lang), "status", gx_source_status_name(s->status), "declined",
			 s->status == GX_SOURCE_DECLINED, "values", values, "choice", reg->choice, "allowed",
			 s->status != GX_SOURCE_DECLINED);
}
