/* "Report an error" (corrections.h): the form, prefilled with the value the
 * register holds (read now, an access record like every read), and its
 * filing. Thin over core/corrections.h.
 *
 *   GET  /my-data/corrections/new?register=…&attribute=…   the form (404 when it cannot be corrected)
 *   POST /my-data/corrections                                (multipart) 303 to the request, or the form
 *                                                            again with every fault (422)
 */

#include "portal/pages/corrections.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/corrections.h"
#include "core/prefill.h"
#include "http/multipart.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/correction_parts.h"
#include "site/page.h"
#include "site/site.h"
#include "util/buf.h"

json_t *gx_page_text_filled(const json_t *t, const char *key, const char *const *pairs)
{
	const json_t *v = t;
	const char *k = key;
	for (;;) {
		const char *dot = strchr(k, '.');
		if (dot == NULL) {
			v = json_object_get(v, k);
			break;
		}
		v = json_object_getn(v, k, (size_t)(dot - k));
		k = dot + 1;
	}
	const char *tmpl = json_string_value(v);
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_filled(&b, tmpl != NULL ? tmpl : key, pairs);
	json_t *s = b.failed ? NULL : json_string(gx_buf_cstr(&b));
	gx_buf_free(&b);
	return s;
}

void gx_page_correction_status(const json_t *t, const char *status, json_t *o)
{
	char key[48];
	snprintf(key, sizeof(key), "corr.status.%s", status != NULL ? status : "pending");
	json_object_set_new(o, "status_label", gx_page_text_filled(t, key, (const char *const[]){NULL}));
	const char *cls = status == NULL			 ? "govuk-tag--grey"
			  : strcmp(status, "accepted") == 0	 ? "govuk-tag--green"
			  : strcmp(status, "rejected") == 0	 ? "govuk-tag--red"
			  : strcmp(status, "withdrawn") == 0	 ? "govuk-tag--grey"
			  : strcmp(status, "rerouted") == 0	 ? "govuk-tag--orange"
			  : strcmp(status, "pending") == 0	 ? "govuk-tag--yellow"
							 : "govuk-tag--blue";
	json_object_set_new(o, "status_class", json_string(cls));
}

/* --- the form --------------------------------------------------------------------------------------- */

struct form {
	const struct gx_register *reg;
	const struct gx_register_attribute *a;
	const char *attribute;
	bool ready;                /* the register's value was read: the form can be sent */
	const char *current;       /* NULL: none held */
	long long version;
	const char *as_of;
	const char *key;
	const char *proposed, *explanation;
	const json_t *errors;      /* core's [{field, code, message}], or NULL */
};

static const char *type_label(const char *type)
{
	return strcmp(type, "application/pdf") == 0 ? "PDF"
	       : strcmp(type, "image/jpeg") == 0    ? "JPEG"
	       : strcmp(type, "image/png") == 0     ? "PNG"
						    : "TIFF";
}

/* The evidence's input: what it takes, as the hint says it. */
static void evidence_data(const json_t *t, const struct gx_register_evidence *e, json_t *o)
{
	struct gx_buf types = GX_BUF_INIT, accept = GX_BUF_INIT;
	for (size_t i = 0; i < e->ntypes; i++) {
		gx_buf_appendf(&types, "%s%s", i > 0 ? ", " : "", type_label(e->types[i]));
		gx_buf_appendf(&accept, "%s%s", i > 0 ? "," : "", e->types[i]);
	}
	char size[32], count[16];
	if (e->max_bytes >= 1024 * 1024)
		snprintf(size, sizeof(size), "%zu MB", e->max_bytes / (1024 * 1024));
	else
		snprintf(size, sizeof(size), "%zu KB", (e->max_bytes + 1023) / 1024);
	snprintf(count, sizeof(count), "%zu", e->max_files);
	json_object_set_new(o, "takes_evidence", json_boolean(e->max_files > 0));
	json_object_set_new(o, "multiple", json_boolean(e->max_files > 1));
	json_object_set_new(o, "accept", json_string(gx_buf_cstr(&accept)));
	json_object_set_new(o, "evidence_need", gx_page_text_filled(t, e->required ? "corr.evidence_required"
										  : "corr.evidence_optional",
								    (const char *const[]){NULL}));
	json_object_set_new(o, "evidence_limits",
			    gx_page_text_filled(t, "corr.evidence_limits",
						(const char *const[]){"types", gx_buf_cstr(&types), "size", size, "count", count, NULL}));
	gx_buf_free(&types);
	gx_buf_free(&accept);
}

