/* The forms of a case's page, each changing the case at the revision the
 * agent saw (no JavaScript needed):
 *
 *   POST /backoffice/orgs/{org}/cases/{submission}/assign    assignee=me|NATIONAL_ID|none
 *   POST /backoffice/orgs/{org}/cases/{submission}/note      text
 *   POST /backoffice/orgs/{org}/cases/{submission}/status    (multipart) status, message, decision, decision_file
 *   POST /backoffice/orgs/{org}/cases/{submission}/request   question, files (0–5)
 *   GET  /backoffice/orgs/{org}/cases/{submission}/files/{attachment}
 *
 * Done: 303 back to the case. Refused: the case again with the reason in
 * its error summary (422), or with what changed meanwhile (409). */

#include "backoffice/pages/case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoffice/ctx.h"
#include "backoffice/pages/form_field.h"
#include "core/attachments.h"
#include "core/cases.h"
#include "core/reuse.h"
#include "forms/labels.h"
#include "forms/register_view.h"
#include "http/multipart.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "site/page.h"
#include "site/site.h"
#include "util/buf.h"

/* The revision the agent saw (the form's hidden field), or 0. */
static long long revision_of(struct gx_req *r)
{
	const char *v = gx_bo_field(r, "revision");
	char *end;
	long long n = v != NULL ? strtoll(v, &end, 10) : 0;
	return v != NULL && v[0] != '\0' && *end == '\0' && n > 0 ? n : 0;
}

/* The page's message for a refusal, in the agent's language. */
static const char *message(struct gx_req *r, const char *key)
{
	char full[64];
	snprintf(full, sizeof(full), "bo.errors.%s", key);
	const char *m = gx_i18n_get(gx_site.i18n, gx_req_lang(r), full);
	return m != NULL ? m : key;
}

