/** Rendering a compiled template against jansson data and binds (values
 *  kept in C). Reads only shared, immutable state, so many threads may
 *  render the same set at once. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl/html.h"
#include "tmpl/tmpl_int.h"

/** Indentation of nested standalone partials, outermost first when emitted. */
struct indent {
	const char *s;
	size_t n;
	const struct indent *up;
};

/** A value looked up: JSON, or one kept in C (a bind's text or rows, a
 *  row's field, a row itself). */
enum vkind { V_NONE, V_JSON, V_TEXT, V_BOOL, V_ROWS, V_ROW, V_BINDS };

struct val {
	enum vkind kind;
	json_t *j;                       /* V_JSON */
	const char *s;                   /* V_TEXT */
	size_t n;                        /* V_TEXT: length; V_BINDS: how many */
	bool b;                          /* V_BOOL */
	const struct gx_tmpl_bind *bind; /* V_ROWS, V_ROW: the rows; V_BINDS: the first */
	const void *row;                 /* V_ROW */
};

/** The context stack: innermost frame first. */
struct frame {
	struct val v;
	const struct frame *up;
};

struct rs {
	const struct gx_tmpl_set *set;
	struct gx_buf *out;
	size_t base;
	struct gx_tmpl_error *err;
	const struct gx_tmpl *t;
	unsigned depth;
	bool bol;          /* at the start of a line: indentation pending */
	bool lt_end;       /* output ends with a literal '<' that opened nothing */
	bool suspect;      /* a value chose a tag name: until its '>' no values */
	struct gx_html_ctx sus;
};

static int render_list(struct rs *r, const struct gx_tmpl_list *l, const struct frame *f,
		       const struct indent *ind);

static int fail(struct rs *r, unsigned line, const char *msg)
{
	return gx_tmpl_fail(r->err, r->t->file, line, "%s", msg);
}

static int emit(struct rs *r, const char *s, size_t n, unsigned line)
{
	if (r->out->len - r->base > GX_TMPL_MAX_OUTPUT - n && n > 0)
		return fail(r, line, "output too large");
	if (n > GX_TMPL_MAX_OUTPUT)
		return fail(r, line, "output too large");
	if (gx_buf_append(r->out, s, n) != 0)
		return fail(r, line, "out of memory");
	return 0;
}

static int emit_indent(struct rs *r, const struct indent *ind, unsigned line)
{
	if (ind == NULL)
		return 0;
	if (emit_indent(r, ind->up, line) != 0)
		return -1;
	return emit(r, ind->s, ind->n, line);
}

static int pre_output(struct rs *r, const struct indent *ind, unsigned line)
{
	if (!r->bol)
		return 0;
	r->bol = false;
	return emit_indent(r, ind, line);
}

static bool tag_start_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?';
}

static int render_text(struct rs *r, const struct gx_tmpl_node *n, const struct indent *ind)
{
	if (n->len == 0)
		return 0;
	if (r->lt_end && tag_start_char((unsigned char)n->s[0]))
		return fail(r, n->line, "a '<' and the tag name after it come from different template tags");
	if (r->suspect) {
		for (size_t i = 0; i < n->len && r->suspect; i++) {
			gx_html_step(&r->sus, (unsigned char)n->s[i]);
			if (r->sus.state == GX_HS_RAW)
				return fail(r, n->line, "a tag name chosen by a value opens raw text");
			r->suspect = r->sus.state != GX_HS_TEXT;
		}
	}
	if (ind == NULL) {
		/* No partial's indentation to put at each line's start: one copy. */
		if (emit(r, n->s, n->len, n->line) != 0)
			return -1;
		r->bol = n->s[n->len - 1] == '\n';
		r->lt_end = (n->flags & GX_TF_LT_TAIL) != 0;
		return 0;
	}
	size_t i = 0;
	while (i < n->len) {
		const char *nl = memchr(n->s + i, '\n', n->len - i);
		size_t end = nl != NULL ? (size_t)(nl - n->s) + 1 : n->len;
		if (pre_output(r, ind, n->line) != 0 || emit(r, n->s + i, end - i, n->line) != 0)
			return -1;
		r->bol = nl != NULL;
		i = end;
	}
	r->lt_end = (n->flags & GX_TF_LT_TAIL) != 0;
	return 0;
}

/** The field of a C row called name, or V_NONE when the row has none. */
static struct val row_field(const struct gx_tmpl_bind *b, const void *row, const char *name, size_t len)
{
	for (size_t i = 0; i < b->nfields; i++) {
		const struct gx_tmpl_field *fd = &b->fields[i];
		if (fd->name[0] != name[0] || strncmp(fd->name, name, len) != 0 || fd->name[len] != '\0')
			continue;
		const char *at = (const char *)row + fd->offset;
		switch (fd->kind) {
		case GX_TMPL_STR: {
			const char *s = *(const char *const *)(const void *)at;
			return (struct val){.kind = V_TEXT, .s = s != NULL ? s : "", .n = s != NULL ? strlen(s) : 0};
		}
		case GX_TMPL_CHARS:
			return (struct val){.kind = V_TEXT, .s = at, .n = strlen(at)};
		case GX_TMPL_BOOL:
			return (struct val){.kind = V_BOOL, .b = *(const bool *)(const void *)at};
		}
	}
	return (struct val){.kind = V_NONE};
}

