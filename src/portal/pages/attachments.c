/* Uploading and removing a file from a step page (an HTML form posting
 * multipart/form-data), through core/attachments.h like the API. */

#include "portal/pages/attachments.h"

#include <stdio.h>
#include <string.h>

#include "core/attachments.h"
#include "core/drafts.h"
#include "http/multipart.h"
#include "http/request.h"
#include "i18n/i18n.h"
#include "portal/app.h"
#include "site/page.h"
#include "portal/path.h"
#include "forms/form_files.h"
#include "forms/form.h"
#include "portal/pages/drafts.h"
#include "procedures/definition.h"
#include "site/site.h"

struct page_upload {
	struct gx_req *r;
	size_t step;     /* 0-based */
	bool no_name;    /* the browser sent no file (an empty filename) */
	char base[96];   /* "/spaces/S/drafts/D" */
};

static void redirect_now(struct gx_req *r, const char *location)
{
	if (gx_reply_redirect(r, location) != GX_DONE)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

static void on_page_upload(void *arg, const struct gx_upload *u)
{
	struct page_upload *pu = arg;
	struct gx_req *r = pu->r;
	char eid[GX_FILE_POINTER_MAX + 2], href[512];
	switch (u->fault) {
	case GX_UPLOAD_OK:
		gx_form_element_id(u->place.pointer, eid, sizeof(eid));
		snprintf(href, sizeof(href), "%s/steps/%zu#%s", pu->base, pu->step + 1, eid);
		redirect_now(r, href);
		return;
	case GX_UPLOAD_NO_FILE:
	case GX_UPLOAD_TOO_LARGE:
	case GX_UPLOAD_WRONG_TYPE:
	case GX_UPLOAD_TOO_MANY:
		break; /* the person can fix these: the step says why */
	case GX_UPLOAD_NO_PLACE:
		gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "no such entry in the draft for this file field");
		return;
	case GX_UPLOAD_DRAFT_GONE:
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	case GX_UPLOAD_STORE_FAILED:
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the file could not be stored; try again");
		return;
	}
	struct gx_buf msg = GX_BUF_INIT;
	gx_form_upload_message(gx_i18n_catalog(gx_site.i18n, gx_req_lang(r)), u->place.field, u->fault, pu->no_name, &msg);
	json_t *errors = json_pack("[{s:s, s:s}]", "field", u->place.pointer, "message", gx_buf_cstr(&msg));
	gx_buf_free(&msg);
	enum gx_outcome o = errors != NULL ? gx_page_draft_step_reply(r, pu->step, errors, false, 422) : GX_SERVER_FAULT;
	json_decref(errors);
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
}

/* The one file part among the body's parts, besides csrf_token; NULL with a
 * 400 queued when the body holds anything else. */
static const struct gx_multipart_part *the_file(struct gx_req *r)
{
	const struct gx_multipart *m = r->multipart;
	const struct gx_multipart_part *file = NULL;
	for (size_t i = 0; m != NULL && i < m->nparts; i++) {
		const struct gx_multipart_part *p = &m->parts[i];
		bool csrf = p->name_len == 10 && memcmp(p->name, "csrf_token", 10) == 0 && p->filename == NULL;
		if (csrf)
			continue;
		if (p->filename == NULL || file != NULL) {
			gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "send csrf_token and one file, nothing else");
			return NULL;
		}
		file = p;
	}
	if (file == NULL)
		gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the form has no file part");
	return file;
}

