/* The person's side of the letter box (letterbox.h): reading it, opening a
 * document (the sender's read receipt), confirming, archiving, choosing per
 * type. Each change is one durable write that reads the document inside
 * the transaction, so two tabs cannot both record the first opening. */

#include "core/letterbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lb_fold.h"

#define SEARCH_MAX 200

enum gx_db_status gx_lb_read(struct gx_store_conn *db, struct gx_space_id space, long long id,
			     struct gx_lb_document *out)
{
	if (id <= 0)
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_lb_get(db, id, out);
	if (st == GX_DB_ONE_RESULT && out->space_id != space.v)
		return GX_DB_NO_RESULTS;
	return st;
}

enum gx_db_status gx_lb_list(struct gx_store_conn *db, struct gx_space_id space, const struct gx_lb_filter *f,
			     struct gx_lb_document *rows, size_t limit, size_t *n, bool *more)
{
	char folded[SEARCH_MAX * 2 + 1];
	long long page = f->page > 0 ? f->page : 1;
	struct gx_lb_query query = {.space_id = space.v, .org = f->org, .doc_type = f->doc_type, .unread = f->unread,
				    .archived = f->archived, .offset = (page - 1) * (long long)limit};
	if (f->q != NULL && f->q[0] != '\0') {
		/* each word (the first GX_LB_SEARCH_WORDS) must be in the title */
		size_t len = strlen(f->q), nw = 0;
		char *save = NULL;
		gx_lb_fold(f->q, len < SEARCH_MAX ? len : SEARCH_MAX, folded, sizeof(folded));
		for (char *w = strtok_r(folded, " \t", &save); w != NULL && nw < GX_LB_SEARCH_WORDS;
		     w = strtok_r(NULL, " \t", &save))
			query.words[nw++] = w;
	}
	return gx_store_lb_list(db, &query, rows, limit, n, more);
}

enum gx_db_status gx_lb_unread(struct gx_store_conn *db, struct gx_space_id space, long long *n)
{
	return gx_store_lb_unread_count(db, space.v, n);
}

/* --- changes -------------------------------------------------------------------------- */

enum op { OP_OPEN, OP_CONFIRM, OP_ARCHIVE, OP_UNARCHIVE, OP_OPTIN };

struct change {
	const struct gx_core_ctx *c;
	enum op op;
	long long space_id, id;
	struct gx_lb_choice *choices;   /* OP_OPTIN: checked, their strings the domain's */
	size_t nchoices;
	struct gx_lb_document doc;
	void *bytes;                    /* OP_OPEN: malloc'ed */
	size_t len;
	struct gx_lb_done r;
	gx_lb_done_fn done;
	void *arg;
};

/* The sender's feed: what happened to its document, when. */
static enum gx_db_status feed(struct gx_store_conn *w, const struct gx_lb_document *d, const char *kind,
			      long long at_us)
{
	json_t *data = json_pack("{s:I, s:s, s:I}", "document", (json_int_t)d->id, "type", d->doc_type, "at_us",
				 (json_int_t)at_us);
	char *text = data != NULL ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	if (text == NULL)
		return GX_DB_HARD_ERROR;
	enum gx_db_status st = gx_store_org_event_append(w, d->org, at_us, kind, d->submission_id, text, NULL);
	free(text);
	return st;
}

static enum gx_db_status write_change(struct gx_store_conn *w, void *arg)
{
	struct change *ch = arg;
	long long now = ch->c->now_us;
	enum gx_db_status st;
	ch->r = (struct gx_lb_done){.status = GX_CORE_OK};
	free(ch->bytes);
	ch->bytes = NULL;
	if (ch->op == OP_OPTIN) {
		for (size_t i = 0; i < ch->nchoices; i++)
			if ((st = gx_store_lb_optin_set(w, ch->space_id, ch->choices[i].org, ch->choices[i].doc_type,
							ch->choices[i].on, now)) < 0)
				return st;
		return GX_DB_ONE_RESULT;
	}
	if ((st = gx_lb_read(w, GX_ID(gx_space_id, ch->space_id), ch->id, &ch->doc)) <= 0) {
		ch->r.status = st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_NOT_FOUND;
		return st < 0 ? st : GX_DB_NO_RESULTS;
	}
	switch (ch->op) {
	case OP_OPEN:
		if ((st = gx_store_lb_content(w, ch->id, &ch->bytes, &ch->len)) <= 0)
			return st < 0 ? st : GX_DB_HARD_ERROR;
		if ((st = gx_store_lb_mark_read(w, ch->id, now)) < 0)
			return st;
		if (st == GX_DB_ONE_RESULT && (st = feed(w, &ch->doc, "letterbox.read", now)) < 0)
			return st;
		break;
	case OP_CONFIRM:
		if (!ch->doc.confirmation_required) {
			ch->r = (struct gx_lb_done){.status = GX_CORE_INVALID,
						    .why = "the sender did not ask to confirm receipt of this document"};
			return GX_DB_NO_RESULTS;
		}
		/* Confirming is also opening it, if that was not done. */
		if ((st = gx_store_lb_mark_read(w, ch->id, now)) < 0)
			return st;
		if (st == GX_DB_ONE_RESULT && (st = feed(w, &ch->doc, "letterbox.read", now)) < 0)
			return st;
		if ((st = gx_store_lb_confirm(w, ch->id, now)) < 0)
			return st;
		if (st == GX_DB_ONE_RESULT && (st = feed(w, &ch->doc, "letterbox.confirmed", now)) < 0)
			return st;
		break;
	case OP_ARCHIVE:
	case OP_UNARCHIVE:
		if ((st = gx_store_lb_archive(w, ch->id, ch->op == OP_ARCHIVE)) < 0)
			return st;
		break;
	case OP_OPTIN:
		break;
	}
	return gx_store_lb_get(w, ch->id, &ch->doc) < 0 ? GX_DB_HARD_ERROR : GX_DB_ONE_RESULT;
}