/** The first segment of a name (len bytes) in one frame. */
static struct val frame_get(const struct val *v, const char *name, size_t len)
{
	switch (v->kind) {
	case V_JSON: {
		json_t *j = json_is_object(v->j) ? json_object_getn(v->j, name, len) : NULL;
		return j != NULL ? (struct val){.kind = V_JSON, .j = j} : (struct val){.kind = V_NONE};
	}
	case V_ROW:
		return row_field(v->bind, v->row, name, len);
	case V_BINDS:
		for (size_t i = 0; i < v->n; i++) {
			const struct gx_tmpl_bind *b = &v->bind[i];
			if (b->name[0] != name[0] || strncmp(b->name, name, len) != 0 || b->name[len] != '\0')
				continue;
			if (b->fields == NULL)
				return (struct val){.kind = V_TEXT, .s = b->s != NULL ? b->s : "", .n = b->len};
			return (struct val){.kind = V_ROWS, .bind = b};
		}
		return (struct val){.kind = V_NONE};
	default:
		return (struct val){.kind = V_NONE};
	}
}

static struct val lookup(const struct frame *f, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return f != NULL ? f->v : (struct val){.kind = V_NONE};
	const char *dot = memchr(name, '.', len);
	size_t seg = dot != NULL ? (size_t)(dot - name) : len;
	struct val v = {.kind = V_NONE};
	for (; f != NULL && v.kind == V_NONE; f = f->up)
		v = frame_get(&f->v, name, seg);
	/* The further segments: through JSON objects and a row's fields. */
	while (v.kind != V_NONE && dot != NULL) {
		name = dot + 1;
		len -= seg + 1;
		dot = memchr(name, '.', len);
		seg = dot != NULL ? (size_t)(dot - name) : len;
		v = v.kind == V_JSON || v.kind == V_ROW ? frame_get(&v, name, seg) : (struct val){.kind = V_NONE};
	}
	return v;
}

static bool truthy(const struct val *v)
{
	switch (v->kind) {
	case V_JSON:
		if (v->j == NULL || json_is_false(v->j) || json_is_null(v->j))
			return false;
		if (json_is_array(v->j))
			return json_array_size(v->j) > 0;
		if (json_is_string(v->j))
			return json_string_length(v->j) > 0;
		return true;
	case V_TEXT:
		return v->n > 0;
	case V_BOOL:
		return v->b;
	case V_ROWS:
		return v->bind->n > 0;
	case V_ROW:
	case V_BINDS:
		return true;
	default:
		return false;
	}
}

