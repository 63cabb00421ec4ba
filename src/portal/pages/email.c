/* The e-mail address on My data (email.h). The address and the code are
 * personal data: never logged, never repeated in an error. */

#include "portal/pages/email.h"

#include <stdio.h>
#include <string.h>

#include "core/email.h"
#include "http/query.h"
#include "http/request.h"
#include "portal/app.h"
#include "portal/pages/mydata.h"
#include "site/site.h"

json_t *gx_page_email_block(struct gx_req *r, enum gx_lang lang, const char *note, bool error)
{
	const struct gx_core_ctx *c = gx_app_ctx(r);
	struct gx_email_state st;
	if (gx_email_state(c->db, c->person, c->now_us, &st) < 0)
		memset(&st, 0, sizeof(st));
	const char *message = NULL;
	if (note != NULL) {
		char key[64];
		snprintf(key, sizeof(key), "mydata.email_%s", note);
		message = gx_i18n_get(gx_site.i18n, lang, key);
	}
	return json_pack("{s:s?, s:b, s:b, s:s, s:s?, s:b}", "address", st.address[0] != '\0' ? st.address : NULL,
			 "verified", st.verified, "code_pending", st.code_pending, "csrf", r->actor.session.csrf_token,
			 "message", message, "error", error && message != NULL);
}

static void on_done(void *arg, const struct gx_email_done *res, const char *ok_location)
{
	struct gx_req *r = arg;
	if (res->status == GX_CORE_OK)
		gx_reply_redirect(r, ok_location);
	else if (res->status == GX_CORE_INVALID)
		gx_page_mydata_render(r, 422, res->why, true);
	else
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "try again");
}

static void on_code(void *arg, const struct gx_email_done *res)
{
	on_done(arg, res, "/my-data?email=sent#email");
}

static void on_verified(void *arg, const struct gx_email_done *res)
{
	on_done(arg, res, "/my-data?email=ok#email");
}

enum gx_outcome gx_page_email_code(struct gx_req *r)
{
	gx_email_send_code(gx_app_ctx(r), gx_lang_code(gx_req_lang(r)), on_code, r);
	return GX_DONE;
}

enum gx_outcome gx_page_email_verify(struct gx_req *r)
{
	h2o_iovec_t body = r->h2o->entity;
	char code[32];
	long n = body.base != NULL ? gx_query_get(body.base, body.len, "code", code, sizeof(code)) : -1;
	if (n <= 0)
		return gx_page_mydata_render(r, 422, "malformed", true);
	gx_email_verify(gx_app_ctx(r), code, on_verified, r);
	return GX_DONE;
}