static void on_changed(void *arg, enum gx_db_status result)
{
	struct change *ch = arg;
	if (result < 0)
		ch->r = (struct gx_lb_done){.status = GX_CORE_UNAVAILABLE};
	if (ch->r.status == GX_CORE_OK && ch->op != OP_OPTIN) {
		ch->r.doc = &ch->doc;
		ch->r.bytes = ch->bytes;
		ch->r.len = ch->len;
	}
	ch->done(ch->arg, &ch->r);
	free(ch->bytes);
	ch->bytes = NULL;
}

static void change(const struct gx_core_ctx *c, enum op op, struct gx_space_id space, long long id, gx_lb_done_fn done,
		   void *arg)
{
	struct change *ch = gx_core_alloc(c, sizeof(*ch));
	*ch = (struct change){.c = c, .op = op, .space_id = space.v, .id = id, .done = done, .arg = arg};
	if (id <= 0) {
		ch->r.status = GX_CORE_NOT_FOUND;
		done(arg, &ch->r);
		return;
	}
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}

void gx_lb_open(const struct gx_core_ctx *c, struct gx_space_id space, long long id, gx_lb_done_fn done, void *arg)
{
	change(c, OP_OPEN, space, id, done, arg);
}

void gx_lb_confirm(const struct gx_core_ctx *c, struct gx_space_id space, long long id, gx_lb_done_fn done, void *arg)
{
	change(c, OP_CONFIRM, space, id, done, arg);
}

void gx_lb_archive(const struct gx_core_ctx *c, struct gx_space_id space, long long id, bool archived,
		   gx_lb_done_fn done, void *arg)
{
	change(c, archived ? OP_ARCHIVE : OP_UNARCHIVE, space, id, done, arg);
}

/* --- opt-in per type ---------------------------------------------------------------- */

json_t *gx_lb_optins_view(struct gx_store_conn *db, const struct gx_domain *domain, struct gx_space_id space)
{
	char *text = NULL;
	if (gx_store_lb_optins(db, space.v, &text) < 0)
		return NULL;
	json_error_t err;
	json_t *chosen = json_loads(text != NULL ? text : "[]", 0, &err);
	free(text);
	if (chosen == NULL)
		return NULL;
	json_t *out = json_array();
	const struct gx_lb_types *types = &domain->letterbox;
	for (size_t i = 0; out != NULL && i < types->n; i++) {
		const struct gx_lb_type *t = &types->items[i];
		bool on = false;
		size_t k;
		json_t *o;
		json_array_foreach(chosen, k, o) {
			on |= strcmp(json_string_value(json_object_get(o, "org")), t->org) == 0 &&
			      strcmp(json_string_value(json_object_get(o, "type")), t->id) == 0;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:b}", "org", t->org, "type", t->id,
						     "titles", "fr", t->titles[0], "de", t->titles[1], "en",
						     t->titles[2], "electronic", on));
	}
	json_decref(chosen);
	return out;
}

void gx_lb_optins_save(const struct gx_core_ctx *c, struct gx_space_id space, const struct gx_lb_choice *choices,
		       size_t n, gx_lb_done_fn done, void *arg)
{
	struct change *ch = gx_core_alloc(c, sizeof(*ch));
	*ch = (struct change){.c = c, .op = OP_OPTIN, .space_id = space.v, .done = done, .arg = arg};
	ch->choices = gx_core_alloc(c, (n > 0 ? n : 1) * sizeof(*ch->choices));
	for (size_t i = 0; i < n; i++) {
		const struct gx_lb_type *t = gx_lb_type_find(&c->domain->letterbox, choices[i].org, choices[i].doc_type);
		if (t == NULL || t->decision) {
			ch->r = (struct gx_lb_done){.status = GX_CORE_INVALID, .why = "not a document type one chooses"};
			done(arg, &ch->r);
			return;
		}
		ch->choices[i] = (struct gx_lb_choice){.org = t->org, .doc_type = t->id, .on = choices[i].on};
	}
	ch->nchoices = n;
	gx_durable_submit(c->durable, write_change, ch, on_changed);
}
