#ifndef GX_CERTIFICATES_DATA_H
#define GX_CERTIFICATES_DATA_H

/** The facts a certificate states, as a JSON object the caller supplies
 *  from the register answers read for the submission (docs/certificates.md):
 *
 *  residence:  {"given_name", "family_name", "birth_date",
 *               "address": {"street", "house_number"?, "postcode", "locality", "commune"},
 *               "resident_since"?}
 *  household:  {"address": {...}, "members": [{"given_name", "family_name", "birth_date"}, ...]}
 *
 *  Dates are "YYYY-MM-DD". Every string must be printable on a certificate
 *  (Latin, Greek and Cyrillic letters and common punctuation). */

#include <jansson.h>
#include <stddef.h>

#include "certificates/types.h"
#include "json/spec.h"

/** The largest data text accepted. */
#define GX_CERT_DATA_MAX (64 * 1024)
/** The most members a household certificate lists. */
#define GX_CERT_HOUSEHOLD_MAX 30

/** Checks text as the data of a certificate of type t. Returns 0 and the
 *  data in *out (a new reference), or -1 with err naming the field at
 *  fault: the JSON spec's faults, and GX_JSON_OUT_OF_RANGE for a value
 *  that is not a real date or holds a character a certificate cannot
 *  print. Never quotes a value. */
int gx_cert_data_parse(enum gx_cert_type t, const char *text, size_t len, json_t **out, struct gx_json_error *err);

#endif
