/* Two repairs to what libharu 2.3.0 writes, made just before saving:
 *
 * 1. Composite glyphs. libharu embeds only the glyphs a document uses, and
 *    of a composite glyph (a letter built from others: "š" from "s" and a
 *    caron) it adds the components one level deep. DejaVu builds many
 *    letters two levels deep ("ễ" from "e" and a circumflex-tilde that is
 *    itself composite), so their accents went missing. Here every used
 *    composite glyph's components are marked used, to any depth.
 *
 * 2. The ToUnicode map of the UTF-8 composite font. libharu writes a CMap
 *    with a "cidrange" where a ToUnicode map needs "bfrange"s, so readers
 *    warn and may not map the text back to Unicode. Its codes are Unicode
 *    code points, so the map is the identity; it is rewritten as such.
 *
 * Both reach into libharu's structures (hpdf_font.h, hpdf_fontdef.h,
 * hpdf_objects.h, installed with libhpdf-dev): checked against 2.3.0. */

#include "certificates/pdf_int.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>

#define COMPOSITE_MORE 0x0020      /* MORE_COMPONENTS */
#define COMPOSITE_WORDS 0x0001     /* ARG_1_AND_2_ARE_WORDS */
#define COMPOSITE_SCALE 0x0008     /* WE_HAVE_A_SCALE */
#define COMPOSITE_XY_SCALE 0x0040  /* WE_HAVE_AN_X_AND_Y_SCALE */
#define COMPOSITE_2X2 0x0080       /* WE_HAVE_A_TWO_BY_TWO */

static int read_u16(HPDF_Stream s, unsigned *v)
{
	HPDF_BYTE b[2];
	HPDF_UINT n = 2;
	if (HPDF_Stream_Read(s, b, &n) != HPDF_OK || n != 2)
		return -1;
	*v = (unsigned)b[0] << 8 | b[1];
	return 0;
}

/* Marks the components of glyph gid when it is composite; true when one
 * was not marked before. Reads only inside the glyph's own bytes. */
static bool mark_components(HPDF_TTFontDefAttr a, unsigned gid)
{
	HPDF_UINT32 unit = a->header.index_to_loc_format == 0 ? 2 : 1;
	HPDF_UINT32 start = a->glyph_tbl.offsets[gid] * unit, end = a->glyph_tbl.offsets[gid + 1] * unit;
	HPDF_UINT32 base = a->glyph_tbl.base_offset;
	unsigned contours, flags, component;
	bool changed = false;
	if (end < start + 10 || HPDF_Stream_Seek(a->stream, (HPDF_INT)(base + start), HPDF_SEEK_SET) != HPDF_OK ||
	    read_u16(a->stream, &contours) != 0 || contours != 0xFFFF)
		return false;
	HPDF_UINT32 at = start + 10; /* after numberOfContours and the bounding box */
	do {
		if (at + 4 > end || HPDF_Stream_Seek(a->stream, (HPDF_INT)(base + at), HPDF_SEEK_SET) != HPDF_OK ||
		    read_u16(a->stream, &flags) != 0 || read_u16(a->stream, &component) != 0)
			break;
		at += 4 + ((flags & COMPOSITE_WORDS) ? 4 : 2);
		at += (flags & COMPOSITE_SCALE) ? 2 : (flags & COMPOSITE_XY_SCALE) ? 4 : (flags & COMPOSITE_2X2) ? 8 : 0;
		if (component < a->num_glyphs && a->glyph_tbl.flgs[component] == 0) {
			a->glyph_tbl.flgs[component] = 1;
			changed = true;
		}
	} while (flags & COMPOSITE_MORE);
	return changed;
}

static void close_composites(HPDF_Font font)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	if (fa == NULL || fa->fontdef == NULL || fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return;
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)fa->fontdef->attr;
	if (a == NULL || a->stream == NULL || a->glyph_tbl.flgs == NULL || a->glyph_tbl.offsets == NULL)
		return;
	/* until nothing changes: each pass reaches one level deeper */
	for (int pass = 0; pass < 8; pass++) {
		bool changed = false;
		for (unsigned gid = 0; gid < a->num_glyphs; gid++)
			if (a->glyph_tbl.flgs[gid] == 1 && mark_components(a, gid))
				changed = true;
		if (!changed)
			break;
	}
}

/* The identity map from 2-byte codes to Unicode, as a ToUnicode CMap. */
static void identity_cmap(HPDF_Stream s)
{
	char line[64];
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
				"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
				"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* a bfrange stays within one high byte; at most 100 per block; no surrogates */
	int high[256], n = 0;
	for (int h = 0; h < 256; h++)
		if (h < 0xD8 || h > 0xDF)
			high[n++] = h;
	for (int k = 0; k < n; k += 100) {
		int count = n - k < 100 ? n - k : 100;
		snprintf(line, sizeof(line), "%d beginbfrange\n", count);
		HPDF_Stream_WriteStr(s, line);
		for (int j = k; j < k + count; j++) {
			snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", high[j], high[j], high[j]);
			HPDF_Stream_WriteStr(s, line);
		}
		HPDF_Stream_WriteStr(s, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static void fix_to_unicode(HPDF_Font font)
{
	HPDF_Dict map = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (map == NULL || map->stream == NULL || map->stream->type != HPDF_STREAM_MEMORY)
		return;
	HPDF_MemStream_FreeData(map->stream);
	identity_cmap(map->stream);
}

void gx_pdf_fix_fonts(struct gx_pdf *p, int utf8_encoding)
{
	for (int f = 0; f < GX_PDF_FACES; f++)
		for (int e = 0; e < GX_PDF_ENCODINGS; e++) {
			if (p->font[f][e] == NULL)
				continue;
			if (e == utf8_encoding)
				fix_to_unicode(p->font[f][e]);
			close_composites(p->font[f][e]);
		}
}