/** The text of a scalar; tmp holds numbers. */
static const char *scalar_text(const struct val *val, char tmp[40], size_t *n)
{
	*n = 0;
	if (val->kind == V_TEXT) {
		*n = val->n;
		return val->s;
	}
	if (val->kind == V_BOOL) {
		*n = val->b ? 4 : 5;
		return val->b ? "true" : "false";
	}
	if (val->kind != V_JSON)
		return "";
	const json_t *v = val->j;
	if (json_is_string(v)) {
		*n = json_string_length(v);
		return json_string_value(v);
	}
	if (json_is_integer(v)) {
		*n = (size_t)snprintf(tmp, 40, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		for (int prec = 15; prec <= 17; prec++) {
			*n = (size_t)snprintf(tmp, 40, "%.*g", prec, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
	} else if (json_is_true(v)) {
		*n = 4;
		return "true";
	} else if (json_is_false(v)) {
		*n = 5;
		return "false";
	} else {
		return "";
	}
	return tmp;
}

static bool plain_name(const char *s, size_t n)
{
	if (n == 0 || n > 15 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return !gx_tmpl_tag_name_special(s, n);
}

/** A value right after a literal '<': a plain name may become the tag name
 *  (the Mustache spec's own recursion test does this), after which no value
 *  may follow until the tag closes; anything else is made text. */
static int render_after_lt(struct rs *r, const struct gx_tmpl_node *n, const char *s, size_t len)
{
	if (plain_name(s, len)) {
		r->suspect = true;
		r->sus = (struct gx_html_ctx){.state = GX_HS_TEXT};
		gx_html_step(&r->sus, '<');
		for (size_t i = 0; i < len; i++)
			gx_html_step(&r->sus, (unsigned char)s[i]);
		return emit(r, s, len, n->line);
	}
	if (tag_start_char((unsigned char)s[0])) {
		char ent[8];
		int k = snprintf(ent, sizeof(ent), "&#%d;", (unsigned char)s[0]);
		if (emit(r, ent, (size_t)k, n->line) != 0)
			return -1;
		s++;
		len--;
	}
	if (gx_tmpl_escape_html(r->out, s, len) != 0)
		return fail(r, n->line, "out of memory");
	return 0;
}

static int render_value(struct rs *r, const struct gx_tmpl_node *n, const struct frame *f,
			const struct indent *ind)
{
	char tmp[40];
	size_t len;
	struct val v = lookup(f, n->s, n->len);
	const char *s = scalar_text(&v, tmp, &len);
	if (pre_output(r, ind, n->line) != 0)
		return -1;
	if (len == 0)
		return 0;
	if (r->suspect)
		return fail(r, n->line, "value inside a tag whose name came from data");
	if (len > GX_TMPL_MAX_OUTPUT || r->out->len - r->base > GX_TMPL_MAX_OUTPUT - len)
		return fail(r, n->line, "output too large");
	bool lt = r->lt_end;
	r->lt_end = false;
	if (n->kind == GX_TN_RAW)
		return emit(r, s, len, n->line);
	if (lt && !(n->flags & GX_TF_ATTR))
		return render_after_lt(r, n, s, len);
	if (gx_tmpl_escape_html(r->out, s, len) != 0)
		return fail(r, n->line, "out of memory");
	return 0;
}

static int render_section(struct rs *r, const struct gx_tmpl_node *n, const struct frame *f,
			  const struct indent *ind)
{
	struct val v = lookup(f, n->s, n->len);
	bool yes = truthy(&v);
	if (n->kind == GX_TN_INVERTED)
		return yes ? 0 : render_list(r, &n->body, f, ind);
	if (!yes)
		return 0;
	if (v.kind == V_JSON && json_is_array(v.j)) {
		for (size_t i = 0; i < json_array_size(v.j); i++) {
			struct frame in = {{.kind = V_JSON, .j = json_array_get(v.j, i)}, f};
			if (render_list(r, &n->body, &in, ind) != 0)
				return -1;
		}
		return 0;
	}
	if (v.kind == V_ROWS) {
		const struct gx_tmpl_bind *b = v.bind;
		for (size_t i = 0; i < b->n; i++) {
			struct frame in = {{.kind = V_ROW, .bind = b, .row = (const char *)b->rows + i * b->size}, f};
			if (render_list(r, &n->body, &in, ind) != 0)
				return -1;
		}
		return 0;
	}
	struct frame in = {v, f};
	return render_list(r, &n->body, &in, ind);
}

static int render_partial(struct rs *r, const struct gx_tmpl_node *n, const struct frame *f,
			  const struct indent *ind)
{
	const struct gx_tmpl *t = gx_tmpl_set_find(r->set, n->s, n->len);
	if (t == NULL)
		return 0;
	if (r->depth >= GX_TMPL_MAX_DEPTH)
		return fail(r, n->line, "partials nested too deep (recursion?)");
	struct indent more = {n->indent, n->indent_len, ind};
	if (n->indent != NULL) {
		ind = &more;
		r->bol = true;
	}
	const struct gx_tmpl *saved = r->t;
	r->t = t;
	r->depth++;
	int rc = render_list(r, &t->root, f, ind);
	r->depth--;
	if (rc == 0)
		r->t = saved;
	return rc;
}

static int render_list(struct rs *r, const struct gx_tmpl_list *l, const struct frame *f,
		       const struct indent *ind)
{
	size_t mark = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct gx_tmpl_node *n = &l->v[i];
		int rc = 0;
		switch (n->kind) {
		case GX_TN_TEXT:
			rc = render_text(r, n, ind);
			break;
		case GX_TN_VAR:
		case GX_TN_RAW:
			rc = render_value(r, n, f, ind);
			break;
		case GX_TN_SECTION:
		case GX_TN_INVERTED:
			rc = render_section(r, n, f, ind);
			break;
		case GX_TN_PARTIAL:
			rc = render_partial(r, n, f, ind);
			break;
		case GX_TN_URL_BEGIN:
			mark = r->out->len;
			break;
		case GX_TN_URL_END:
			if (r->out->len > mark &&
			    !gx_tmpl_url_safe(r->out->data + mark, r->out->len - mark)) {
				r->out->len = mark;
				rc = emit(r, "about:invalid", 13, n->line);
			}
			break;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

int gx_tmpl_render_bound(const struct gx_tmpl_set *set, const char *name, json_t *data,
			 const struct gx_tmpl_bind *binds, size_t nbinds, struct gx_buf *out,
			 struct gx_tmpl_error *err)
{
	const struct gx_tmpl *t = gx_tmpl_set_find(set, name, strlen(name));
	if (t == NULL)
		return gx_tmpl_fail(err, name, 0, "no template named '%s'", name);
	struct rs r = {.set = set, .out = out, .base = out->len, .err = err, .t = t};
	struct frame top = {{.kind = V_JSON, .j = data}, NULL};
	struct frame bound = {{.kind = V_BINDS, .bind = binds, .n = nbinds}, &top};
	if (out->failed)
		return gx_tmpl_fail(err, t->file, 0, "out of memory");
	return render_list(&r, &t->root, nbinds > 0 ? &bound : &top, NULL);
}

int gx_tmpl_render(const struct gx_tmpl_set *set, const char *name, json_t *data,
		   struct gx_buf *out, struct gx_tmpl_error *err)
{
	return gx_tmpl_render_bound(set, name, data, NULL, 0, out, err);
}
