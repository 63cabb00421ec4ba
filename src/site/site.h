#ifndef GX_SITE_SITE_H
#define GX_SITE_SITE_H

/** What every HTML page of guichetd is made with, loaded once at start and
 *  shared, read-only, by every worker thread: the page templates, the
 *  message catalogs, the static assets and the Content-Security-Policy.
 *  The citizens' portal and the organisations' back office both render
 *  their pages through it (page.h). */

#include "config/config.h"

struct gx_tmpl_set;
struct gx_i18n;
struct gx_static;

struct gx_site {
	struct gx_tmpl_set *tmpl;  /* the templates as written ({{t.…}} looked up at render) */
	/* the same, one per language, each with its catalog's {{t.…}} folded in
	 * (gx_tmpl_set_fold): what pages render with; index enum gx_lang */
	struct gx_tmpl_set *tmpl_lang[8];
	struct gx_i18n *i18n;
	struct gx_static *assets;
	const char *css_url;   /* the hashed URL of guichet.css */
	char csp[600];         /* every page's Content-Security-Policy */
};

extern struct gx_site gx_site;

/** Loads templates, catalogs and assets from the configured folders and
 *  checks them against each other (every template's keys exist in every
 *  language). Returns -1 with a message naming the file on any error. */
int gx_site_load(const struct gx_config *c, char *err, size_t errlen);
void gx_site_free(void);

#endif
