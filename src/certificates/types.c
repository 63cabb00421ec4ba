/* Certificate types and languages: ids, titles. The titles are the ones
 * procedures/certificate-of-residence.json offers for the same types. */

#include "certificates/types.h"

#include <stddef.h>
#include <string.h>

static const struct {
	const char *id;
	const char *titles[GX_CERT_LANG_COUNT];
} types[GX_CERT_TYPE_COUNT] = {
	[GX_CERT_RESIDENCE] = {"residence",
			       {"Certificat de résidence", "Wohnsitzbescheinigung", "Certificate of residence"}},
	[GX_CERT_HOUSEHOLD] = {"household",
			       {"Certificat de composition de ménage", "Haushaltsbescheinigung",
				"Household composition certificate"}},
};

static const char *const langs[GX_CERT_LANG_COUNT] = {"fr", "de", "en"};

const char *gx_cert_type_id(enum gx_cert_type t)
{
	return types[t].id;
}

bool gx_cert_type_from_id(const char *id, enum gx_cert_type *out)
{
	for (int t = 0; t < GX_CERT_TYPE_COUNT && id != NULL; t++)
		if (strcmp(types[t].id, id) == 0) {
			*out = (enum gx_cert_type)t;
			return true;
		}
	return false;
}

const char *gx_cert_type_title(enum gx_cert_type t, enum gx_cert_lang lang)
{
	return types[t].titles[lang];
}

const char *gx_cert_lang_code(enum gx_cert_lang lang)
{
	return langs[lang];
}

bool gx_cert_lang_from_code(const char *code, enum gx_cert_lang *out)
{
	for (int l = 0; l < GX_CERT_LANG_COUNT && code != NULL; l++)
		if (strcmp(langs[l], code) == 0) {
			*out = (enum gx_cert_lang)l;
			return true;
		}
	return false;
}
