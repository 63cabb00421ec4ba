/* A libharu document with DejaVu Sans embedded, and UTF-8 text cut into
 * runs of one encoding each (pdf_int.h says why). */

#include "certificates/pdf_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certificates/utf8_int.h"

static const char *const encodings[GX_PDF_ENCODINGS] = {
	"WinAnsiEncoding", /* Western European */
	"CP1250",          /* Central European */
	"CP1257",          /* Baltic */
	"CP1254",          /* Turkish */
	"ISO8859-3",       /* South European (Maltese) */
	"ISO8859-4",       /* North European */
	"ISO8859-10",      /* Nordic */
	"ISO8859-14",      /* Celtic */
	"CP1253",          /* Greek */
	"CP1251",          /* Cyrillic */
	"UTF-8",           /* anything else: a composite font */
};
#define UTF8_ENCODING (GX_PDF_ENCODINGS - 1)

static const char *const face_files[GX_PDF_FACES] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct gx_pdf *p = user;
	if (!p->failed) {
		p->error = error;
		p->detail = detail;
	}
	p->failed = true;
}

int gx_pdf_open(struct gx_pdf *p, const char *font_dir, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (font_dir == NULL)
		font_dir = GX_PDF_FONT_DIR;
	p->doc = HPDF_New(on_error, p);
	if (p->doc == NULL) {
		snprintf(err, errlen, "libharu cannot start (out of memory)");
		return -1;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	for (int e = 0; e < UTF8_ENCODING; e++) {
		HPDF_Encoder enc = HPDF_GetEncoder(p->doc, encodings[e]);
		for (int c = 0; c < 256 && enc != NULL; c++)
			p->unicode[e][c] = c < 0x20 ? 0 : HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)c);
	}
	for (int f = 0; f < GX_PDF_FACES; f++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", font_dir, face_files[f]);
		if (access(path, R_OK) != 0) {
			snprintf(err, errlen, "%s: cannot read the font (Debian package fonts-dejavu-core)", path);
			gx_pdf_close(p);
			return -1;
		}
		p->face[f] = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	}
	if (p->failed || p->face[GX_PDF_REGULAR] == NULL || p->face[GX_PDF_BOLD] == NULL) {
		snprintf(err, errlen, "libharu cannot load the fonts in %s (error 0x%04lX)", font_dir, p->error);
		gx_pdf_close(p);
		return -1;
	}
	return 0;
}

void gx_pdf_close(struct gx_pdf *p)
{
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	p->doc = NULL;
}

void gx_pdf_add_page(struct gx_pdf *p)
{
	p->page = HPDF_AddPage(p->doc);
	if (p->page != NULL)
		HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
}

static HPDF_Font font_of(struct gx_pdf *p, enum gx_pdf_face face, int enc)
{
	if (p->font[face][enc] == NULL)
		p->font[face][enc] = HPDF_GetFont(p->doc, p->face[face], encodings[enc]);
	return p->font[face][enc];
}

/* Letters a simple font would name with a glyph name that readers map to
 * another code point (the Adobe Glyph List's "Delta" is U+2206, "Omega"
 * U+2126, "mu" U+00B5) or to none (the dotted letters of ISO 8859-14): they then draw
 * a glyph that is not embedded. These go to the composite font. */
static bool misnamed(int32_t cp)
{
	static const int32_t list[] = {0x0394, 0x03A9, 0x03BC, 0x1E02, 0x1E03, 0x1E0A, 0x1E0B, 0x1E1E, 0x1E1F,
				       0x1E40, 0x1E41, 0x1E56, 0x1E57, 0x1E60, 0x1E61, 0x1E6A, 0x1E6B};
	for (size_t k = 0; k < sizeof(list) / sizeof(list[0]); k++)
		if (list[k] == cp)
			return true;
	return false;
}

/* The byte for cp in single-byte encoding e, or -1. */
static int byte_in(const struct gx_pdf *p, int e, int32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return (int)cp; /* every encoding above keeps ASCII */
	if (misnamed(cp))
		return -1;
	for (int c = 0xA0; c < 256; c++)
		if (p->unicode[e][c] == cp)
			return c;
	for (int c = 0x80; c < 0xA0; c++)
		if (p->unicode[e][c] == cp)
			return c;
	return -1;
}

/* Calls fn for each run of s in one encoding (bytes NUL-terminated). */
typedef void run_fn(struct gx_pdf *p, int enc, const char *bytes, size_t len, void *ctx);

static void for_each_run(struct gx_pdf *p, const char *s, size_t n, run_fn *fn, void *ctx)
{
	char run[256];
	size_t len = 0, i = 0;
	int enc = -1;
	while (i < n) {
		size_t at = i;
		int32_t cp = gx_cert_utf8_next(s, n, &i);
		if (cp < 0) {
			i = at + 1; /* checked data never gets here: skip the byte */
			continue;
		}
		int e = -1, b = -1;
		if (enc == UTF8_ENCODING && cp == ' ')
			e = enc; /* a space does not end a run of the composite font */
		else if (enc >= 0 && enc != UTF8_ENCODING)
			b = byte_in(p, enc, cp), e = b >= 0 ? enc : -1;
		for (int k = 0; e < 0 && k < UTF8_ENCODING; k++)
			if ((b = byte_in(p, k, cp)) >= 0)
				e = k;
		if (e < 0)
			e = UTF8_ENCODING;
		size_t need = e == UTF8_ENCODING ? i - at : 1;
		if (len > 0 && (e != enc || len + need >= sizeof(run))) {
			run[len] = '\0';
			fn(p, enc, run, len, ctx);
			len = 0;
		}
		enc = e;
		if (e == UTF8_ENCODING)
			memcpy(run + len, s + at, need), len += need;
		else
			run[len++] = (char)b;
	}
	if (len > 0) {
		run[len] = '\0';
		fn(p, enc, run, len, ctx);
	}
}

