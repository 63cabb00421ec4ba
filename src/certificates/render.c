/* A certificate's PDF: metadata, the first page's head, the facts, the
 * issue line, the verification box at the foot of the last page, and each
 * page's footer. Layout in render_int.h; facts in render_facts.c. */

#include "certificates/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certificates/render_int.h"
#include "util/buf.h"
#include "util/local_time.h"

#define HEAD_TOP (GX_CERT_PAGE_H - 56)
#define LINES_MAX 12

/* Luxembourg's local time at at_us: its date "YYYY-MM-DD", "HH:MM", and the
 * same as a libharu date with its offset. */
static void local_time(long long at_us, char date[11], char hhmm[6], HPDF_Date *pdf_date)
{
	int offset = gx_local_time_offset(at_us);
	long long t = at_us / 1000000 - (at_us % 1000000 < 0 ? 1 : 0) + offset;
	int secs = (int)(((t % 86400) + 86400) % 86400), h = secs / 3600, mi = secs % 3600 / 60;
	int y = gx_local_date(at_us, date);
	snprintf(hhmm, 6, "%02d:%02d", h % 24, mi % 60);
	*pdf_date = (HPDF_Date){.year = y, .month = atoi(date + 5), .day = atoi(date + 8), .hour = h, .minutes = mi,
				.seconds = secs % 60, .ind = '+', .off_hour = offset / 3600, .off_minutes = 0};
}

/* Fills tmpl's {placeholders} into b (reset first). */
static const char *fill(struct gx_buf *b, const char *tmpl, const char *const *pairs)
{
	gx_buf_reset(b);
	gx_buf_append_filled(b, tmpl, pairs);
	return gx_buf_cstr(b);
}

/* Draws s wrapped in width from (x, l->y), leading apart; moves l->y down. */
static void paragraph(struct gx_cert_layout *l, enum gx_pdf_face face, float size, float leading, const char *s,
		      float x, float width)
{
	struct gx_pdf_line lines[LINES_MAX];
	size_t n = gx_cert_wrap(l, face, size, s, width, lines, LINES_MAX);
	gx_cert_layout_need(l, (float)n * leading);
	for (size_t k = 0; k < n; k++)
		gx_pdf_text(&l->pdf, face, size, x, l->y - size - (float)k * leading, s + lines[k].start, lines[k].len);
	l->y -= (float)n * leading;
}

static void metadata(struct gx_cert_layout *l, const HPDF_Date *created)
{
	const struct gx_cert_doc *doc = l->doc;
	HPDF_Doc pdf = l->pdf.doc;
	char keywords[64];
	/* first, while no encoder is set: a plain literal string extract.c finds */
	snprintf(keywords, sizeof(keywords), "%s%s", GX_CERT_PDF_MARKER, doc->code.text);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, keywords);
	HPDF_SetCurrentEncoder(pdf, "UTF-8"); /* the rest as UTF-16 text strings */
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, gx_cert_type_title(doc->type, doc->lang));
	HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, doc->organisation_title);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, doc->platform);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, *created);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, *created);
}

/* The first page's head: the platform, the organisation and the date, a
 * rule, the title and what is certified. */
