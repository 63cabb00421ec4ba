/** The compile-time HTML context pass: checks where each tag lands in the
 *  HTML of the literal text around it and rejects unsafe places. */

#include <string.h>

#include "tmpl/html.h"
#include "tmpl/tmpl_int.h"

struct pass {
	const char *file;
	struct gx_tmpl_error *err;
};

/** Where a list's dynamic URL attribute value began (index in out), if any. */
struct url_mark {
	long begin;
	bool dyn;
};

static int list_pass(struct pass *p, const struct gx_tmpl_list *in, struct gx_html_ctx *ctx,
		     struct gx_tmpl_list *out);

static unsigned line_in(const struct gx_tmpl_node *t, size_t i)
{
	unsigned line = t->line;
	for (size_t k = 0; k < i; k++)
		line += t->s[k] == '\n';
	return line;
}

static int push(struct pass *p, struct gx_tmpl_list *out, const struct gx_tmpl_node *n)
{
	if (gx_tmpl_list_push(out, n) != 0)
		return gx_tmpl_fail(p->err, p->file, n->line, "out of memory");
	return 0;
}

static int push_text(struct pass *p, struct gx_tmpl_list *out, const struct gx_tmpl_node *t,
		     size_t from, size_t to)
{
	if (to <= from)
		return 0;
	struct gx_tmpl_node n = {.kind = GX_TN_TEXT, .line = line_in(t, from),
				 .s = t->s + from, .len = to - from};
	return push(p, out, &n);
}

/** A '<' right before a section, partial or the end: HTML reads it as text
 *  when what follows is not a letter; the renderer checks that at run time. */
static void lt_boundary(struct gx_html_ctx *ctx, struct gx_tmpl_list *out)
{
	if (ctx->state != GX_HS_TAG_OPEN)
		return;
	if (out->n > 0 && out->v[out->n - 1].kind == GX_TN_TEXT)
		out->v[out->n - 1].flags |= GX_TF_LT_TAIL;
	ctx->state = GX_HS_TEXT;
}

static int text_pass(struct pass *p, const struct gx_tmpl_node *t, struct gx_html_ctx *ctx,
		     struct gx_tmpl_list *out, struct url_mark *um)
{
	size_t seg = 0;
	for (size_t i = 0; i < t->len; i++) {
		enum gx_html_event ev = gx_html_step(ctx, (unsigned char)t->s[i]);
		if (ev == GX_HE_ERR_EQ)
			return gx_tmpl_fail(p->err, p->file, line_in(t, i),
					    "'=' after a section that may or may not end an attribute name");
		if (ev == GX_HE_VAL_OPEN && ctx->attr == GX_HA_URL) {
			if (push_text(p, out, t, seg, i + 1) != 0)
				return -1;
			struct gx_tmpl_node b = {.kind = GX_TN_URL_BEGIN, .line = line_in(t, i)};
			if (push(p, out, &b) != 0)
				return -1;
			um->begin = (long)out->n - 1;
			um->dyn = false;
			seg = i + 1;
		} else if (ev == GX_HE_VAL_CLOSE && ctx->attr == GX_HA_URL) {
			if (um->begin < 0)
				return gx_tmpl_fail(p->err, p->file, line_in(t, i),
						    "a section ends a URL attribute value it did not open");
			if (push_text(p, out, t, seg, i) != 0)
				return -1;
			if (um->dyn) {
				struct gx_tmpl_node e = {.kind = GX_TN_URL_END, .line = line_in(t, i)};
				if (push(p, out, &e) != 0)
					return -1;
			} else {
				/* fully literal: the author's own URL, left alone */
				struct gx_tmpl_node *b = &out->v[um->begin];
				b->kind = GX_TN_TEXT;
				b->len = 0;
				b->s = t->s;
			}
			um->begin = -1;
			seg = i;
		}
	}
	return push_text(p, out, t, seg, t->len);
}

static int value_pass(struct pass *p, const struct gx_tmpl_node *v, struct gx_html_ctx *ctx,
		      struct gx_tmpl_list *out, struct url_mark *um)
{
	struct gx_tmpl_node n = *v;
	const char *why = NULL;
	gx_html_boundary(ctx, false);
	switch (ctx->state) {
	case GX_HS_TEXT:
		break;
	case GX_HS_RAW:
		if (ctx->raw == GX_HR_CODE)
			why = "values inside <script> or <style> are not supported";
		else if (ctx->rawpos != 0)
			why = "value inside a '</' in raw text";
		break;
	case GX_HS_VAL_DQ:
	case GX_HS_VAL_SQ:
		if (ctx->attr == GX_HA_CODE)
			why = "values in event-handler, style or srcdoc attributes are not supported";
		else if (v->kind == GX_TN_RAW)
			why = "unescaped value inside an attribute value";
		n.flags |= GX_TF_ATTR;
		um->dyn = true;
		break;
	case GX_HS_TAG_OPEN:
	case GX_HS_END_TAG_OPEN:
		why = "value directly after '<' would choose a tag name";
		break;
	case GX_HS_BEFORE_VAL:
	case GX_HS_VAL_UNQ:
		why = "value in an unquoted attribute value: quote the attribute";
		break;
	case GX_HS_COMMENT:
	case GX_HS_MARKUP:
	case GX_HS_MARKUP_DASH:
	case GX_HS_BOGUS:
		why = "value inside an HTML comment";
		break;
	default:
		why = "value inside an HTML tag but not in a quoted attribute value";
		break;
	}
	if (why != NULL)
		return gx_tmpl_fail(p->err, p->file, v->line, "{{%.*s}}: %s",
				    (int)(v->len > 60 ? 60 : v->len), v->s, why);
	return push(p, out, &n);
}

