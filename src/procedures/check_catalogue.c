/** Checks what a definition says for the catalogue: its themes, its place
 *  in life events, the texts of its public page (about) and its search
 *  keywords; and what a catalogue of the platform requires of every
 *  definition (guichetctl procedures check). */

#include "procedures/check_int.h"

#include <stdio.h>
#include <string.h>

#define THEMES_PER_PROCEDURE 5
#define KEYWORDS_MAX 30
#define KEYWORD_BYTES 64

static bool known(const char *id, const char *const *ids, size_t n)
{
	for (size_t i = 0; id != NULL && i < n; i++)
		if (ids[i] != NULL && strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static int check_themes(struct gx_pc *c, json_t *themes)
{
	size_t n = json_array_size(themes);
	if (!json_is_array(themes) || n == 0 || n > THEMES_PER_PROCEDURE)
		return gx_pc_fail_at(c, "themes", "expected an array of 1 to %d theme ids", THEMES_PER_PROCEDURE);
	size_t mark = gx_pc_push(c, "themes");
	for (size_t i = 0; i < n && !c->failed; i++) {
		const char *id = json_string_value(json_array_get(themes, i));
		size_t m2 = gx_pc_push_index(c, i);
		if (id == NULL)
			gx_pc_fail(c, "expected a theme id");
		else if (c->ctx != NULL && c->ctx->themes != NULL && !known(id, c->ctx->themes, c->ctx->nthemes))
			gx_pc_fail(c, "no theme %s in themes.json", id);
		for (size_t j = 0; j < i && !c->failed; j++)
			if (json_equal(json_array_get(themes, j), json_array_get(themes, i)))
				gx_pc_fail(c, "duplicate theme");
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

/* {"moving": 10, …}: each life event the procedure belongs to, and its
 * place in that life event's list (what to do first comes first). */
static int check_life_events(struct gx_pc *c, json_t *events)
{
	if (!json_is_object(events) || json_object_size(events) == 0 || json_object_size(events) > THEMES_PER_PROCEDURE)
		return gx_pc_fail_at(c, "life_events", "expected an object of 1 to %d life events, each with its place (1 to 999)",
				     THEMES_PER_PROCEDURE);
	size_t mark = gx_pc_push(c, "life_events");
	const char *id;
	json_t *rank;
	json_object_foreach(events, id, rank) {
		if (c->ctx != NULL && c->ctx->life_events != NULL && !known(id, c->ctx->life_events, c->ctx->nlife_events)) {
			gx_pc_fail_at(c, id, "no life event %s in themes.json", id);
			break;
		}
		if (!json_is_integer(rank) || json_integer_value(rank) < 1 || json_integer_value(rank) > 999) {
			gx_pc_fail_at(c, id, "expected the procedure's place in the life event, 1 to 999");
			break;
		}
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

static int check_about(struct gx_pc *c, json_t *about)
{
	static const char *const members[] = {"who", "needs", "duration", "cost", NULL};
	if (!json_is_object(about))
		return gx_pc_fail_at(c, "about", "expected {\"who\", \"needs\", \"duration\", \"cost\"}, each texts");
	size_t mark = gx_pc_push(c, "about");
	if (gx_pc_only_members(c, about, members) == 0)
		for (size_t i = 0; members[i] != NULL && !c->failed; i++)
			gx_pc_texts(c, about, members[i], true);
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

static int check_keywords(struct gx_pc *c, json_t *kw)
{
	static const char *const langs[] = {"fr", "de", "en", "lb", NULL};
	if (!json_is_object(kw) || json_object_size(kw) == 0)
		return gx_pc_fail_at(c, "keywords", "expected {\"fr\": [...], \"de\": [...], \"en\": [...], \"lb\": [...]}");
	size_t mark = gx_pc_push(c, "keywords");
	if (gx_pc_only_members(c, kw, langs) == 0) {
		const char *lang;
		json_t *list;
		json_object_foreach(kw, lang, list) {
			size_t n = json_array_size(list);
			if (!json_is_array(list) || n == 0 || n > KEYWORDS_MAX) {
				gx_pc_fail_at(c, lang, "expected an array of 1 to %d keywords", KEYWORDS_MAX);
				break;
			}
			for (size_t i = 0; i < n && !c->failed; i++) {
				json_t *w = json_array_get(list, i);
				if (!json_is_string(w) || json_string_length(w) == 0 || json_string_length(w) > KEYWORD_BYTES) {
					size_t m2 = gx_pc_push(c, lang);
					gx_pc_push_index(c, i);
					gx_pc_fail(c, "expected a keyword of 1 to %d bytes", KEYWORD_BYTES);
					gx_pc_pop(c, m2);
				}
			}
			if (c->failed)
				break;
		}
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

int gx_pc_catalogue(struct gx_pc *c, json_t *d)
{
	json_t *v;
	if ((v = json_object_get(d, "themes")) != NULL && check_themes(c, v) != 0)
		return -1;
	if ((v = json_object_get(d, "life_events")) != NULL && check_life_events(c, v) != 0)
		return -1;
	if ((v = json_object_get(d, "about")) != NULL && check_about(c, v) != 0)
		return -1;
	if ((v = json_object_get(d, "keywords")) != NULL && check_keywords(c, v) != 0)
		return -1;
	if ((v = json_object_get(d, "without_login")) != NULL && !json_is_boolean(v))
		return gx_pc_fail_at(c, "without_login", "expected true or false");
	if (json_is_true(v)) {
		/* Without logging in: nobody to prefill for, no draft to hold files,
		 * no person to ask for consent later. */
		if (json_object_get(d, "reuse") != NULL)
			return gx_pc_fail_at(c, "without_login",
					     "a procedure without login cannot offer reuse: there is no person to ask");
		for (size_t i = 0; i < c->nfields; i++) {
			if (json_object_get(c->fields[i].json, "prefill") != NULL)
				return gx_pc_fail_at(c, "without_login",
						     "a procedure without login prefills nothing, but field %s has a prefill",
						     c->fields[i].id);
			if (c->fields[i].kind == GX_FIELD_FILE)
				return gx_pc_fail_at(c, "without_login",
						     "a procedure without login takes no files, but field %s is a file field",
						     c->fields[i].id);
		}
	}
	return 0;
}

int gx_procedure_catalogue_check(const struct gx_procedure *p, char *err, size_t errlen)
{
	const json_t *d = gx_procedure_json(p);
	if (json_array_size(json_object_get(d, "themes")) == 0) {
		snprintf(err, errlen, "/themes: missing: the catalogue lists every procedure under at least one theme");
		return -1;
	}
	if (json_object_get(d, "about") == NULL) {
		snprintf(err, errlen, "/about: missing: every procedure has a public page saying who may use it, what is "
				      "needed, how long it takes and what it costs");
		return -1;
	}
	if (json_object_get(d, "help") == NULL) {
		snprintf(err, errlen, "/help: missing: the public page says what the procedure is");
		return -1;
	}
	return 0;
}