static void head(struct gx_cert_layout *l, const char *issued_date)
{
	const struct gx_cert_doc *doc = l->doc;
	struct gx_buf b = GX_BUF_INIT;
	struct gx_pdf_line lines[LINES_MAX];
	gx_cert_ink_accent(l);
	gx_pdf_text(&l->pdf, GX_PDF_BOLD, 21, GX_CERT_LEFT, HEAD_TOP - 8, doc->platform, strlen(doc->platform));

	size_t n = gx_cert_wrap(l, GX_PDF_BOLD, 10.5f, doc->organisation_title, 250, lines, 4);
	float y = HEAD_TOP;
	gx_cert_ink(l);
	for (size_t k = 0; k < n; k++, y -= 13) {
		char line[256];
		snprintf(line, sizeof(line), "%.*s", (int)lines[k].len, doc->organisation_title + lines[k].start);
		gx_pdf_text_right(&l->pdf, GX_PDF_BOLD, 10.5f, GX_CERT_RIGHT, y, line);
	}
	const char *date_pairs[] = {"date", issued_date, NULL};
	gx_cert_ink_muted(l);
	gx_pdf_text_right(&l->pdf, GX_PDF_REGULAR, 9, GX_CERT_RIGHT, y - 1, fill(&b, l->t->issued_short, date_pairs));

	float rule = y - 14;
	HPDF_Page_SetRGBStroke(l->pdf.page, 0.05f, 0.23f, 0.42f);
	HPDF_Page_SetLineWidth(l->pdf.page, 1.6f);
	HPDF_Page_MoveTo(l->pdf.page, GX_CERT_LEFT, rule);
	HPDF_Page_LineTo(l->pdf.page, GX_CERT_RIGHT, rule);
	HPDF_Page_Stroke(l->pdf.page);

	l->y = rule - 26;
	gx_cert_ink(l);
	paragraph(l, GX_PDF_BOLD, 19, 24, gx_cert_type_title(doc->type, doc->lang), GX_CERT_LEFT, GX_CERT_WIDTH);
	l->y -= 12;
	paragraph(l, GX_PDF_REGULAR, 10.5f, 15, l->t->intro[doc->type], GX_CERT_LEFT, GX_CERT_WIDTH);
	l->y -= 12;
	gx_cert_rule(l, l->y);
	gx_buf_free(&b);
}

/* The verification box, at the foot of the current page (or a new one). */
static void verification_box(struct gx_cert_layout *l)
{
	const struct gx_cert_doc *doc = l->doc;
	struct gx_buf url = GX_BUF_INIT, check = GX_BUF_INIT, note = GX_BUF_INIT;
	struct gx_pdf_line check_lines[LINES_MAX], note_lines[LINES_MAX];
	const float pad = 16, inner = GX_CERT_WIDTH - 2 * pad;
	gx_buf_appendf(&url, "%s/verify", doc->site_url);
	const char *url_pairs[] = {"url", gx_buf_cstr(&url), NULL};
	const char *note_pairs[] = {"platform", doc->platform, NULL};
	fill(&check, l->t->check, url_pairs);
	fill(&note, l->t->signed_note, note_pairs);
	size_t nc = gx_cert_wrap(l, GX_PDF_REGULAR, 9.5f, gx_buf_cstr(&check), inner, check_lines, LINES_MAX);
	size_t nn = gx_cert_wrap(l, GX_PDF_REGULAR, 8.5f, gx_buf_cstr(&note), inner, note_lines, LINES_MAX);
	float height = pad + 12 + 30 + (float)nc * 13 + 8 + (float)nn * 11 + pad - 4;
	gx_cert_layout_need(l, height + 20);

	HPDF_Page page = l->pdf.page;
	float bottom = GX_CERT_BOTTOM + 4, top = bottom + height;
	HPDF_Page_SetRGBFill(page, 0.94f, 0.955f, 0.97f);
	HPDF_Page_SetRGBStroke(page, 0.05f, 0.23f, 0.42f);
	HPDF_Page_SetLineWidth(page, 0.8f);
	HPDF_Page_Rectangle(page, GX_CERT_LEFT, bottom, GX_CERT_WIDTH, height);
	HPDF_Page_FillStroke(page);

	float x = GX_CERT_LEFT + pad, y = top - pad - 8;
	gx_cert_ink_muted(l);
	gx_pdf_text(&l->pdf, GX_PDF_REGULAR, 9, x, y, l->t->code_label, strlen(l->t->code_label));
	y -= 28;
	gx_cert_ink(l);
	HPDF_Page_SetCharSpace(page, 1.5f);
	gx_pdf_text(&l->pdf, GX_PDF_BOLD, 23, x, y, doc->code.text, strlen(doc->code.text));
	HPDF_Page_SetCharSpace(page, 0);
	y -= 20;
	for (size_t k = 0; k < nc; k++, y -= 13)
		gx_pdf_text(&l->pdf, GX_PDF_REGULAR, 9.5f, x, y, gx_buf_cstr(&check) + check_lines[k].start,
			    check_lines[k].len);
	y -= 6;
	gx_cert_ink_muted(l);
	for (size_t k = 0; k < nn; k++, y -= 11)
		gx_pdf_text(&l->pdf, GX_PDF_REGULAR, 8.5f, x, y, gx_buf_cstr(&note) + note_lines[k].start,
			    note_lines[k].len);
	l->y = bottom;
	gx_buf_free(&url);
	gx_buf_free(&check);
	gx_buf_free(&note);
}

