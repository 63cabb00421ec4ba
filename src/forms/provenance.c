/* The provenance of a prefilled value as the pages say it (provenance.h).
 * A register's value and a value the person declared are told apart: the
 * second says so, links to where it is kept, and says why the register's
 * value (when the field names one) is not shown. */

#include "forms/provenance.h"

#include <stdlib.h>
#include <string.h>

#include "core/domain.h"
#include "forms/form.h"
#include "util/buf.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* t.<group>.<key>, or NULL. */
static const char *text(const json_t *t, const char *group, const char *key)
{
	return str(json_object_get(t, group), key);
}

/* A register's title in lang; its name when this platform does not have it configured. */
static const char *register_title(const char *name, enum gx_lang lang)
{
	const struct gx_register *reg = gx_registers_find(&gx_domain.registers, name);
	const char *title = reg != NULL ? gx_form_text(reg->titles, lang) : NULL;
	return title != NULL ? title : name;
}

/* A register's value; while the person's request to correct it is open,
 * the sentence that says so (t.proc.under_review). */
static json_t *register_data(const json_t *provenance, const json_t *t, enum gx_lang lang)
{
	const char *as_of = str(provenance, "as_of");
	const char *title = register_title(str(provenance, "source"), lang);
	json_t *o = json_pack("{s:b, s:b, s:s, s:s}", "register", 1, "self", 0, "title", title, "as_of",
			      as_of != NULL ? as_of : "");
	const json_t *review = json_object_get(provenance, "under_review");
	const char *tmpl = text(t, "proc", "under_review");
	if (o != NULL && review != NULL && tmpl != NULL) {
		struct gx_buf b = GX_BUF_INIT;
		const char *since = str(review, "since");
		gx_buf_append_filled(&b, tmpl, (const char *const[]){"register", title, "date", since != NULL ? since : "", NULL});
		if (!b.failed)
			json_object_set_new(o, "under_review", json_string(gx_buf_cstr(&b)));
		gx_buf_free(&b);
	}
	return o;
}

/* Why the register part's value was not used, or NULL. */
static void reason_text(const json_t *reg, const json_t *t, enum gx_lang lang, struct gx_buf *out)
{
	const char *source = str(reg, "source"), *outcome = str(reg, "outcome");
	const char *tmpl = outcome != NULL ? str(json_object_get(json_object_get(t, "proc"), "register_outcome"), outcome)
					   : NULL;
	if (source == NULL || tmpl == NULL)
		return;
	gx_buf_append_filled(out, tmpl, (const char *const[]){"register", register_title(source, lang), NULL});
}

static json_t *self_data(const json_t *provenance, const json_t *t, enum gx_lang lang)
{
	const char *as_of = str(provenance, "as_of");
	bool dated = as_of != NULL && as_of[0] != '\0';
	const char *sentence = text(t, "proc", dated ? "self_declared" : "self_declared_undated");
	const char *link = text(t, "nav", "my_data");
	if (sentence == NULL || link == NULL)
		return NULL;
	/* The sentence around {link}, each part with its {date}. */
	const char *at = strstr(sentence, "{link}");
	size_t head = at != NULL ? (size_t)(at - sentence) : strlen(sentence);
	char *before_tmpl = strndup(sentence, head);
	struct gx_buf before = GX_BUF_INIT, after = GX_BUF_INIT, reason = GX_BUF_INIT;
	const char *const date[] = {"date", dated ? as_of : "", NULL};
	json_t *o = NULL;
	if (before_tmpl == NULL)
		goto done;
	gx_buf_append_filled(&before, before_tmpl, date);
	gx_buf_append_filled(&after, at != NULL ? at + strlen("{link}") : "", date);
	reason_text(json_object_get(provenance, "register"), t, lang, &reason);
	if (before.failed || after.failed || reason.failed)
		goto done;
	o = json_pack("{s:b, s:b, s:s, s:s, s:s, s:s, s:s?}", "register", 0, "self", 1, "before", gx_buf_cstr(&before),
		      "link", link, "after", gx_buf_cstr(&after), "href", GX_PROVENANCE_SELF_HREF, "reason",
		      reason.len > 0 ? gx_buf_cstr(&reason) : NULL);
done:
	free(before_tmpl);
	gx_buf_free(&before);
	gx_buf_free(&after);
	gx_buf_free(&reason);
	return o;
}

json_t *gx_provenance_data(const json_t *provenance, const json_t *t, enum gx_lang lang)
{
	const char *source = str(provenance, "source");
	if (source == NULL)
		return NULL;
	return strcmp(source, "self") == 0 ? self_data(provenance, t, lang) : register_data(provenance, t, lang);
}
