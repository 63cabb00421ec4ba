#ifndef GX_SITE_PAGE_H
#define GX_SITE_PAGE_H

/** HTML pages: a template rendered inside the layout, in the request's
 *  language, with the security headers every page carries. */

#include <jansson.h>

#include "http/handler.h"
#include "http/problem.h"
#include "i18n/i18n.h"
#include "tmpl/mustache.h"


/** Renders template name (data borrowed, may be NULL) inside the layout with
 *  title from catalog key title_key, and sends it with status. */
enum gx_outcome gx_page_reply(struct gx_req *r, int status, const char *name, const char *title_key, json_t *data);
/** The same, with values kept in C (binds, see tmpl/mustache.h) for the
 *  page's template, looked up before data. */
enum gx_outcome gx_page_reply_bound(struct gx_req *r, int status, const char *name, const char *title_key,
				    json_t *data, const struct gx_tmpl_bind *binds, size_t nbinds);
/** The same as gx_page_reply, taking data (decref'ed; NULL answers a server fault), and
 *  GX_CLIENT_FAULT for a 4xx page sent. */
enum gx_outcome gx_page_reply_owned(struct gx_req *r, int status, const char *name, const char *title_key,
				    json_t *data);

/** The page telling that a login did not work out; which is one of
 *  "unavailable", "refused", "expired", "cancelled" (catalog login.<which>). */
void gx_page_login_problem(struct gx_req *r, int status, const char *which);

/** The HTML error page for e (the server's hook for browsers). */
enum gx_outcome gx_page_error(struct gx_req *r, enum gx_err e);

#endif
