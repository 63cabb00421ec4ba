/** The HTML tokenizer state machine used to find each tag's context. */

#include <string.h>

#include "tmpl/html.h"

static bool is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static bool is_alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static unsigned char lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

static void tag_add(struct gx_html_ctx *c, unsigned char ch)
{
	if (c->tag_len < sizeof(c->tag) - 1)
		c->tag[c->tag_len++] = (char)lower(ch);
	else
		c->tag[sizeof(c->tag) - 2] = '~'; /* too long to be any name we know */
	c->tag[c->tag_len] = '\0';
}

static void name_add(struct gx_html_ctx *c, unsigned char ch)
{
	if (c->name_len < sizeof(c->name) - 1)
		c->name[c->name_len++] = (char)lower(ch);
	else
		c->name[sizeof(c->name) - 2] = '~';
	c->name[c->name_len] = '\0';
}

static const char *const url_attrs[] = {
	"href", "src", "action", "formaction", "cite", "background", "poster",
	"data", "codebase", "longdesc", "usemap", "manifest", "icon", "profile",
	"srcset", "xlink:href", "ping", "lowsrc", "dynsrc", "archive", "classid",
	"itemtype", NULL,
};

/** Classifies the attribute whose name was just read. */
static void name_done(struct gx_html_ctx *c)
{
	c->attr = GX_HA_PLAIN;
	if (strncmp(c->name, "on", 2) == 0 || strcmp(c->name, "style") == 0 ||
	    strcmp(c->name, "srcdoc") == 0 || strchr(c->name, '~') != NULL)
		c->attr = GX_HA_CODE;
	for (size_t i = 0; url_attrs[i] != NULL; i++)
		if (strcmp(c->name, url_attrs[i]) == 0)
			c->attr = GX_HA_URL;
}

static void tag_done(struct gx_html_ctx *c)
{
	static const char *const code[] = {"script", "style", NULL};
	static const char *const text[] = {"xmp", "iframe", "noembed", "noframes",
					   "noscript", "plaintext", NULL};
	static const char *const rcdata[] = {"textarea", "title", NULL};
	c->state = GX_HS_TEXT;
	c->raw = GX_HR_NONE;
	c->rawpos = 0;
	if (c->end_tag)
		return;
	for (size_t i = 0; code[i] != NULL; i++)
		if (strcmp(c->tag, code[i]) == 0)
			c->raw = GX_HR_CODE;
	for (size_t i = 0; text[i] != NULL; i++)
		if (strcmp(c->tag, text[i]) == 0)
			c->raw = GX_HR_TEXT;
	for (size_t i = 0; rcdata[i] != NULL; i++)
		if (strcmp(c->tag, rcdata[i]) == 0)
			c->raw = GX_HR_RCDATA;
	if (c->raw != GX_HR_NONE)
		c->state = GX_HS_RAW;
}

static void start_tag(struct gx_html_ctx *c, bool end, unsigned char first)
{
	c->state = GX_HS_TAG_NAME;
	c->end_tag = end;
	c->tag_len = 0;
	c->tag[0] = '\0';
	tag_add(c, first);
}

static void start_attr(struct gx_html_ctx *c, unsigned char first)
{
	c->state = GX_HS_ATTR_NAME;
	c->name_len = 0;
	c->name[0] = '\0';
	name_add(c, first);
}

/** In raw text: matches "</tagname" followed by space, '/' or '>'. */
static void raw_step(struct gx_html_ctx *c, unsigned char ch)
{
	size_t n = c->rawpos;
	if (n == 0) {
		c->rawpos = ch == '<';
		return;
	}
	if (n == 1) {
		c->rawpos = ch == '/' ? 2 : (ch == '<');
		return;
	}
	if (n - 2 < c->tag_len) {
		c->rawpos = lower(ch) == (unsigned char)c->tag[n - 2] ? (unsigned char)(n + 1) : (ch == '<');
		return;
	}
	if (is_space(ch) || ch == '/' || ch == '>') {
		c->end_tag = 1;
		c->raw = GX_HR_NONE;
		c->rawpos = 0;
		c->state = ch == '>' ? GX_HS_TEXT : ch == '/' ? GX_HS_SELF_CLOSE : GX_HS_BEFORE_ATTR;
		return;
	}
	c->rawpos = ch == '<';
}