/* Each fault beside its input and in the summary, linking to it. */
static void errors_data(const json_t *errors, json_t *o)
{
	json_t *summary = json_array();
	size_t i;
	json_t *e;
	json_array_foreach((json_t *)errors, i, e) {
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *text = json_string_value(json_object_get(e, "message"));
		const char *input = field != NULL && strncmp(field, "/proposed", 9) == 0      ? "proposed"
				    : field != NULL && strncmp(field, "/explanation", 12) == 0 ? "explanation"
											   : "evidence";
		char key[32], href[32];
		snprintf(key, sizeof(key), "%s_error", input);
		snprintf(href, sizeof(href), "#%s", input);
		if (json_object_get(o, key) == NULL)
			json_object_set_new(o, key, json_string(text != NULL ? text : ""));
		json_array_append_new(summary, json_pack("{s:s, s:s}", "href", href, "text", text != NULL ? text : ""));
	}
	json_object_set_new(o, "has_errors", json_boolean(json_array_size(summary) > 0));
	json_object_set_new(o, "errors", summary);
}

static enum gx_outcome form_page(struct gx_req *r, int status, const struct form *f)
{
	enum gx_lang lang = gx_req_lang(r);
	const json_t *t = gx_i18n_catalog(gx_site.i18n, lang);
	char version[24];
	snprintf(version, sizeof(version), "%lld", f->version);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:s, s:s, s:s, s:s}", "register", f->reg->name,
			      "register_title", gx_lang_text(f->reg->titles, lang), "attribute", f->attribute,
			      "attribute_title", f->a->titles[lang == GX_LANG_EN ? GX_REGISTER_EN
							       : lang == GX_LANG_FR ? GX_REGISTER_FR
										    : GX_REGISTER_DE],
			      "ready", f->ready, "has_current", f->current != NULL, "current", f->current, "version",
			      version, "key", f->key != NULL ? f->key : "", "proposed", f->proposed != NULL ? f->proposed : "",
			      "explanation", f->explanation != NULL ? f->explanation : "");
	if (o == NULL)
		return GX_SERVER_FAULT;
	json_object_set_new(o, "csrf", json_string(r->actor.session.csrf_token));
	json_object_set_new(o, "as_of", json_string(f->as_of != NULL ? f->as_of : ""));
	json_object_set_new(o, "version_text",
			    gx_page_text_filled(t, "corr.version", (const char *const[]){"version", version, "date",
										       f->as_of != NULL ? f->as_of : "", NULL}));
	const char *kind = json_string_value(json_object_get(f->a->correction_field, "kind"));
	if (kind != NULL && strcmp(kind, "date") == 0) {
		json_object_set_new(o, "proposed_hint", gx_page_text_filled(t, "corr.proposed_hint_date", (const char *const[]){NULL}));
		json_object_set_new(o, "proposed_described", json_string("proposed-hint"));
	}
	evidence_data(t, &f->a->evidence, o);
	json_t *none = json_array();
	errors_data(f->errors != NULL ? f->errors : none, o);
	json_decref(none);
	if (json_object_get(o, "proposed_error") != NULL)
		json_object_set_new(o, "proposed_described",
				    json_string(json_object_get(o, "proposed_hint") != NULL ? "proposed-hint proposed-error"
											     : "proposed-error"));
	return gx_page_reply_owned(r, status, "correction_new", "corr.new_title", o);
}

struct reading {
	struct gx_req *r;
	struct form f;
};