/* Each page's footer: the code and the page's number among them all. */
static void footers(struct gx_cert_layout *l)
{
	struct gx_buf b = GX_BUF_INIT;
	char n[16], count[16];
	snprintf(count, sizeof(count), "%d", l->npages);
	for (int p = 0; p < l->npages; p++) {
		l->pdf.page = l->pages[p];
		snprintf(n, sizeof(n), "%d", p + 1);
		const char *pairs[] = {"n", n, "count", count, NULL};
		gx_cert_rule(l, 56);
		gx_cert_ink_muted(l);
		gx_buf_reset(&b);
		gx_buf_appendf(&b, "%s · %s · %s", l->doc->platform, l->t->code_label, l->doc->code.text);
		gx_pdf_text(&l->pdf, GX_PDF_REGULAR, 8, GX_CERT_LEFT, 44, gx_buf_cstr(&b), b.len);
		gx_pdf_text_right(&l->pdf, GX_PDF_REGULAR, 8, GX_CERT_RIGHT, 44, fill(&b, l->t->page, pairs));
	}
	gx_buf_free(&b);
}

int gx_cert_render(const struct gx_cert_doc *doc, unsigned char **pdf, size_t *len, char *err, size_t errlen)
{
	*pdf = NULL;
	*len = 0;
	if ((unsigned)doc->type >= GX_CERT_TYPE_COUNT || (unsigned)doc->lang >= GX_CERT_LANG_COUNT ||
	    doc->platform == NULL || doc->organisation_title == NULL || doc->site_url == NULL || doc->data == NULL ||
	    !json_is_object(doc->data)) {
		snprintf(err, errlen, "a certificate needs the platform, the organisation, the site and the data");
		return -1;
	}
	struct gx_cert_layout l = {.doc = doc, .t = gx_cert_texts(doc->lang)};
	if (gx_pdf_open(&l.pdf, doc->font_dir, err, errlen) != 0)
		return -1;
	char date[11], hhmm[6], date_text[64];
	HPDF_Date created;
	local_time(doc->issued_at_us, date, hhmm, &created);
	gx_cert_date_text(l.t, date, date_text, sizeof(date_text));
	metadata(&l, &created);

	gx_pdf_add_page(&l.pdf);
	l.pages[l.npages++] = l.pdf.page;
	head(&l, date_text);
	if (doc->type == GX_CERT_RESIDENCE)
		gx_cert_facts_residence(&l);
	else
		gx_cert_facts_household(&l);

	struct gx_buf b = GX_BUF_INIT;
	const char *pairs[] = {"date", date_text, "time", hhmm, "organisation", doc->organisation_title,
			       "platform", doc->platform, NULL};
	l.y -= 18;
	gx_cert_ink(&l);
	paragraph(&l, GX_PDF_REGULAR, 10, 14.5f, fill(&b, l.t->issued, pairs), GX_CERT_LEFT, GX_CERT_WIDTH);
	gx_buf_free(&b);
	verification_box(&l);
	footers(&l);

	int rc = -1;
	if (l.overflow)
		snprintf(err, errlen, "the certificate needs more than %d pages", GX_CERT_MAX_PAGES);
	else if (l.too_long)
		snprintf(err, errlen, "a text is too long for its place on the certificate");
	else
		rc = gx_pdf_save(&l.pdf, pdf, len, err, errlen);
	gx_pdf_close(&l.pdf);
	return rc;
}
