#ifndef GX_TMPL_MUSTACHE_H
#define GX_TMPL_MUSTACHE_H

/** Mustache templates for HTML pages, rendered against jansson values.
 *
 *  A set holds compiled templates by name; a partial {{> x}} resolves to the
 *  template named x in the same set. Templates are compiled once when added:
 *  after loading, a set is immutable and may be rendered from many threads at
 *  once (do not add to a set while another thread renders from it).
 *
 *  Values are HTML-escaped by default and escaped for the HTML context they
 *  land in (text, quoted attribute, URL attribute); see docs/templates.md. */

#include <stddef.h>
#include <jansson.h>

#include "util/buf.h"

/** Limits: partial nesting at render, section nesting at compile, bytes of
 *  one template source, bytes of one rendered output. */
#define GX_TMPL_MAX_DEPTH 64
#define GX_TMPL_MAX_NESTING 100
#define GX_TMPL_MAX_SOURCE (4u << 20)
#define GX_TMPL_MAX_OUTPUT (16u << 20)

/** Where and why compiling or rendering failed; line is 1-based, 0 if none. */
struct gx_tmpl_error {
	char file[256];
	unsigned line;
	char message[200];
};

struct gx_tmpl_set;

/** Returns an empty set, or NULL when out of memory. */
struct gx_tmpl_set *gx_tmpl_set_new(void);
void gx_tmpl_set_free(struct gx_tmpl_set *set);

/** Compiles src (len bytes, need not be NUL-terminated) as template name;
 *  errors name the template. Returns 0, or -1 with err filled (a name
 *  already in the set is an error). */
int gx_tmpl_set_add(struct gx_tmpl_set *set, const char *name, const char *src,
		    size_t len, struct gx_tmpl_error *err);

/** Adds every *.mustache file under dir, recursively; the file
 *  dir/a/b.mustache becomes template "a/b". Hidden entries are skipped.
 *  Then checks that every partial used by these templates exists.
 *  Errors name the file. Returns 0 or -1. */
int gx_tmpl_set_load_dir(struct gx_tmpl_set *set, const char *dir, struct gx_tmpl_error *err);

/** Checks that every partial referenced in the set is in the set. */
int gx_tmpl_set_check(const struct gx_tmpl_set *set, struct gx_tmpl_error *err);

/** Returns 1 when the set has a template of that name, else 0. */
int gx_tmpl_set_has(const struct gx_tmpl_set *set, const char *name);

/** Resolves, once, every {{name.…}} and {{{name.…}}} whose value in values
 *  (name.a.b is values' a.b) is a non-empty string without a newline or a
 *  '<' (raw): the tag becomes the text it would render (escaped for {{…}}),
 *  merged with the text around it. Sections and anything else stay for the
 *  render. For a set rendered with values bound to name in every context
 *  (the message catalog of one language as "t": one folded set per
 *  language), the output is the same; a context that binds name to
 *  something else in an inner frame would not be seen. Returns 0, or -1
 *  (out of memory; the set then keeps what was folded so far, correct). */
int gx_tmpl_set_fold(struct gx_tmpl_set *set, const char *name, const json_t *values, struct gx_tmpl_error *err);

/** Appends template name rendered against data to out. A missing partial
 *  renders as nothing (as the Mustache spec says). Returns 0, or -1 with err
 *  filled (unknown template, partial depth, output size, out of memory,
 *  markup assembled across template tags); out then holds partial output. */
int gx_tmpl_render(const struct gx_tmpl_set *set, const char *name, json_t *data,
		   struct gx_buf *out, struct gx_tmpl_error *err);

#endif