static int body_pass(struct pass *p, const struct gx_tmpl_node *s, struct gx_html_ctx *ctx,
		     struct gx_tmpl_list *body)
{
	if (list_pass(p, &s->body, ctx, body) != 0)
		return -1;
	lt_boundary(ctx, body);
	gx_html_boundary(ctx, false);
	return 0;
}

static int section_pass(struct pass *p, const struct gx_tmpl_node *s, struct gx_html_ctx *ctx,
			struct gx_tmpl_list *out, struct url_mark *um)
{
	struct gx_tmpl_node n = *s;
	struct gx_tmpl_list body = {0};
	lt_boundary(ctx, out);
	gx_html_boundary(ctx, false);
	switch (ctx->state) {
	case GX_HS_END_TAG_OPEN:
	case GX_HS_TAG_NAME:
	case GX_HS_MARKUP:
	case GX_HS_MARKUP_DASH:
		return gx_tmpl_fail(p->err, p->file, s->line, "section inside a tag name");
	case GX_HS_RAW:
		if (ctx->rawpos != 0)
			return gx_tmpl_fail(p->err, p->file, s->line, "section inside a '</' in raw text");
		break;
	case GX_HS_VAL_DQ:
	case GX_HS_VAL_SQ:
	case GX_HS_VAL_UNQ:
		um->dyn = true;
		break;
	default:
		break;
	}
	struct gx_html_ctx start = *ctx, end = *ctx, join;
	if (body_pass(p, s, &end, &body) != 0)
		goto fail;
	if (!gx_html_ctx_eq(&start, &end)) {
		/* branches (and loop turns) must agree on where they leave the HTML */
		if (!gx_html_ctx_merge(&start, &end, &join))
			goto mismatch;
		gx_tmpl_list_free(&body);
		end = join;
		if (body_pass(p, s, &end, &body) != 0)
			goto fail;
		struct gx_html_ctx again;
		if (!gx_html_ctx_merge(&join, &end, &again) || !gx_html_ctx_eq(&again, &join))
			goto mismatch;
		*ctx = join;
	}
	n.body = body;
	if (gx_tmpl_list_push(out, &n) != 0) {
		gx_tmpl_fail(p->err, p->file, s->line, "out of memory");
		goto fail;
	}
	return 0;
mismatch:
	gx_tmpl_fail(p->err, p->file, s->line,
		     "section {{%c%.*s}} leaves the HTML in another state than it found it"
		     " (a tag, attribute or comment opened but not closed inside it)",
		     s->kind == GX_TN_SECTION ? '#' : '^', (int)(s->len > 60 ? 60 : s->len), s->s);
fail:
	gx_tmpl_list_free(&body);
	return -1;
}

static int list_pass(struct pass *p, const struct gx_tmpl_list *in, struct gx_html_ctx *ctx,
		     struct gx_tmpl_list *out)
{
	struct url_mark um = {.begin = -1};
	for (size_t i = 0; i < in->n; i++) {
		const struct gx_tmpl_node *n = &in->v[i];
		int rc = 0;
		switch (n->kind) {
		case GX_TN_TEXT:
			rc = text_pass(p, n, ctx, out, &um);
			break;
		case GX_TN_VAR:
		case GX_TN_RAW:
			rc = value_pass(p, n, ctx, out, &um);
			break;
		case GX_TN_SECTION:
		case GX_TN_INVERTED:
			rc = section_pass(p, n, ctx, out, &um);
			break;
		case GX_TN_PARTIAL:
			lt_boundary(ctx, out);
			gx_html_boundary(ctx, false);
			if (ctx->state != GX_HS_TEXT)
				return gx_tmpl_fail(p->err, p->file, n->line,
						    "partial {{>%.*s}} must stand in HTML text",
						    (int)(n->len > 60 ? 60 : n->len), n->s);
			rc = push(p, out, n);
			break;
		default:
			rc = push(p, out, n);
			break;
		}
		if (rc != 0)
			return -1;
	}
	if (um.begin >= 0)
		return gx_tmpl_fail(p->err, p->file, out->v[um.begin].line,
				    "URL attribute value not closed before the end of its section or template");
	return 0;
}

int gx_tmpl_html_pass(const char *file, struct gx_tmpl_list *root, struct gx_tmpl_error *err)
{
	struct pass p = {.file = file, .err = err};
	struct gx_html_ctx ctx = {.state = GX_HS_TEXT};
	struct gx_tmpl_list out = {0};
	if (list_pass(&p, root, &ctx, &out) != 0)
		goto fail;
	lt_boundary(&ctx, &out);
	if (ctx.state != GX_HS_TEXT) {
		unsigned line = out.n > 0 ? out.v[out.n - 1].line : 1;
		if (out.n > 0 && out.v[out.n - 1].kind == GX_TN_TEXT)
			line = line_in(&out.v[out.n - 1], out.v[out.n - 1].len);
		gx_tmpl_fail(err, file, line,
			     "template ends inside an HTML tag, comment or raw-text element");
		goto fail;
	}
	/* the parsed tree's bodies were copied into out; free only the old spine */
	gx_tmpl_list_free(root);
	*root = out;
	return 0;
fail:
	gx_tmpl_list_free(&out);
	return -1;
}
