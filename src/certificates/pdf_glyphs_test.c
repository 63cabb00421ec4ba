/** Unit test of what the PDFs draw (certificates/pdf_int.h, pdf_fix.c):
 *  letters print with their accents in both faces, whichever font they
 *  land in. Each letter is drawn alone in a document of its own (beside its
 *  base letter, and the .notdef box of a character the font lacks), so no
 *  other letter brings its glyphs along; poppler's pdftoppm rasterises the
 *  page, and the letter must carry more ink than its base letter and not be
 *  the box. Guards libharu's lost nested composite glyphs ("ễ", the bold
 *  "š") and glyph names readers map elsewhere ("Δ", "ḃ"). */

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "certificates/cert_testutil.h"
#include "certificates/pdf_int.h"

#define DPI 50
#define PAGE_H 841.89f
#define SIZE 40.0f
/* where each glyph's baseline starts (points): multiples of 36 points,
 * whole pixels at 50 dpi, so that the same glyph gives the same pixels */
#define BASE_X 108.0f
#define LETTER_X 216.0f
#define BOX_X 324.0f
#define ROW_Y(face) (780.0f - 60.0f * (float)(face))

static char dir[64];

static int setup(void **state)
{
	gx_test_tmpdir(dir);
	return 0;
}

static int teardown(void **state)
{
	gx_test_rmdir(dir);
	return 0;
}

struct image {
	int w, h;
	unsigned char *px;
	char *file;
};

/* A binary PGM from pdftoppm -gray ("P5\nW H\n255\n" and the pixels). */
static struct image read_pgm(const char *path)
{
	struct image im = {0};
	size_t len;
	im.file = gx_test_read(path, &len);
	int off = 0;
	if (sscanf(im.file, "P5 %d %d 255%n", &im.w, &im.h, &off) != 2 || off <= 0 ||
	    (size_t)off + 1 + (size_t)im.w * (size_t)im.h > len)
		gx_test_die("not a PGM");
	im.px = (unsigned char *)im.file + off + 1;
	return im;
}

/* The pixel rectangle around a glyph drawn at (x, y) points. */
static void cell(const struct image *im, float x, float y, int *x0, int *x1, int *y0, int *y1)
{
	const float k = DPI / 72.0f;
	*x0 = (int)((x - 6) * k), *x1 = (int)((x + 60) * k);
	*y0 = (int)((PAGE_H - (y + 45)) * k), *y1 = (int)((PAGE_H - (y - 14)) * k);
	*y0 = *y0 < 0 ? 0 : *y0, *y1 = *y1 > im->h ? im->h : *y1, *x1 = *x1 > im->w ? im->w : *x1;
}

/* The ink (darkness) of a glyph drawn at (x, y). */
static long ink(const struct image *im, float x, float y)
{
	int x0, x1, y0, y1;
	long sum = 0;
	cell(im, x, y, &x0, &x1, &y0, &y1);
	for (int r = y0; r < y1; r++)
		for (int c = x0; c < x1; c++)
			sum += 255 - im->px[r * im->w + c];
	return sum;
}

/* True when the glyphs drawn at (xa, y) and (xb, y) are the same pixels. */
static bool same_pixels(const struct image *im, float xa, float xb, float y)
{
	int a0, a1, b0, b1, y0, y1;
	cell(im, xa, y, &a0, &a1, &y0, &y1);
	cell(im, xb, y, &b0, &b1, &y0, &y1);
	if (a1 - a0 != b1 - b0)
		return false;
	for (int r = y0; r < y1; r++)
		if (memcmp(im->px + r * im->w + a0, im->px + r * im->w + b0, (size_t)(a1 - a0)) != 0)
			return false;
	return true;
}

static void utf8(uint32_t cp, char out[5])
{
	if (cp < 0x80) {
		out[0] = (char)cp, out[1] = 0;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 63)), out[2] = 0;
	} else {
		out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 63));
		out[2] = (char)(0x80 | (cp & 63)), out[3] = 0;
	}
}

