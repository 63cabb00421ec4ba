/* "My data": what each register holds about the logged-in person, read now
 * through the prefill engine (so every read is an access record), with its
 * as-of date; the Yes/No choice per register; apart, the data the person
 * declared themselves (self_declared.c). */

#include "portal/mydata.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "http/durable.h"
#include "http/query.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "json/spec.h"
#include "portal/app.h"
#include "portal/pages/page.h"
#include "portal/self_declared.h"
#include "sources/prefill.h"
#include "store/store.h"

#define MAX_REGISTERS 64

struct mydata {
	struct gx_person person;
	bool html;
	struct gx_prefill_want wants[MAX_REGISTERS];
	bool declined[MAX_REGISTERS];
};

static const char *title_in(json_t *titles, enum gx_lang lang)
{
	const char *t = json_string_value(json_object_get(titles, gx_lang_code(lang)));
	if (t == NULL && lang == GX_LANG_LB)
		t = json_string_value(json_object_get(titles, "de"));
	return t != NULL ? t : json_string_value(json_object_get(titles, "fr"));
}

/* A register value as a line of text: strings as they are, lists joined,
 * records (a vehicle) as their fields joined. */
static void append_text(struct gx_buf *b, json_t *v)
{
	size_t i;
	json_t *item;
	const char *key;
	switch (json_typeof(v)) {
	case JSON_STRING:
		gx_buf_append_str(b, json_string_value(v));
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
			append_text(b, item);
		}
		break;
	case JSON_OBJECT:
		i = 0;
		json_object_foreach(v, key, item) {
			if (i++ > 0)
				gx_buf_append_str(b, ", ");
			append_text(b, item);
		}
		break;
	}
}

static json_t *register_block(const struct gx_prefill_source *s, enum gx_lang lang, const char *csrf, bool withheld)
{
	const struct gx_register *reg = s->reg;
	bool ok = s->status == GX_SOURCE_OK && !withheld;
	json_t *values = json_array();
	for (size_t i = 0; ok && i < s->answer.nvalues; i++) {
		const struct gx_answer_value *v = &s->answer.values[i];
		struct gx_buf text = GX_BUF_INIT;
		append_text(&text, v->value);
		json_array_append_new(values,
				      json_pack("{s:s, s:s, s:s, s:s%}", "attribute", v->attribute, "label",
						title_in(json_object_get(reg->attribute_titles, v->attribute), lang),
						"as_of", v->as_of, "value", gx_buf_cstr(&text), text.len));
		gx_buf_free(&text);
	}
	char key[64];
	snprintf(key, sizeof(key), "mydata.status.%s", gx_source_status_name(s->status));
	const char *message = s->status != GX_SOURCE_OK && s->status != GX_SOURCE_DECLINED
				      ? gx_i18n_get(gx_app.i18n, lang, key)
				      : NULL;
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:o, s:b, s:s?, s:b, s:b, s:s}", "name", reg->name, "title",
			 title_in(reg->titles, lang), "status", gx_source_status_name(s->status), "ok", ok, "declined",
			 s->status == GX_SOURCE_DECLINED, "values", values, "has_values", json_array_size(values) > 0,
			 "status_message", message, "choice", reg->choice, "allowed", s->status != GX_SOURCE_DECLINED,
			 "csrf", csrf);
}

