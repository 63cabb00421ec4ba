#ifndef GX_CERTIFICATES_PDF_INT_H
#define GX_CERTIFICATES_PDF_INT_H

/** A PDF being written with libharu (internal to certificates): two faces
 *  of DejaVu Sans embedded, and UTF-8 text drawn and measured in them.
 *
 *  libharu's TrueType fonts take one encoding each. Text is cut into runs,
 *  each in the first single-byte encoding that has all its characters —
 *  Windows-1252 for Western Europe, then Central European, Baltic, Turkish,
 *  South European, North European, Nordic, Celtic, Greek and Cyrillic — so that
 *  the PDF embeds each face once, with simple fonts that every reader maps
 *  back to Unicode (pdftotext, copy and paste). A character none of them
 *  has (U+0132 "Ĳ", Vietnamese letters) falls back to a UTF-8 composite font
 *  of the same face; libharu writes that font's ToUnicode map imperfectly,
 *  so it is used only then. */

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

/** Where Debian's fonts-dejavu-core puts the faces. */
#define GX_PDF_FONT_DIR "/usr/share/fonts/truetype/dejavu"

enum gx_pdf_face {
	GX_PDF_REGULAR,
	GX_PDF_BOLD,
};
#define GX_PDF_FACES 2
/** The single-byte encodings tried in order, then UTF-8. */
#define GX_PDF_ENCODINGS 11

struct gx_pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	const char *face[GX_PDF_FACES];                   /* libharu's names of the loaded faces */
	HPDF_Font font[GX_PDF_FACES][GX_PDF_ENCODINGS];   /* got on first use */
	unsigned short unicode[GX_PDF_ENCODINGS - 1][256]; /* each single-byte encoding's code points */
	bool failed;                                      /* libharu reported an error */
	unsigned long error, detail;                      /* its first error */
};

/** A line of wrapped text: bytes start .. start+len of the text. */
struct gx_pdf_line {
	size_t start, len;
};

/** Starts a document (compressed, no encryption) with the faces loaded from
 *  font_dir (NULL: GX_PDF_FONT_DIR). p must stay where it is until
 *  gx_pdf_close. 0, or -1 with a reason in err. */
int gx_pdf_open(struct gx_pdf *p, const char *font_dir, char *err, size_t errlen);
void gx_pdf_close(struct gx_pdf *p);

/** Adds an A4 portrait page and makes it the current one. */
void gx_pdf_add_page(struct gx_pdf *p);

/** The width in points of n bytes of UTF-8 text in a face and size. */
float gx_pdf_width(struct gx_pdf *p, enum gx_pdf_face face, float size, const char *s, size_t n);

/** Draws n bytes of UTF-8 text with its baseline starting at (x, y) on the
 *  current page, in the current fill colour. */
void gx_pdf_text(struct gx_pdf *p, enum gx_pdf_face face, float size, float x, float y, const char *s, size_t n);

/** The same, ending at x (right-aligned). */
void gx_pdf_text_right(struct gx_pdf *p, enum gx_pdf_face face, float size, float x, float y, const char *s);

/** Cuts s into lines no wider than width (at spaces; a word wider than a
 *  line is cut after a hyphen, or else between characters). Fills at most
 *  max lines and returns how many there are (more than max when they did
 *  not all fit). */
size_t gx_pdf_wrap(struct gx_pdf *p, enum gx_pdf_face face, float size, const char *s, float width,
		   struct gx_pdf_line *lines, size_t max);

/** Repairs libharu's embedded fonts before saving (pdf_fix.c): every
 *  component of a used composite glyph, and a true ToUnicode map for the
 *  fonts in the encoding numbered utf8_encoding. */
void gx_pdf_fix_fonts(struct gx_pdf *p, int utf8_encoding);

/** The finished document's bytes (malloc'ed) in *out. 0, or -1 when libharu
 *  failed anywhere (err says how). */
int gx_pdf_save(struct gx_pdf *p, unsigned char **out, size_t *len, char *err, size_t errlen);

#endif