enum gx_outcome gx_page_file_upload(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	if (st == GX_DB_NO_RESULTS)
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	const struct gx_procedure *p = gx_app_procedure(d.procedure_id);
	const json_t *def = p != NULL ? gx_procedure_json(p) : NULL;
	long long n = gx_req_param_id(r, "n");
	if (def == NULL || n < 1 || (size_t)n > json_array_size(json_object_get(def, "steps"))) {
		gx_draft_clear(&d);
		return def == NULL ? GX_SERVER_FAULT : gx_page_error(r, GX_ERR_NOT_FOUND);
	}
	const struct gx_multipart_part *file = the_file(r);
	if (file == NULL) {
		gx_draft_clear(&d);
		return GX_CLIENT_FAULT;
	}
	/* The part's name is the field's place; it must be a file field of this step. */
	char place[GX_FILE_POINTER_MAX];
	struct gx_file_place where;
	if (file->name_len >= sizeof(place) || memchr(file->name, '\0', file->name_len) != NULL) {
		gx_draft_clear(&d);
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the file's part is not named by a file field");
	}
	memcpy(place, file->name, file->name_len);
	place[file->name_len] = '\0';
	if (gx_file_place_resolve(def, place, &where) != 0 || where.step != n - 1) {
		gx_draft_clear(&d);
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, "the file's part names no file field of this step");
	}
	struct page_upload *pu = gx_req_alloc(r, sizeof(*pu));
	pu->r = r;
	pu->step = (size_t)n - 1;
	pu->no_name = file->filename_len == 0;
	snprintf(pu->base, sizeof(pu->base), "/spaces/%lld/drafts/%lld", d.space_id, d.id);
	int rc = gx_attachment_add(gx_app_ctx(r), &d, place, file->filename, file->filename_len, file->data, file->len,
				   on_page_upload, pu);
	gx_draft_clear(&d);
	return rc == 0 ? GX_DONE : GX_SERVER_FAULT;
}

struct page_removal {
	struct gx_req *r;
	const json_t *definition;
	char base[96];
};

static void on_page_removed(void *arg, enum gx_db_status result, const char *pointer)
{
	struct page_removal *pr = arg;
	struct gx_req *r = pr->r;
	if (result < 0) {
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "the file could not be removed; try again");
		return;
	}
	if (result == GX_DB_NO_RESULTS) {
		gx_page_error(r, GX_ERR_NOT_FOUND);
		return;
	}
	char eid[GX_FILE_POINTER_MAX + 2], href[512];
	int step = gx_form_step_of(pr->definition, pointer);
	gx_form_element_id(pointer, eid, sizeof(eid));
	if (step >= 0)
		snprintf(href, sizeof(href), "%s/steps/%d#%s", pr->base, step + 1, eid);
	else
		snprintf(href, sizeof(href), "%s", pr->base); /* resume where the person left it */
	redirect_now(r, href);
}

static bool attachment_id(const char *id)
{
	if (id == NULL || strlen(id) != 36 || strncmp(id, "att_", 4) != 0)
		return false;
	return strspn(id + 4, "0123456789abcdef") == 32;
}

enum gx_outcome gx_page_file_remove(struct gx_req *r)
{
	struct gx_draft d;
	enum gx_db_status st = gx_draft_load(gx_app_ctx(r), gx_path_space(r), gx_path_draft(r), &d);
	if (st < 0)
		return GX_SERVER_FAULT;
	const char *id = gx_req_param(r, "attachment");
	const struct gx_procedure *p = st == GX_DB_ONE_RESULT ? gx_app_procedure(d.procedure_id) : NULL;
	long long draft_id = d.id, space_id = d.space_id;
	gx_draft_clear(&d);
	if (st == GX_DB_NO_RESULTS || !attachment_id(id))
		return gx_page_error(r, GX_ERR_NOT_FOUND);
	if (p == NULL)
		return GX_SERVER_FAULT;
	struct page_removal *pr = gx_req_alloc(r, sizeof(*pr));
	pr->r = r;
	pr->definition = gx_procedure_json(p);
	snprintf(pr->base, sizeof(pr->base), "/spaces/%lld/drafts/%lld", space_id, draft_id);
	gx_attachment_remove(gx_app_ctx(r), GX_ID(gx_draft_id, draft_id), id, on_page_removed, pr);
	return GX_DONE;
}
