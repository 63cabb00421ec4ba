#include "site/site.h"

#include <stdio.h>
#include <string.h>

#include "http/static_files.h"
#include "i18n/i18n.h"
#include "tmpl/mustache.h"

struct gx_site gx_site;

/* "scheme://host[:port]" of an absolute URL, or "" */
static void origin_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n = 0;
	if (p != NULL) {
		p += 3;
		while (p[n] != '\0' && p[n] != '/' && p[n] != '?' && p[n] != '#')
			n++;
		n += (size_t)(p - url);
	}
	snprintf(out, size, "%.*s", (int)n, url);
}

/* Forms post to guichetd, but the logout form's answer is a redirect to the
 * identity provider, and browsers check form-action on every redirect. */
static void build_csp(const struct gx_config *c)
{
	char idp[300];
	origin_of(c->oidc_issuer, idp, sizeof(idp));
	snprintf(gx_site.csp, sizeof(gx_site.csp),
		 "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'%s%s; "
		 "frame-ancestors 'none'; base-uri 'none'",
		 idp[0] != '\0' ? " " : "", idp);
}

int gx_site_load(const struct gx_config *c, char *err, size_t errlen)
{
	build_csp(c);
	struct gx_tmpl_error terr;
	gx_site.tmpl = gx_tmpl_set_new();
	if (gx_site.tmpl == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (gx_tmpl_set_load_dir(gx_site.tmpl, c->templates_dir, &terr) != 0) {
		snprintf(err, errlen, "%s:%u: %s", terr.file, terr.line, terr.message);
		goto fail;
	}
	static const char *const required[] = {"layout", "start", "accessibility", "privacy", "error"};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!gx_tmpl_set_has(gx_site.tmpl, required[i])) {
			snprintf(err, errlen, "%s: missing template %s.mustache", c->templates_dir, required[i]);
			goto fail;
		}
	}
	if (gx_i18n_load(c->i18n_dir, &gx_site.i18n, err, errlen) != 0)
		goto fail;
	if (gx_i18n_check_templates(gx_site.i18n, c->templates_dir, err, errlen) != 0)
		goto fail;
	_Static_assert(GX_LANG__COUNT <= sizeof(gx_site.tmpl_lang) / sizeof(gx_site.tmpl_lang[0]), "one set per language");
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		gx_site.tmpl_lang[l] = gx_tmpl_set_new();
		if (gx_site.tmpl_lang[l] == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		if (gx_tmpl_set_load_dir(gx_site.tmpl_lang[l], c->templates_dir, &terr) != 0 ||
		    gx_tmpl_set_fold(gx_site.tmpl_lang[l], "t", gx_i18n_catalog(gx_site.i18n, (enum gx_lang)l), &terr) != 0) {
			snprintf(err, errlen, "%s:%u: %s", terr.file, terr.line, terr.message);
			goto fail;
		}
	}
	if (gx_static_load(c->assets_dir, &gx_site.assets, err, errlen) != 0)
		goto fail;
	gx_site.css_url = gx_static_url(gx_site.assets, "guichet.css");
	if (gx_site.css_url == NULL) {
		snprintf(err, errlen, "%s: guichet.css is missing (make builds it)", c->assets_dir);
		goto fail;
	}
	return 0;
fail:
	gx_site_free();
	return -1;
}

void gx_site_free(void)
{
	if (gx_site.tmpl != NULL)
		gx_tmpl_set_free(gx_site.tmpl);
	for (int l = 0; l < GX_LANG__COUNT; l++)
		if (gx_site.tmpl_lang[l] != NULL)
			gx_tmpl_set_free(gx_site.tmpl_lang[l]);
	if (gx_site.i18n != NULL)
		gx_i18n_free(gx_site.i18n);
	if (gx_site.assets != NULL)
		gx_static_free(gx_site.assets);
	gx_site = (struct gx_site){0};
}
