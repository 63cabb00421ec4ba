#ifndef GX_TMPL_INT_H
#define GX_TMPL_INT_H

/** Internals of the template module: the compiled tree shared by the
 *  parser, the HTML context pass, the renderer and the set. */

#include <stdbool.h>
#include <stddef.h>

#include "tmpl/mustache.h"

enum gx_tmpl_kind {
	GX_TN_TEXT,      /* literal bytes */
	GX_TN_VAR,       /* {{x}}: escaped */
	GX_TN_RAW,       /* {{{x}}} / {{&x}}: unescaped */
	GX_TN_SECTION,   /* {{#x}}…{{/x}} */
	GX_TN_INVERTED,  /* {{^x}}…{{/x}} */
	GX_TN_PARTIAL,   /* {{>x}} */
	GX_TN_URL_BEGIN, /* start of a dynamic URL attribute value */
	GX_TN_URL_END,   /* its end: the renderer checks the scheme here */
};

/** Node flags set by the HTML pass. */
#define GX_TF_LT_TAIL 1u  /* text ends with a '<' that opens nothing yet */
#define GX_TF_ATTR 2u     /* value lands in a quoted attribute value */

struct gx_tmpl_node;

struct gx_tmpl_list {
	struct gx_tmpl_node *v;
	size_t n, cap;
};

/** One node; s/len and indent point into the owning template's source. */
struct gx_tmpl_node {
	unsigned char kind;
	unsigned char flags;
	unsigned line;
	const char *s;          /* text, or the tag's name */
	size_t len;
	const char *indent;     /* standalone partial: its line's indentation */
	size_t indent_len;
	struct gx_tmpl_list body;
};

struct gx_tmpl {
	char *name;
	char *file;
	char *src;
	size_t len;
	struct gx_tmpl_list root;
	char **owned;           /* texts made by gx_tmpl_set_fold, freed with the template */
	size_t nowned;
};

/** Folds one template's tree (fold.c); -1 when out of memory. */
int gx_tmpl_fold(struct gx_tmpl *t, const char *name, const json_t *values);

/** Appends a copy of node (taking ownership of its body); -1 when out of memory. */
int gx_tmpl_list_push(struct gx_tmpl_list *l, const struct gx_tmpl_node *node);
void gx_tmpl_list_free(struct gx_tmpl_list *l);

/** Fills err; returns -1 so callers can `return gx_tmpl_fail(…)`. */
int gx_tmpl_fail(struct gx_tmpl_error *err, const char *file, unsigned line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Parses Mustache syntax (tags, standalone lines, delimiters) into out. */
int gx_tmpl_parse(const char *file, const char *src, size_t len,
		  struct gx_tmpl_list *out, struct gx_tmpl_error *err);

/** Runs the HTML context pass over a parsed tree: rejects interpolations in
 *  unsafe places, marks attribute values and splits text around dynamic
 *  URL attribute values. Replaces *root on success. */
int gx_tmpl_html_pass(const char *file, struct gx_tmpl_list *root, struct gx_tmpl_error *err);

/** The template called name (len bytes) in set, or NULL. */
const struct gx_tmpl *gx_tmpl_set_find(const struct gx_tmpl_set *set, const char *name, size_t len);

/** HTML-escapes n bytes (& < > " ') onto out. */
int gx_tmpl_escape_html(struct gx_buf *out, const char *s, size_t n);

/** True when an attribute value (as written, entities undecoded) is a URL
 *  with scheme http, https, mailto, tel, or no scheme (relative). */
bool gx_tmpl_url_safe(const char *s, size_t n);

/** True for tag names a value may not choose after a literal '<'. */
bool gx_tmpl_tag_name_special(const char *s, size_t n);

#endif
