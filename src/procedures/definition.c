/** Parses a procedure definition and checks its top level: id, version,
 *  organisation, titles, statuses, steps, rules and reuse; the parts below
 *  are checked by check_statuses.c, check_fields.c, check_kinds.c,
 *  check_prefill.c, check_refs.c and check_reuse.c. */

#include "procedures/definition.h"

#include <stdlib.h>
#include <string.h>

#include "json/spec.h"
#include "procedures/check_int.h"

/* Deepest nesting of a valid definition: top, steps, step, fields, field,
 * then per group level fields, field; then options, option, labels. */
#define DEPTH_MAX 16

struct gx_procedure {
	json_t *json;
	const char **themes;    /* NULL-terminated, pointing into json */
	const char *id;
	const char *organisation;
	int version;
	unsigned audience; /* GX_AUDIENCE_* bits */
	bool has_files; /* a file field anywhere, groups included */
	struct gx_status_table statuses;
	struct gx_reuse *reuse; /* NULL: the definition offers none */
};

/* Compiles the kinds of every field the check recorded (groups' fields
 * too) into the tree (field_kind.h), and notes whether one is a file field. */
static int compile_kinds(struct gx_pc *c, struct gx_procedure *p)
{
	for (size_t i = 0; i < c->nfields; i++) {
		if (gx_field_kind_set(c->fields[i].json, c->fields[i].kind) != 0)
			return gx_pc_fail(c, "out of memory");
		p->has_files |= c->fields[i].kind == GX_FIELD_FILE;
	}
	return 0;
}

static int check_steps(struct gx_pc *c, json_t *steps)
{
	static const char *const members[] = {"id", "titles", "help", "fields", NULL};
	size_t n = json_array_size(steps);
	if (steps == NULL)
		return gx_pc_fail_at(c, "steps", "missing: a definition has steps");
	size_t mark = gx_pc_push(c, "steps");
	if (!json_is_array(steps) || n == 0 || n > GX_PROCEDURE_STEPS_MAX) {
		gx_pc_fail(c, "expected an array of 1 to %d steps", GX_PROCEDURE_STEPS_MAX);
		goto out;
	}
	for (size_t i = 0; i < n && !c->failed; i++) {
		json_t *s = json_array_get(steps, i);
		size_t m2 = gx_pc_push_index(c, i);
		if (!json_is_object(s)) {
			gx_pc_fail(c, "expected a step object");
			goto next;
		}
		if (gx_pc_only_members(c, s, members) != 0)
			goto next;
		json_t *id = json_object_get(s, "id");
		if (!gx_pc_field_id_ok(json_string_value(id))) {
			gx_pc_fail_at(c, "id", "a step id is [a-z][a-z0-9_]{0,63}");
			goto next;
		}
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(steps, j), "id"), id)) {
				gx_pc_fail_at(c, "id", "duplicate step id");
				goto next;
			}
		if (gx_pc_texts(c, s, "titles", true) != 0 || gx_pc_texts(c, s, "help", false) != 0)
			goto next;
		if (json_object_get(s, "fields") == NULL) {
			gx_pc_fail_at(c, "fields", "missing: a step has fields");
			goto next;
		}
		size_t m3 = gx_pc_push(c, "fields");
		gx_pc_fields(c, json_object_get(s, "fields"), -1, 0);
		gx_pc_pop(c, m3);
next:
		gx_pc_pop(c, m2);
	}
out:
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

/* Who the procedure is for: the spaces it can be started in. Absent: private
 * spaces only. 0 when malformed. */
static unsigned audience_of(const json_t *a)
{
	if (a == NULL)
		return GX_AUDIENCE_PRIVATE;
	if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > 2)
		return 0;
	unsigned bits = 0;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		unsigned bit = s == NULL ? 0
			       : strcmp(s, "private") == 0 ? GX_AUDIENCE_PRIVATE
			       : strcmp(s, "professional") == 0 ? GX_AUDIENCE_PROFESSIONAL
								 : 0;
		if (bit == 0 || (bits & bit) != 0)
			return 0;
		bits |= bit;
	}
	return bits;
}

static int check_top(struct gx_pc *c, json_t *d, struct gx_status_table *statuses)
{
	static const char *const members[] = {"id", "version", "organisation", "audience", "titles", "help",
					      "statuses", "steps", "rules", "reuse", "automatic", "themes", "life_events",
					      "about", "keywords", "without_login", "$schema", NULL};
	if (!json_is_object(d))
		return gx_pc_fail(c, "expected a JSON object");
	if (gx_pc_only_members(c, d, members) != 0 || gx_pc_strings_bounded(c, d) != 0)
		return -1;
	if (!gx_pc_procedure_id_ok(json_string_value(json_object_get(d, "id"))))
		return gx_pc_fail_at(c, "id", "a procedure id is [a-z0-9-]{3,64}");
	json_t *v = json_object_get(d, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000)
		return gx_pc_fail_at(c, "version", "expected an integer from 1 to 1000000");
	const char *org = json_string_value(json_object_get(d, "organisation"));
	if (!gx_pc_procedure_id_ok(org))
		return gx_pc_fail_at(c, "organisation", "expected an organisation id [a-z0-9-]{3,64}");
	if (c->ctx != NULL && c->ctx->organisations != NULL) {
		bool known = false;
		for (size_t i = 0; i < c->ctx->norganisations && !known; i++)
			known = strcmp(c->ctx->organisations[i], org) == 0;
		if (!known)
			return gx_pc_fail_at(c, "organisation", "not in organisations.json");
	}
	if (gx_pc_texts(c, d, "titles", true) != 0 || gx_pc_texts(c, d, "help", false) != 0)
		return -1;
	if (audience_of(json_object_get(d, "audience")) == 0)
		return gx_pc_fail_at(c, "audience", "expected [\"private\"], [\"professional\"] or both, each once");
	json_t *st = json_object_get(d, "statuses");
	if (st == NULL)
		return gx_pc_fail_at(c, "statuses", "missing: the statuses a case goes through");
	size_t smark = gx_pc_push(c, "statuses");
	int src = gx_pc_statuses(c, st, statuses);
	gx_pc_pop(c, smark);
	if (src != 0 || check_steps(c, json_object_get(d, "steps")) != 0)
		return -1;
	json_t *rules = json_object_get(d, "rules");
	size_t mark = gx_pc_push(c, "rules");
	int rc = gx_pc_rules(c, rules);
	gx_pc_pop(c, mark);
	if (rc != 0)
		return -1;
	if (gx_pc_automatic(c, json_object_get(d, "automatic"), statuses) != 0)
		return -1;
	if (gx_pc_reuse(c, json_object_get(d, "reuse")) != 0)
		return -1;
	return gx_pc_catalogue(c, d);
}

