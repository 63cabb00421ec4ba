#ifndef GX_TMPL_MUSTACHE_H
#define GX_TMPL_MUSTACHE_H

/** Mustache templates for HTML pages, rendered against jansson values and
 *  values kept in C (binds: texts and rows of structs).
 *
 *  A set holds compiled templates by name; a partial {{> x}} resolves to the
 *  template named x in the same set. Templates are compiled once when added:
 *  after loading, a set is immutable and may be rendered from many threads at
 *  once (do not add to a set while another thread renders from it).
 *
 *  Values are HTML-escaped by default and escaped for the HTML context they
 *  land in (text, quoted attribute, URL attribute); see docs/templates.md. */

#include <stdbool.h>
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

/** Values that stay in C: rendered without a JSON tree. A bind names either
 *  a text (s, len bytes, already UTF-8) or rows: n structs of size bytes at
 *  rows, whose fields the table fields names. A section over rows renders
 *  its body once per row; inside it a name is first the row's field (an
 *  empty text or a false bool is there and falsy: the enclosing contexts
 *  are not asked), then, when the row has no field of that name, looked up
 *  outward as for JSON. */
enum gx_tmpl_field_kind {
	GX_TMPL_STR,   /* const char *: NULL is the empty text */
	GX_TMPL_CHARS, /* char[]: NUL-terminated */
	GX_TMPL_BOOL,  /* bool: renders "true" or "false", as JSON's */
};

struct gx_tmpl_field {
	const char *name;
	enum gx_tmpl_field_kind kind;
	size_t offset;
};

/** A field of struct type named as its member; GX_TMPL_FIELD_AS names it otherwise. */
#define GX_TMPL_FIELD(type, member, kind) {#member, kind, offsetof(type, member)}
#define GX_TMPL_FIELD_AS(name, type, member, kind) {name, kind, offsetof(type, member)}

struct gx_tmpl_bind {
	const char *name;
	const char *s;                       /* a text, when fields is NULL */
	size_t len;
	const void *rows;                    /* or rows */
	size_t n, size;
	const struct gx_tmpl_field *fields;
	size_t nfields;
};

/** Appends template name rendered against data to out. A missing partial
 *  renders as nothing (as the Mustache spec says). Returns 0, or -1 with err
 *  filled (unknown template, partial depth, output size, out of memory,
 *  markup assembled across template tags); out then holds partial output. */
int gx_tmpl_render(const struct gx_tmpl_set *set, const char *name, json_t *data,
		   struct gx_buf *out, struct gx_tmpl_error *err);

/** The same, with binds (nbinds of them; may be 0) looked up before data. */
int gx_tmpl_render_bound(const struct gx_tmpl_set *set, const char *name, json_t *data,
			 const struct gx_tmpl_bind *binds, size_t nbinds, struct gx_buf *out,
			 struct gx_tmpl_error *err);

#endif
