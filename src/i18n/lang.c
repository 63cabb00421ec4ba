/** Language codes: enum ↔ "fr", "de", "en", "lb". */

#include "i18n/i18n.h"

static const char *const codes[GX_LANG__COUNT] = {"fr", "de", "en", "lb"};

const char *gx_lang_code(enum gx_lang l)
{
	if ((unsigned)l >= GX_LANG__COUNT)
		return codes[GX_LANG_FR];
	return codes[l];
}

const char *gx_lang_text(const json_t *texts, enum gx_lang lang)
{
	const char *t = json_string_value(json_object_get(texts, gx_lang_code(lang)));
	if (t == NULL && lang == GX_LANG_LB)
		t = json_string_value(json_object_get(texts, "de"));
	return t != NULL ? t : json_string_value(json_object_get(texts, "fr"));
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int gx_lang_from_code(const char *s, size_t len, enum gx_lang *out)
{
	if (s == NULL || len != 2)
		return -1;
	for (int l = 0; l < GX_LANG__COUNT; l++) {
		if (lower(s[0]) == codes[l][0] && lower(s[1]) == codes[l][1]) {
			if (out != NULL)
				*out = (enum gx_lang)l;
			return 0;
		}
	}
	return -1;
}