static void on_prefilled(struct gx_prefill *pf, void *arg)
{
	struct mydata *md = arg;
	struct gx_req *r = pf->r;
	if (r->replied)
		return; /* the durable queue refused and answered 503 */
	enum gx_lang lang = gx_page_lang(r);
	json_t *registers = json_array();
	for (size_t i = 0; i < pf->n; i++)
		json_array_append_new(registers,
				      register_block(&pf->sources[i], lang, r->actor.session.csrf_token, pf->failed_closed));
	json_t *data = json_pack("{s:o, s:b}", "registers", registers, "withheld", pf->failed_closed);
	/* The person's own declarations: not from a register, always shown, apart. */
	json_t *self = gx_self_declared_load(gx_req_store(r), r->actor.session.person_id);
	if (self == NULL) {
		json_decref(data);
		data = NULL;
	} else if (data != NULL) {
		if (md->html)
			json_object_set_new(data, "self", gx_self_declared_page_block(self, lang, r->actor.session.csrf_token));
		else
			json_object_set_new(data, "self_declared", gx_self_declared_api_values(self));
	}
	json_decref(self);
	if (data == NULL) {
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (md->html) {
		if (gx_page_reply(r, 200, "my_data", "mydata.title", data) != GX_DONE)
			gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	} else {
		/* The API: the same, without the page's texts. */
		size_t i;
		json_t *reg;
		json_array_foreach(registers, i, reg) {
			json_object_del(reg, "csrf");
			json_object_del(reg, "status_message");
			json_object_del(reg, "ok");
			json_object_del(reg, "has_values");
		}
		gx_reply_json(r, pf->failed_closed ? 503 : 200, data);
	}
	json_decref(data);
}

static enum gx_outcome start(struct gx_req *r, bool html)
{
	struct mydata *md = gx_req_alloc(r, sizeof(*md));
	memset(md, 0, sizeof(*md));
	md->html = html;
	struct gx_store_conn *db = gx_req_store(r);
	if (gx_store_person_get(db, r->actor.session.person_id, &md->person) != GX_DB_ONE_RESULT)
		return GX_SERVER_FAULT;
	char declined[MAX_REGISTERS][GX_REGISTER_NAME_MAX];
	size_t ndeclined = 0;
	if (gx_store_prefill_declined(db, r->actor.session.person_id, declined, MAX_REGISTERS, &ndeclined) < 0)
		return GX_SERVER_FAULT;
	const struct gx_registers *regs = &gx_app.registers;
	size_t n = regs->count < MAX_REGISTERS ? regs->count : MAX_REGISTERS;
	for (size_t i = 0; i < n; i++) {
		const struct gx_register *reg = &regs->items[i];
		md->wants[i] = (struct gx_prefill_want){reg, (const char *const *)reg->my_data, reg->nmy_data};
		for (size_t j = 0; j < ndeclined; j++)
			if (reg->choice && strcmp(declined[j], reg->name) == 0)
				md->declined[i] = true;
	}
	gx_prefill_start(r, md->person.national_id, "my-data", "GDPR Art. 15: the person's access to their own data",
			 md->wants, n, md->declined, regs->deadline_ms, on_prefilled, md);
	return GX_DONE;
}

enum gx_outcome gx_mydata_page(struct gx_req *r)
{
	return start(r, true);
}

enum gx_outcome gx_mydata_api(struct gx_req *r)
{
	return start(r, false);
}

/* --- the Yes/No choice ------------------------------------------------------------ */

struct choice {
	long long person_id;
	char name[GX_REGISTER_NAME_MAX];
	bool allowed;
	bool form;
};

static enum gx_db_status write_choice(struct gx_store_conn *w, void *arg)
{
	struct choice *c = arg;
	return gx_store_prefill_choice_set(w, c->person_id, c->name, c->allowed, gx_wall_us());
}

static void on_choice_stored(struct gx_req *r, void *arg, enum gx_db_status result)
{
	struct choice *c = arg;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the choice could not be stored; try again");
		return;
	}
	if (c->form) {
		gx_reply_redirect(r, "/my-data");
		return;
	}
	json_t *body = json_pack("{s:s, s:b}", "register", c->name, "allow", c->allowed);
	if (body == NULL || gx_reply_json(r, 200, body) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	json_decref(body);
}

/* The choice is a consent decision: stored durably (group commit) before the answer. */
static enum gx_outcome set_choice(struct gx_req *r, const char *name, bool allowed, bool form)
{
	const struct gx_register *reg = name != NULL ? gx_registers_find(&gx_app.registers, name) : NULL;
	if (reg == NULL || !reg->choice)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, form ? "register" : "/register",
					"no register with a choice has this name");
	struct choice *c = gx_req_alloc(r, sizeof(*c));
	c->person_id = r->actor.session.person_id;
	snprintf(c->name, sizeof(c->name), "%s", reg->name);
	c->allowed = allowed;
	c->form = form;
	return gx_req_durable(r, write_choice, c, on_choice_stored);
}

enum gx_outcome gx_mydata_choice_form(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char name[GX_REGISTER_NAME_MAX], allow[8];
	if (body.base == NULL || gx_query_get(body.base, body.len, "register", name, sizeof(name)) <= 0)
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "register", NULL);
	if (gx_query_get(body.base, body.len, "allow", allow, sizeof(allow)) <= 0 ||
	    (strcmp(allow, "yes") != 0 && strcmp(allow, "no") != 0))
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "allow", "yes or no");
	return set_choice(r, name, strcmp(allow, "yes") == 0, true);
}

const struct gx_json_field gx_mydata_choice_spec[] = {
	{.name = "register", .kind = GX_JSON_STRING, .required = true, .min_len = 1, .max_len = 63},
	{.name = "allow", .kind = GX_JSON_BOOLEAN, .required = true},
	{.name = NULL},
};

enum gx_outcome gx_mydata_choice_api(struct gx_req *r)
{
	return set_choice(r, json_string_value(json_object_get(r->json, "register")),
			  json_is_true(json_object_get(r->json, "allow")), false);
}
