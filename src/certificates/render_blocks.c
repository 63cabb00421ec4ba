/* The blocks a certificate's pages are made of: colours, rules, rows of
 * facts, page breaks, dates in words. */

#include "certificates/render_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/calendar.h"

#define ROW_PAD_TOP 8.0f
#define ROW_PAD_BOTTOM 7.0f
#define LABEL_SIZE 9.0f
#define LABEL_LEADING 12.0f
#define VALUE_SIZE 11.0f
#define VALUE_LEADING 15.0f
#define ROW_LINES_MAX 24

size_t gx_cert_wrap(struct gx_cert_layout *l, enum gx_pdf_face face, float size, const char *s, float width,
		    struct gx_pdf_line *lines, size_t max)
{
	size_t n = gx_pdf_wrap(&l->pdf, face, size, s, width, lines, max);
	if (n > max)
		l->too_long = true;
	return n < max ? n : max;
}

void gx_cert_ink(struct gx_cert_layout *l)
{
	HPDF_Page_SetRGBFill(l->pdf.page, 0.10f, 0.11f, 0.13f);
}

void gx_cert_ink_muted(struct gx_cert_layout *l)
{
	HPDF_Page_SetRGBFill(l->pdf.page, 0.36f, 0.38f, 0.42f);
}

void gx_cert_ink_accent(struct gx_cert_layout *l)
{
	HPDF_Page_SetRGBFill(l->pdf.page, 0.05f, 0.23f, 0.42f);
}

void gx_cert_rule(struct gx_cert_layout *l, float y)
{
	HPDF_Page page = l->pdf.page;
	HPDF_Page_SetRGBStroke(page, 0.80f, 0.82f, 0.85f);
	HPDF_Page_SetLineWidth(page, 0.5f);
	HPDF_Page_MoveTo(page, GX_CERT_LEFT, y);
	HPDF_Page_LineTo(page, GX_CERT_RIGHT, y);
	HPDF_Page_Stroke(page);
}

/* The head of a page after the first: the platform, what continues, a rule. */
static void continuation_head(struct gx_cert_layout *l)
{
	const struct gx_cert_doc *doc = l->doc;
	struct gx_buf b = GX_BUF_INIT;
	const char *pairs[] = {"title", gx_cert_type_title(doc->type, doc->lang), NULL};
	gx_buf_append_filled(&b, l->t->continued, pairs);
	float top = GX_CERT_PAGE_H - 50;
	gx_cert_ink_accent(l);
	gx_pdf_text(&l->pdf, GX_PDF_BOLD, 12, GX_CERT_LEFT, top, doc->platform, strlen(doc->platform));
	gx_cert_ink_muted(l);
	gx_pdf_text_right(&l->pdf, GX_PDF_REGULAR, 9, GX_CERT_RIGHT, top, gx_buf_cstr(&b));
	gx_cert_rule(l, top - 10);
	gx_buf_free(&b);
	l->y = top - 26;
}

bool gx_cert_layout_need(struct gx_cert_layout *l, float height)
{
	if (l->y - height >= GX_CERT_BOTTOM)
		return false;
	if (l->npages == GX_CERT_MAX_PAGES) {
		l->overflow = true;
		return false;
	}
	gx_pdf_add_page(&l->pdf);
	l->pages[l->npages++] = l->pdf.page;
	continuation_head(l);
	return true;
}

void gx_cert_row(struct gx_cert_layout *l, const char *label, const char *value, enum gx_pdf_face face)
{
	struct gx_pdf_line label_lines[ROW_LINES_MAX], value_lines[ROW_LINES_MAX];
	char *text = strdup(value);
	if (text == NULL) {
		l->pdf.failed = true;
		return;
	}
	/* the value's paragraphs, each wrapped; offsets into text */
	size_t nv = 0, nl;
	for (char *para = text, *next; para != NULL; para = next) {
		next = strchr(para, '\n');
		if (next != NULL)
			*next++ = '\0';
		size_t n = gx_cert_wrap(l, face, VALUE_SIZE, para, GX_CERT_RIGHT - GX_CERT_VALUE_X, value_lines + nv,
					ROW_LINES_MAX - nv);
		for (size_t k = nv; k < nv + n; k++)
			value_lines[k].start += (size_t)(para - text);
		nv += n;
	}
	nl = gx_cert_wrap(l, GX_PDF_REGULAR, LABEL_SIZE, label, GX_CERT_VALUE_X - GX_CERT_LEFT - 14, label_lines,
			  ROW_LINES_MAX);
	float lh = (float)nl * LABEL_LEADING, vh = (float)nv * VALUE_LEADING;
	float height = ROW_PAD_TOP + (lh > vh ? lh : vh) + ROW_PAD_BOTTOM;
	gx_cert_layout_need(l, height);

	float top = l->y - ROW_PAD_TOP;
	gx_cert_ink_muted(l);
	for (size_t k = 0; k < nl; k++)
		gx_pdf_text(&l->pdf, GX_PDF_REGULAR, LABEL_SIZE, GX_CERT_LEFT, top - 9.0f - (float)k * LABEL_LEADING,
			    label + label_lines[k].start, label_lines[k].len);
	gx_cert_ink(l);
	for (size_t k = 0; k < nv; k++)
		gx_pdf_text(&l->pdf, face, VALUE_SIZE, GX_CERT_VALUE_X, top - 9.0f - (float)k * VALUE_LEADING,
			    text + value_lines[k].start, value_lines[k].len);
	l->y -= height;
	gx_cert_rule(l, l->y);
	free(text);
}

void gx_cert_date_text(const struct gx_cert_texts *t, const char *iso, char *out, size_t outlen)
{
	int y, m, d;
	if (iso == NULL || strlen(iso) != 10 || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !gx_cal_date_valid(y, m, d)) {
		snprintf(out, outlen, "%s", iso != NULL ? iso : "");
		return;
	}
	char day[8], year[8];
	snprintf(day, sizeof(day), "%d", d);
	snprintf(year, sizeof(year), "%04d", y);
	const char *pairs[] = {"day", d == 1 ? t->first_day : day, "month", t->months[m - 1], "year", year, NULL};
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_filled(&b, t->date, pairs);
	snprintf(out, outlen, "%s", gx_buf_cstr(&b));
	gx_buf_free(&b);
}
