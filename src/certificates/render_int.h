#ifndef GX_CERTIFICATES_RENDER_INT_H
#define GX_CERTIFICATES_RENDER_INT_H

/** The certificate's page layout (internal): the document (render.c) flows
 *  blocks down the pages; the facts of each type (render_facts.c) are rows
 *  of a label and a value, and for a household a table of its members. */

#include <stdbool.h>
#include <stddef.h>

#include "certificates/pdf_int.h"
#include "certificates/render.h"
#include "certificates/texts_int.h"

/* A4 in points, and the frame of the text. */
#define GX_CERT_PAGE_W 595.276f
#define GX_CERT_PAGE_H 841.89f
#define GX_CERT_LEFT 62.0f
#define GX_CERT_RIGHT (GX_CERT_PAGE_W - 62.0f)
#define GX_CERT_WIDTH (GX_CERT_RIGHT - GX_CERT_LEFT)
/** Nothing flows below this (the footer's line is under it). */
#define GX_CERT_BOTTOM 72.0f
#define GX_CERT_MAX_PAGES 8
/** Where a value starts in a row: the label column's width and gap. */
#define GX_CERT_VALUE_X (GX_CERT_LEFT + 168.0f)

struct gx_cert_layout {
	struct gx_pdf pdf;
	const struct gx_cert_doc *doc;
	const struct gx_cert_texts *t;
	HPDF_Page pages[GX_CERT_MAX_PAGES];
	int npages;
	float y;        /* the top of the free space on the current page */
	bool overflow;  /* the facts needed more than GX_CERT_MAX_PAGES pages */
	bool too_long;  /* a text needed more lines than its place has */
};

/** gx_pdf_wrap, and when the text needs more than max lines, too_long is
 *  set (the certificate is refused rather than printed cut short).
 *  Returns how many lines were filled (at most max). */
size_t gx_cert_wrap(struct gx_cert_layout *l, enum gx_pdf_face face, float size, const char *s, float width,
		    struct gx_pdf_line *lines, size_t max);

/** Makes sure height points are free below y: starts a new page (with a
 *  continuation head) when they are not. True when it started one. */
bool gx_cert_layout_need(struct gx_cert_layout *l, float height);

/** Sets the fill colour: text, muted text, the accent (rgb 0-1). */
void gx_cert_ink(struct gx_cert_layout *l);
void gx_cert_ink_muted(struct gx_cert_layout *l);
void gx_cert_ink_accent(struct gx_cert_layout *l);

/** A thin rule across the frame at y. */
void gx_cert_rule(struct gx_cert_layout *l, float y);

/** A row of the facts: the label on the left, the value (lines separated
 *  by '\n', each wrapped) on the right, a rule under it. */
void gx_cert_row(struct gx_cert_layout *l, const char *label, const char *value, enum gx_pdf_face face);

/** A date "YYYY-MM-DD" as written in the language ("1er juin 2019",
 *  "1. Juni 2019", "1 June 2019"); the text itself when it is not a date. */
void gx_cert_date_text(const struct gx_cert_texts *t, const char *iso, char *out, size_t outlen);

/** The facts of each type, flowed from l->y. */
void gx_cert_facts_residence(struct gx_cert_layout *l);
void gx_cert_facts_household(struct gx_cert_layout *l);

#endif