/* Draws base, letter and a character DejaVu lacks (U+E000) in both faces,
 * alone in a document, and checks each face's letter. */
static void check_letter(uint32_t letter, uint32_t base)
{
	struct gx_pdf p;
	char err[300], a[5], b[5], box[5];
	utf8(letter, a);
	utf8(base, b);
	utf8(0xE000, box);
	assert_int_equal(gx_pdf_open(&p, NULL, err, sizeof(err)), 0);
	gx_pdf_add_page(&p);
	for (int face = 0; face < GX_PDF_FACES; face++) {
		gx_pdf_text(&p, face, SIZE, BASE_X, ROW_Y(face), b, strlen(b));
		gx_pdf_text(&p, face, SIZE, LETTER_X, ROW_Y(face), a, strlen(a));
		gx_pdf_text(&p, face, SIZE, BOX_X, ROW_Y(face), box, strlen(box));
	}
	unsigned char *pdf;
	size_t len;
	assert_int_equal(gx_pdf_save(&p, &pdf, &len, err, sizeof(err)), 0);
	gx_pdf_close(&p);

	char path[128], cmd[400];
	snprintf(path, sizeof(path), "%s/glyph.pdf", dir);
	gx_test_write(path, pdf, len);
	free(pdf);
	snprintf(cmd, sizeof(cmd), "pdftoppm -r %d -gray -x 0 -y 0 -W 300 -H 120 -singlefile '%s' '%s/glyph' 2>&1",
		 DPI, path, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/glyph.pgm", dir);
	struct image im = read_pgm(path);
	for (int face = 0; face < GX_PDF_FACES; face++) {
		long ink_base = ink(&im, BASE_X, ROW_Y(face)), ink_letter = ink(&im, LETTER_X, ROW_Y(face));
		if (ink_base == 0 || ink_letter * 100 <= ink_base * 102 ||
		    same_pixels(&im, LETTER_X, BOX_X, ROW_Y(face)))
			fail_msg("U+%04X (%s) in face %d: ink %ld, its base U+%04X %ld, or the missing glyph's box", letter,
				 a, face, ink_letter, base, ink_base);
	}
	free(im.file);
}

static void test_accented_letters_print(void **state)
{
	static const uint32_t pairs[][2] = {
		{0x00FC, 'u'},    /* ü   WinAnsi */
		{0x00E7, 'c'},    /* ç */
		{0x00F1, 'n'},    /* ñ */
		{0x0161, 's'},    /* š   WinAnsi; in bold a nested composite */
		{0x0141, 'L'},    /* Ł   Central European */
		{0x0151, 'o'},    /* ő */
		{0x0105, 'a'},    /* ą */
		{0x0173, 'u'},    /* ų   Baltic */
		{0x0146, 'n'},    /* ņ */
		{0x011F, 'g'},    /* ğ   Turkish */
		{0x0127, 'h'},    /* ħ   South European */
		{0x0175, 'w'},    /* ŵ   Celtic */
		{0x03AC, 0x03B1}, /* ά   Greek */
		{0x0439, 0x0438}, /* й   Cyrillic */
		{0x0457, 0x0456}, /* ї */
		{0x021B, 't'},    /* ț   Romanian: the composite font */
		{0x0218, 'S'},    /* Ș */
		{0x1EC5, 0x00EA}, /* ễ   Vietnamese: nested composite */
		{0x1EAD, 0x1EA1}, /* ậ */
		{0x01D8, 0x00FC}, /* ǘ */
		{0x1E03, 'b'},    /* ḃ   a glyph name no reader knows */
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		check_letter(pairs[i][0], pairs[i][1]);
}

static void test_misnamed_letters_print(void **state)
{
	/* "Delta", "Omega", "mu": readers map the names elsewhere; the letter must still be drawn */
	check_letter(0x0394, '-');
	check_letter(0x03A9, '-');
	check_letter(0x03BC, '.');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accented_letters_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misnamed_letters_print, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