enum gx_html_event gx_html_step(struct gx_html_ctx *c, unsigned char ch)
{
	for (;;) {
		switch (c->state) {
		case GX_HS_TEXT:
			if (ch == '<')
				c->state = GX_HS_TAG_OPEN;
			return GX_HE_NONE;
		case GX_HS_TAG_OPEN:
			if (is_alpha(ch)) {
				start_tag(c, false, ch);
			} else if (ch == '/') {
				c->state = GX_HS_END_TAG_OPEN;
			} else if (ch == '!') {
				c->state = GX_HS_MARKUP;
			} else if (ch == '?') {
				c->state = GX_HS_BOGUS;
			} else {
				c->state = GX_HS_TEXT;
				continue;
			}
			return GX_HE_NONE;
		case GX_HS_END_TAG_OPEN:
			if (is_alpha(ch))
				start_tag(c, true, ch);
			else
				c->state = ch == '>' ? GX_HS_TEXT : GX_HS_BOGUS;
			return GX_HE_NONE;
		case GX_HS_TAG_NAME:
			if (is_space(ch))
				c->state = GX_HS_BEFORE_ATTR;
			else if (ch == '/')
				c->state = GX_HS_SELF_CLOSE;
			else if (ch == '>')
				tag_done(c);
			else
				tag_add(c, ch);
			return GX_HE_NONE;
		case GX_HS_BEFORE_ATTR:
			if (is_space(ch))
				return GX_HE_NONE;
			if (ch == '/')
				c->state = GX_HS_SELF_CLOSE;
			else if (ch == '>')
				tag_done(c);
			else
				start_attr(c, ch);
			return GX_HE_NONE;
		case GX_HS_ATTR_NAME:
			if (is_space(ch) || ch == '/' || ch == '>' || ch == '=') {
				name_done(c);
				c->state = GX_HS_AFTER_ATTR;
				if (is_space(ch))
					return GX_HE_NONE;
				continue;
			}
			name_add(c, ch);
			return GX_HE_NONE;
		case GX_HS_AFTER_ATTR:
		case GX_HS_AMBIG:
			if (is_space(ch))
				return GX_HE_NONE;
			if (ch == '=') {
				if (c->state == GX_HS_AMBIG)
					return GX_HE_ERR_EQ;
				c->state = GX_HS_BEFORE_VAL;
			} else if (ch == '/') {
				c->state = GX_HS_SELF_CLOSE;
			} else if (ch == '>') {
				tag_done(c);
			} else {
				start_attr(c, ch);
			}
			return GX_HE_NONE;
		case GX_HS_SELF_CLOSE:
			if (ch == '>') {
				tag_done(c);
				return GX_HE_NONE;
			}
			c->state = GX_HS_BEFORE_ATTR;
			continue;
		case GX_HS_BEFORE_VAL:
			if (is_space(ch))
				return GX_HE_NONE;
			if (ch == '"' || ch == '\'') {
				c->state = ch == '"' ? GX_HS_VAL_DQ : GX_HS_VAL_SQ;
				return GX_HE_VAL_OPEN;
			}
			if (ch == '>') {
				tag_done(c);
				return GX_HE_NONE;
			}
			c->state = GX_HS_VAL_UNQ;
			return GX_HE_NONE;
		case GX_HS_VAL_DQ:
		case GX_HS_VAL_SQ:
			if (ch == (c->state == GX_HS_VAL_DQ ? '"' : '\'')) {
				c->state = GX_HS_BEFORE_ATTR;
				return GX_HE_VAL_CLOSE;
			}
			return GX_HE_NONE;
		case GX_HS_VAL_UNQ:
			if (is_space(ch))
				c->state = GX_HS_BEFORE_ATTR;
			else if (ch == '>')
				tag_done(c);
			return GX_HE_NONE;
		case GX_HS_MARKUP:
			if (ch == '-') {
				c->state = GX_HS_MARKUP_DASH;
				return GX_HE_NONE;
			}
			c->state = GX_HS_BOGUS;
			continue;
		case GX_HS_MARKUP_DASH:
			if (ch == '-') {
				c->state = GX_HS_COMMENT;
				c->dash = 3;
				c->bang = 0;
				return GX_HE_NONE;
			}
			c->state = GX_HS_BOGUS;
			continue;
		case GX_HS_COMMENT:
			/* dash: 0-2 consecutive '-'; 3 just opened; 4 opened then '-' */
			if (ch == '>' && (c->dash >= 2 || c->bang)) {
				c->state = GX_HS_TEXT;
				c->dash = 0;
				c->bang = 0;
			} else if (ch == '-') {
				c->dash = c->dash == 3 ? 4 : c->dash == 4 ? 2 : (unsigned char)(c->dash < 2 ? c->dash + 1 : 2);
				c->bang = 0;
			} else if (ch == '!' && c->dash == 2) {
				c->bang = 1;
				c->dash = 0;
			} else {
				c->dash = 0;
				c->bang = 0;
			}
			return GX_HE_NONE;
		case GX_HS_BOGUS:
			if (ch == '>')
				c->state = GX_HS_TEXT;
			return GX_HE_NONE;
		case GX_HS_RAW:
			raw_step(c, ch);
			return GX_HE_NONE;
		}
		return GX_HE_NONE;
	}
}

