#ifndef GX_PROCEDURES_SELF_VALUES_H
#define GX_PROCEDURES_SELF_VALUES_H

/**
 * Checking a value the person declares themselves in "my data", by its
 * attribute (one of gx_procedure_self_attributes): the same checks as the
 * procedure field kinds they prefill, so that a prefilled value passes the
 * submission validator.
 *
 *   phone               E.164 after removing spaces: + and 8–15 digits
 *   email               one @, a dotted domain, at most 254 bytes
 *   iban                ISO 13616 (country, length, mod-97)
 *   preferred_language  fr, de, en or lb
 *   employer_name,
 *   profession          text: 1–GX_SELF_VALUE_MAX bytes of UTF-8, no control characters
 *
 * A reason never repeats the value (personal data).
 */

#include <stdbool.h>
#include <stddef.h>

/** Bytes of a self-declared value, at most. */
#define GX_SELF_VALUE_MAX 200

/** True when attribute is one of gx_procedure_self_attributes. */
bool gx_self_attribute_known(const char *attribute);

/** Checks value (len bytes, need not be NUL-terminated) for attribute.
 *  Returns NULL when it is acceptable, else the reason (a constant sentence). */
const char *gx_self_value_check(const char *attribute, const char *value, size_t len);

/** The value as stored: value without leading and trailing spaces, tabs and
 *  line breaks; *len is updated. Returns the start inside value. */
const char *gx_self_value_trim(const char *value, size_t *len);

#endif