struct gx_procedure *gx_procedure_parse(const char *text, size_t len, const struct gx_procedure_context *ctx,
					char *err, size_t errlen)
{
	struct gx_pc c = {.err = err, .errlen = errlen, .ctx = ctx};
	struct gx_procedure *p = NULL;
	json_t *d = NULL;
	json_error_t jerr;
	struct gx_status_table statuses;

	if (errlen > 0)
		err[0] = '\0';
	if (len > GX_PROCEDURE_FILE_MAX) {
		gx_pc_fail(&c, "larger than %d bytes", GX_PROCEDURE_FILE_MAX);
		goto fail;
	}
	if (!gx_json_depth_ok(text, len, DEPTH_MAX)) {
		gx_pc_fail(&c, "nested deeper than %d", DEPTH_MAX);
		goto fail;
	}
	d = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (d == NULL) {
		gx_pc_fail(&c, "not valid JSON (line %d, column %d: %s)", jerr.line, jerr.column, jerr.text);
		goto fail;
	}
	if (check_top(&c, d, &statuses) != 0)
		goto fail;
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		gx_pc_fail(&c, "out of memory");
		goto fail;
	}
	p->json = d;
	p->id = json_string_value(json_object_get(d, "id"));
	p->organisation = json_string_value(json_object_get(d, "organisation"));
	p->version = (int)json_integer_value(json_object_get(d, "version"));
	p->audience = audience_of(json_object_get(d, "audience"));
	p->statuses = statuses; /* its ids point into d, which p now owns */
	if (compile_kinds(&c, p) != 0)
		goto fail;
	json_t *themes = json_object_get(d, "themes");
	p->themes = calloc(json_array_size(themes) + 1, sizeof(*p->themes));
	if (p->themes == NULL) {
		gx_pc_fail(&c, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < json_array_size(themes); i++)
		p->themes[i] = json_string_value(json_array_get(themes, i));
	if (json_object_get(d, "reuse") != NULL && (p->reuse = gx_reuse_compile(json_object_get(d, "reuse"))) == NULL) {
		gx_pc_fail(&c, "out of memory");
		goto fail;
	}
	free(c.fields);
	return p;
fail:
	if (p != NULL) {
		free(p->reuse);
		free(p->themes);
	}
	free(p);
	json_decref(d);
	free(c.fields);
	return NULL;
}

const char *const *gx_procedure_themes(const struct gx_procedure *p)
{
	return p->themes;
}

int gx_procedure_life_event_rank(const struct gx_procedure *p, const char *life_event)
{
	const json_t *r = life_event != NULL ? json_object_get(json_object_get(p->json, "life_events"), life_event) : NULL;
	return json_is_integer(r) ? (int)json_integer_value(r) : 0;
}

const json_t *gx_procedure_about(const struct gx_procedure *p)
{
	return json_object_get(p->json, "about");
}

const json_t *gx_procedure_keywords(const struct gx_procedure *p)
{
	return json_object_get(p->json, "keywords");
}

const char *gx_procedure_id(const struct gx_procedure *p)
{
	return p->id;
}

int gx_procedure_version(const struct gx_procedure *p)
{
	return p->version;
}

const char *gx_procedure_organisation(const struct gx_procedure *p)
{
	return p->organisation;
}

unsigned gx_procedure_audience(const struct gx_procedure *p)
{
	return p->audience;
}

bool gx_procedure_for_space(const struct gx_procedure *p, const char *space_kind)
{
	unsigned bit = space_kind == NULL ? 0
		       : strcmp(space_kind, "private") == 0 ? GX_AUDIENCE_PRIVATE
		       : strcmp(space_kind, "professional") == 0 ? GX_AUDIENCE_PROFESSIONAL
								  : 0;
	return (p->audience & bit) != 0;
}

const char *gx_procedure_title(const struct gx_procedure *p, const char *lang)
{
	if (lang == NULL || (strcmp(lang, "fr") != 0 && strcmp(lang, "de") != 0 && strcmp(lang, "en") != 0))
		return NULL;
	return json_string_value(json_object_get(json_object_get(p->json, "titles"), lang));
}

bool gx_procedure_has_files(const struct gx_procedure *p)
{
	return p->has_files;
}

const struct gx_status_table *gx_procedure_statuses(const struct gx_procedure *p)
{
	return &p->statuses;
}

const struct gx_reuse *gx_procedure_reuse(const struct gx_procedure *p)
{
	return p->reuse;
}

const json_t *gx_procedure_json(const struct gx_procedure *p)
{
	return p->json;
}

void gx_procedure_free(struct gx_procedure *p)
{
	if (p == NULL)
		return;
	json_decref(p->json);
	free(p->reuse);
	free(p->themes);
	free(p);
}