void gx_html_boundary(struct gx_html_ctx *c, bool lt_is_text)
{
	if (c->state == GX_HS_ATTR_NAME) {
		name_done(c);
		c->state = GX_HS_AFTER_ATTR;
	}
	if (lt_is_text && c->state == GX_HS_TAG_OPEN)
		c->state = GX_HS_TEXT;
}

bool gx_html_ctx_eq(const struct gx_html_ctx *a, const struct gx_html_ctx *b)
{
	if (a->state != b->state)
		return false;
	switch (a->state) {
	case GX_HS_TEXT:
	case GX_HS_TAG_OPEN:
	case GX_HS_END_TAG_OPEN:
	case GX_HS_MARKUP:
	case GX_HS_MARKUP_DASH:
	case GX_HS_BOGUS:
		return true;
	case GX_HS_COMMENT:
		return a->dash == b->dash && a->bang == b->bang;
	case GX_HS_RAW:
		return a->raw == b->raw && a->rawpos == b->rawpos && strcmp(a->tag, b->tag) == 0;
	case GX_HS_VAL_DQ:
	case GX_HS_VAL_SQ:
	case GX_HS_VAL_UNQ:
	case GX_HS_BEFORE_VAL:
		if (a->attr != b->attr)
			return false;
		break;
	case GX_HS_ATTR_NAME:
		if (strcmp(a->name, b->name) != 0)
			return false;
		break;
	default:
		break;
	}
	return a->end_tag == b->end_tag && strcmp(a->tag, b->tag) == 0;
}

static bool between_attrs(unsigned char s)
{
	return s == GX_HS_BEFORE_ATTR || s == GX_HS_AFTER_ATTR || s == GX_HS_AMBIG ||
	       s == GX_HS_SELF_CLOSE;
}

bool gx_html_ctx_merge(const struct gx_html_ctx *a, const struct gx_html_ctx *b,
		       struct gx_html_ctx *out)
{
	if (gx_html_ctx_eq(a, b)) {
		*out = *a;
		return true;
	}
	if (!between_attrs(a->state) || !between_attrs(b->state) ||
	    a->end_tag != b->end_tag || strcmp(a->tag, b->tag) != 0)
		return false;
	*out = *a;
	bool plain = (a->state == GX_HS_BEFORE_ATTR || a->state == GX_HS_SELF_CLOSE) &&
		     (b->state == GX_HS_BEFORE_ATTR || b->state == GX_HS_SELF_CLOSE);
	/* after "x" an '=' starts a value, after nothing it starts a name: refuse '=' */
	out->state = plain ? GX_HS_BEFORE_ATTR : GX_HS_AMBIG;
	return true;
}
