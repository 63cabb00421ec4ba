#ifndef GX_TMPL_HTML_H
#define GX_TMPL_HTML_H

/** A small HTML tokenizer state machine: enough of HTML5's to know, at any
 *  byte of a template's literal text, whether we are in text, a tag, a quoted
 *  attribute value (and which kind), a comment or raw text. */

#include <stdbool.h>

enum gx_html_state {
	GX_HS_TEXT, GX_HS_TAG_OPEN, GX_HS_END_TAG_OPEN, GX_HS_TAG_NAME,
	GX_HS_BEFORE_ATTR, GX_HS_ATTR_NAME, GX_HS_AFTER_ATTR, GX_HS_AMBIG,
	GX_HS_SELF_CLOSE, GX_HS_BEFORE_VAL, GX_HS_VAL_DQ, GX_HS_VAL_SQ,
	GX_HS_VAL_UNQ, GX_HS_MARKUP, GX_HS_MARKUP_DASH, GX_HS_COMMENT,
	GX_HS_BOGUS, GX_HS_RAW,
};

enum gx_html_attr { GX_HA_PLAIN, GX_HA_URL, GX_HA_CODE };
enum gx_html_raw { GX_HR_NONE, GX_HR_CODE, GX_HR_TEXT, GX_HR_RCDATA };

enum gx_html_event { GX_HE_NONE, GX_HE_VAL_OPEN, GX_HE_VAL_CLOSE, GX_HE_ERR_EQ };

struct gx_html_ctx {
	unsigned char state;
	unsigned char attr;     /* enum gx_html_attr, meaningful in value states */
	unsigned char raw;      /* enum gx_html_raw, in GX_HS_RAW */
	unsigned char end_tag;  /* the tag being read is an end tag */
	unsigned char dash;     /* comment: consecutive '-' (capped), 3 = just opened */
	unsigned char bang;     /* comment: saw "--!" */
	unsigned char rawpos;   /* raw text: bytes of "</name" matched */
	unsigned char tag_len, name_len;
	char tag[16];           /* lower-case tag name (truncated; long ones get '~') */
	char name[24];          /* lower-case attribute name being read */
};

/** Feeds one byte of literal text. */
enum gx_html_event gx_html_step(struct gx_html_ctx *c, unsigned char ch);

/** What a template tag does to the state: ends an attribute name being read
 *  and, when lt_is_text, makes a '<' just before it literal text. */
void gx_html_boundary(struct gx_html_ctx *c, bool lt_is_text);

bool gx_html_ctx_eq(const struct gx_html_ctx *a, const struct gx_html_ctx *b);

/** Joins the states after two branches; false when they cannot be joined. */
bool gx_html_ctx_merge(const struct gx_html_ctx *a, const struct gx_html_ctx *b,
		       struct gx_html_ctx *out);

#endif
