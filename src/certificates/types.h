#ifndef GX_CERTIFICATES_TYPES_H
#define GX_CERTIFICATES_TYPES_H

/** The certificate types the platform issues by itself, and the languages
 *  it writes them in. A type's id is what statements and procedure
 *  definitions name ("residence", "household"). */

#include <stdbool.h>

enum gx_cert_type {
	GX_CERT_RESIDENCE,  /* certificate of residence: a person, their address, since when */
	GX_CERT_HOUSEHOLD,  /* household composition: an address and the persons living there */
};
#define GX_CERT_TYPE_COUNT 2

enum gx_cert_lang {
	GX_CERT_FR,
	GX_CERT_DE,
	GX_CERT_EN,
};
#define GX_CERT_LANG_COUNT 3

/** The type's id ("residence", "household"). */
const char *gx_cert_type_id(enum gx_cert_type t);
/** The type named id: true and *out, or false. */
bool gx_cert_type_from_id(const char *id, enum gx_cert_type *out);
/** The type's title in a language ("Certificat de résidence"). */
const char *gx_cert_type_title(enum gx_cert_type t, enum gx_cert_lang lang);

/** The language's code ("fr", "de", "en"). */
const char *gx_cert_lang_code(enum gx_cert_lang lang);
/** The language of a code: true and *out, or false. */
bool gx_cert_lang_from_code(const char *code, enum gx_cert_lang *out);

#endif