struct measure {
	enum gx_pdf_face face;
	float width; /* in thousandths of the size */
};

static void measure_run(struct gx_pdf *p, int enc, const char *bytes, size_t len, void *ctx)
{
	struct measure *m = ctx;
	HPDF_Font font = font_of(p, m->face, enc);
	if (font != NULL)
		m->width += (float)HPDF_Font_TextWidth(font, (const HPDF_BYTE *)bytes, (HPDF_UINT)len).width;
}

float gx_pdf_width(struct gx_pdf *p, enum gx_pdf_face face, float size, const char *s, size_t n)
{
	struct measure m = {face, 0};
	for_each_run(p, s, n, measure_run, &m);
	return m.width * size / 1000;
}

struct draw {
	enum gx_pdf_face face;
	float size;
};

static void draw_run(struct gx_pdf *p, int enc, const char *bytes, size_t len, void *ctx)
{
	struct draw *d = ctx;
	HPDF_Font font = font_of(p, d->face, enc);
	if (font == NULL)
		return;
	HPDF_Page_SetFontAndSize(p->page, font, d->size);
	HPDF_Page_ShowText(p->page, bytes);
}

void gx_pdf_text(struct gx_pdf *p, enum gx_pdf_face face, float size, float x, float y, const char *s, size_t n)
{
	struct draw d = {face, size};
	HPDF_Page_BeginText(p->page);
	HPDF_Page_MoveTextPos(p->page, x, y);
	for_each_run(p, s, n, draw_run, &d);
	HPDF_Page_EndText(p->page);
}

void gx_pdf_text_right(struct gx_pdf *p, enum gx_pdf_face face, float size, float x, float y, const char *s)
{
	size_t n = strlen(s);
	gx_pdf_text(p, face, size, x - gx_pdf_width(p, face, size, s, n), y, s, n);
}

/* How many bytes of s[0..n) fit in width, cut between characters; at least
 * one character. */
static size_t fit_chars(struct gx_pdf *p, enum gx_pdf_face face, float size, const char *s, size_t n, float width)
{
	size_t i = 0, fit = 0;
	while (i < n) {
		if (gx_cert_utf8_next(s, n, &i) < 0)
			i++;
		if (fit > 0 && gx_pdf_width(p, face, size, s, i) > width)
			break;
		fit = i;
	}
	return fit;
}

size_t gx_pdf_wrap(struct gx_pdf *p, enum gx_pdf_face face, float size, const char *s, float width,
		   struct gx_pdf_line *lines, size_t max)
{
	size_t n = strlen(s), count = 0, i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		/* the longest run of whole words from i that fits */
		size_t end = i, j = i;
		while (j < n) {
			size_t k = j;
			while (k < n && s[k] == ' ')
				k++;
			while (k < n && s[k] != ' ')
				k++;
			if (gx_pdf_width(p, face, size, s + i, k - i) > width)
				break;
			end = j = k;
		}
		if (end == i) { /* one word wider than the line: cut after a hyphen, or between characters */
			size_t fit = fit_chars(p, face, size, s + i, n - i, width), cut = fit;
			while (cut > 1 && s[i + cut - 1] != '-')
				cut--;
			end = i + (cut > 1 ? cut : fit);
		}
		if (count < max)
			lines[count] = (struct gx_pdf_line){i, end - i};
		count++;
		i = end;
	}
	return count;
}

int gx_pdf_save(struct gx_pdf *p, unsigned char **out, size_t *len, char *err, size_t errlen)
{
	*out = NULL;
	*len = 0;
	if (!p->failed) {
		gx_pdf_fix_fonts(p, UTF8_ENCODING);
		HPDF_SaveToStream(p->doc);
	}
	HPDF_UINT32 size = p->failed ? 0 : HPDF_GetStreamSize(p->doc);
	unsigned char *buf = size > 0 ? malloc(size) : NULL;
	if (buf == NULL) {
		snprintf(err, errlen, "libharu cannot write the PDF (error 0x%04lX, 0x%lX)", p->error, p->detail);
		return -1;
	}
	/* reading to the end reports HPDF_STREAM_EOF (through the handler too) */
	HPDF_UINT32 got = size;
	HPDF_STATUS rc = HPDF_ReadFromStream(p->doc, buf, &got);
	if ((rc != HPDF_OK && rc != HPDF_STREAM_EOF) || got != size) {
		snprintf(err, errlen, "libharu cannot read the PDF back (error 0x%04lX)", (unsigned long)rc);
		free(buf);
		return -1;
	}
	*out = buf;
	*len = size;
	return 0;
}