static void on_done(void *arg, const struct gx_case_changed *res)
{
	struct gx_req *r = arg;
	char href[200];
	enum gx_outcome o = GX_DONE;
	switch (res->status) {
	case GX_CORE_OK:
		snprintf(href, sizeof(href), "/backoffice/orgs/%s/cases/%lld#timeline", gx_req_param(r, "org"),
			 gx_req_param_id(r, "submission"));
		o = gx_reply_redirect(r, href);
		break;
	case GX_CORE_INVALID: {
		char anchor[48];
		snprintf(anchor, sizeof(anchor), "#f-%s", res->field != NULL ? res->field : "actions");
		o = gx_bo_case_reply(r, 422,
				     json_pack("[{s:s, s:s}]", "text", message(r, res->field != NULL ? res->field : "invalid"),
					       "href", anchor),
				     NULL);
		break;
	}
	case GX_CORE_CONFLICT:
		o = gx_bo_case_reply(r, 409, json_pack("[{s:s, s:s}]", "text", message(r, "conflict"), "href", "#case"),
				     NULL);
		break;
	case GX_CORE_NOT_FOUND:
		o = gx_page_error(r, GX_ERR_NOT_FOUND);
		break;
	case GX_CORE_UNAVAILABLE:
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the case could not be changed; try again");
		break;
	default:
		o = GX_SERVER_FAULT;
		break;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

/* The case of the path, at the revision the form carries (a form that
 * changes the case must carry it). */
static bool order_of(struct gx_req *r, struct gx_case_order *o)
{
	*o = (struct gx_case_order){.submission_id = gx_req_param_id(r, "submission"), .revision = revision_of(r)};
	return o->submission_id > 0;
}

/* The form's revision is missing: a form of ours always has one. */
static enum gx_outcome no_revision(struct gx_req *r)
{
	return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "revision", "the form names no revision of the case");
}

enum gx_outcome gx_bo_case_assign(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	struct gx_case_order o;
	const char *to = gx_bo_field(r, "assignee");
	if (bo == NULL)
		return GX_SERVER_FAULT;
	if (!order_of(r, &o))
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	if (o.revision == 0)
		return no_revision(r);
	if (to == NULL || to[0] == '\0')
		return gx_reply_problem(r, GX_ERR_MISSING_FIELD, "assignee", "me, a national id, or none");
	const char *assignee = strcmp(to, "none") == 0 ? NULL : strcmp(to, "me") == 0 ? bo->who.agent : to;
	gx_case_assign(bo->c, &bo->who, &o, assignee, on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_bo_case_note(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	struct gx_case_order o;
	const char *text = gx_bo_field(r, "text");
	if (bo == NULL)
		return GX_SERVER_FAULT;
	if (!order_of(r, &o))
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	if (text == NULL)
		return gx_reply_problem(r, GX_ERR_INVALID_FIELD, "text", "badly encoded or too long");
	gx_case_note(bo->c, &bo->who, &o, text, on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_bo_case_status(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	struct gx_case_order o;
	if (bo == NULL)
		return GX_SERVER_FAULT;
	if (!order_of(r, &o))
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	if (o.revision == 0)
		return no_revision(r);
	const char *to = gx_bo_field(r, "status"), *msg = gx_bo_field(r, "message"), *text = gx_bo_field(r, "decision");
	if (to == NULL || msg == NULL || text == NULL)
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "a field is badly encoded or too long");
	/* The message the person reads, in the language the agent wrote it. */
	char *message_json = NULL;
	if (msg[0] != '\0') {
		json_t *m = json_pack("{s:s, s:s, s:s}", "fr", msg, "de", msg, "en", msg);
		message_json = m != NULL ? json_dumps(m, JSON_COMPACT) : NULL;
		json_decref(m);
		if (message_json == NULL)
			return GX_SERVER_FAULT;
	}
	struct gx_case_decision d = {.text = text[0] != '\0' ? text : NULL};
	const struct gx_multipart_part *file = r->multipart != NULL ? gx_multipart_find(r->multipart, "decision_file")
								    : NULL;
	if (file != NULL && file->filename != NULL && file->len > 0) {
		d.pdf = file->data;
		d.pdf_len = file->len;
		char *name = gx_req_alloc(r, file->filename_len + 1);
		memcpy(name, file->filename, file->filename_len);
		name[file->filename_len] = '\0';
		d.pdf_name = name;
	}
	gx_case_move(bo->c, &bo->who, &o, to, message_json, &d, on_done, r);
	free(message_json);
	return GX_DONE;
}

enum gx_outcome gx_bo_case_request(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	struct gx_case_order o;
	if (bo == NULL)
		return GX_SERVER_FAULT;
	if (!order_of(r, &o))
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	if (o.revision == 0)
		return no_revision(r);
	const char *question = gx_bo_field(r, "question"), *files = gx_bo_field(r, "files");
	if (question == NULL || files == NULL)
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "a field is badly encoded or too long");
	int wanted = files[0] >= '0' && files[0] <= '5' && files[1] == '\0' ? files[0] - '0' : files[0] == '\0' ? 0 : -1;
	gx_case_request(bo->c, &bo->who, &o, question, wanted, on_done, r);
	return GX_DONE;
}

enum gx_outcome gx_bo_case_file(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	struct gx_case k;
	long long id = gx_req_param_id(r, "submission");
	enum gx_db_status st = gx_case_read(gx_req_store(r), bo->who.org, id, &k);
	if (st < 0)
		return GX_SERVER_FAULT;
	struct gx_attachment a;
	st = st == GX_DB_ONE_RESULT ? gx_attachment_of_submission(gx_req_store(r), id, gx_req_param(r, "attachment"), &a)
				    : GX_DB_NO_RESULTS;
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	enum gx_outcome out = gx_reply_file(r, a.name[0] != '\0' ? a.name : a.id, a.content_type, a.data, (size_t)a.size);
	gx_attachment_clear(&a);
	return out;
}

/* What was fetched, as the page shows it: each register as My data shows it. */
static json_t *fetched_view(const struct gx_prefill *pf, enum gx_lang lang)
{
	json_t *out = json_array();
	for (size_t i = 0; i < pf->n; i++)
		json_array_append_new(out, gx_register_view(&pf->sources[i], lang, false));
	return out;
}

static void on_fetched(void *arg, const struct gx_reuse_result *res)
{
	struct gx_req *r = arg;
	enum gx_outcome o;
	switch (res->status) {
	case GX_CORE_OK:
		o = gx_bo_case_reply(r, 200, NULL, fetched_view(res->pf, gx_req_lang(r)));
		break;
	case GX_CORE_FORBIDDEN:
		o = gx_bo_case_reply(r, 403, json_pack("[{s:s, s:s}]", "text", message(r, "consent_missing"), "href",
						       "#consent"),
				     NULL);
		break;
	case GX_CORE_NOT_FOUND:
		o = gx_page_error(r, GX_ERR_NOT_FOUND);
		break;
	case GX_CORE_WITHHELD:
	case GX_CORE_UNAVAILABLE:
		o = gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the registers could not be asked; try again");
		break;
	default:
		o = GX_SERVER_FAULT;
		break;
	}
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

enum gx_outcome gx_bo_case_fetch(struct gx_req *r)
{
	const struct gx_bo *bo = gx_bo_ctx(r);
	if (bo == NULL)
		return GX_SERVER_FAULT;
	gx_reuse_fetch(bo->c, &bo->who, gx_req_param_id(r, "submission"), NULL, 0, on_fetched, r);
	return GX_DONE;
}
