#ifndef GX_PORTAL_APP_H
#define GX_PORTAL_APP_H

/** What the portal loads once at start and shares, read-only, with every
 *  worker thread: the site (site/site.h: templates, catalogs, assets), the
 *  domain (registers, procedures, the receipt key) and the API's OpenAPI
 *  document. */

#include "config/config.h"
#include "core/ctx.h"
#include "site/document.h"

struct gx_access;

struct gx_req;
struct gx_procedure;
struct gx_register;

struct gx_app {
	struct gx_document openapi;  /* the API's OpenAPI document */
	struct gx_document transparency_openapi;  /* the transparency log's */
};

extern struct gx_app gx_app;

/** Loads the site, the domain (gx_domain) and the OpenAPI document. Returns -1 with a
 *  message naming the file on any error. */
int gx_app_load(const struct gx_config *c, char *err, size_t errlen);
void gx_app_free(void);
/** The procedure with this id, or NULL. */
const struct gx_procedure *gx_app_procedure(const char *id);

/** The context core's operations run in for this request: its loop's
 *  store connection, group commit and HTTP client, its pool and id, the
 *  time now, and the logged-in person acting (request memory). */
const struct gx_core_ctx *gx_app_ctx(struct gx_req *r);

/** Records the acting person's Yes/No for reg (core/choices.h: durable
 *  first), then puts their No's as they now are in every session of theirs
 *  this process keeps, so the very next prefill in any of them follows
 *  it; then done(arg, result), exactly once. */
void gx_app_choice_set(struct gx_req *r, const struct gx_register *reg, bool allowed, gx_durable_done_fn done,
		       void *arg);

/** The session's active space as the one decision (core/access.h) sees it
 *  now: true, with *out, when a person is logged in and still acts there;
 *  false for anyone else, a relation that has ended, or a store that failed. */
bool gx_app_active_access(struct gx_req *r, struct gx_access *out);

#endif