static void on_read(void *arg, struct gx_prefill *pf)
{
	struct reading *rd = arg;
	struct gx_req *r = rd->r;
	if (pf == NULL || pf->failed_closed) {
		gx_reply_problem(r, pf == NULL ? GX_ERR_INTERNAL : GX_ERR_UNAVAILABLE, NULL,
				 "the access to your data could not be recorded");
		return;
	}
	const struct gx_prefill_source *s = &pf->sources[0];
	rd->f.ready = s->status == GX_SOURCE_OK && s->answer.nvalues == 1;
	if (rd->f.ready) {
		const struct gx_answer_value *v = &s->answer.values[0];
		if (json_is_string(v->value))
			rd->f.current = gx_core_strndup(gx_app_ctx(r), json_string_value(v->value), json_string_length(v->value));
		else if (!json_is_null(v->value))
			rd->f.ready = false; /* not a value a person corrects as text */
		rd->f.version = v->version;
		rd->f.as_of = gx_core_strndup(gx_app_ctx(r), v->as_of, strlen(v->as_of));
	}
	if (form_page(r, 200, &rd->f) == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_correction_new(struct gx_req *r)
{
	size_t qlen;
	const char *q = gx_query_of(r->h2o->path.base, r->h2o->path.len, &qlen);
	char name[GX_REGISTER_NAME_MAX + 1], attribute[GX_REGISTER_ATTRIBUTE_MAX + 1];
	if (gx_query_get(q, qlen, "register", name, sizeof(name)) <= 0 ||
	    gx_query_get(q, qlen, "attribute", attribute, sizeof(attribute)) <= 0)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	const struct gx_core_ctx *c = gx_app_ctx(r);
	const struct gx_register_attribute *a = gx_correction_rules(c->domain, name, attribute);
	if (a == NULL)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	struct reading *rd = gx_req_alloc(r, sizeof(*rd));
	memset(rd, 0, sizeof(*rd));
	rd->r = r;
	rd->f.reg = gx_registers_find(&c->domain->registers, name);
	rd->f.a = a;
	rd->f.attribute = a->name;
	/* A new key for each form shown: sending it twice files one request. */
	unsigned char rnd[16];
	char *key = gx_req_alloc(r, 33);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(key, 33, rnd, sizeof(rnd));
	rd->f.key = key;
	gx_prefill_for_attribute(c, rd->f.reg, a->name, on_read, rd);
	return GX_DONE;
}

/* --- filing -------------------------------------------------------------------------------------------- */

struct filing {
	struct gx_req *r;
	struct form f;
	struct gx_correction_upload files[GX_CORRECTION_UPLOADS_MAX];
};

/* A plain part as a string in the request's memory; NULL when absent or holding a NUL. */
static const char *part_text(struct gx_req *r, const char *name)
{
	const struct gx_multipart_part *p = gx_multipart_find(r->multipart, name);
	if (p == NULL || p->filename != NULL || memchr(p->data, '\0', p->len) != NULL)
		return NULL;
	char *s = gx_req_alloc(r, p->len + 1);
	memcpy(s, p->data, p->len);
	s[p->len] = '\0';
	return s;
}

static void on_filed(void *arg, const struct gx_correction_filed *res)
{
	struct filing *fl = arg;
	struct gx_req *r = fl->r;
	enum gx_outcome o = GX_DONE;
	char href[64];
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/my-data/corrections/%lld", res->id);
		o = gx_reply_redirect(r, href);
		break;
	case GX_CORE_INVALID:
		if (res->refused != NULL || fl->f.a == NULL) {
			o = gx_reply_problem(r, GX_ERR_INVALID_FIELD, res->refused != NULL ? res->refused + 1 : "attribute",
					     res->refused_detail);
			break;
		}
		fl->f.errors = res->errors;
		o = form_page(r, 422, &fl->f);
		break;
	case GX_CORE_CONFLICT:
		o = gx_reply_problem(r, GX_ERR_CONFLICT, "key", "this form was sent before with other answers: open it again");
		break;
	case GX_CORE_UNAVAILABLE:
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "your request could not be stored; try again");
		break;
	default:
		o = GX_SERVER_FAULT;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_page_correction_file(struct gx_req *r)
{
	struct filing *fl = gx_req_alloc(r, sizeof(*fl));
	memset(fl, 0, sizeof(*fl));
	fl->r = r;
	const struct gx_core_ctx *c = gx_app_ctx(r);
	const char *name = part_text(r, "register"), *version = part_text(r, "current_version");
	fl->f.attribute = part_text(r, "attribute");
	fl->f.reg = name != NULL ? gx_registers_find(&c->domain->registers, name) : NULL;
	fl->f.a = gx_correction_rules(c->domain, name, fl->f.attribute);
	fl->f.ready = true;
	fl->f.current = part_text(r, "current_value");
	fl->f.as_of = part_text(r, "current_as_of");
	fl->f.key = part_text(r, "key");
	fl->f.proposed = part_text(r, "proposed");
	fl->f.explanation = part_text(r, "explanation");
	char *end = NULL;
	fl->f.version = version != NULL ? strtoll(version, &end, 10) : -1;
	if (version == NULL || *end != '\0' || fl->f.version < 0)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "current_version", "the form's version of the value");
	struct gx_correction_ask ask = {
		.register_name = name, .attribute = fl->f.attribute, .key = fl->f.key, .current_value = fl->f.current,
		.current_version = fl->f.version, .proposed = fl->f.proposed != NULL ? fl->f.proposed : "",
		.explanation = fl->f.explanation != NULL ? fl->f.explanation : "", .files = fl->files,
		.nfiles = gx_correction_uploads(r, fl->files), .lang = gx_lang_code(gx_req_lang(r))};
	gx_correction_file(c, &ask, on_filed, fl);
	return GX_DONE;
}
