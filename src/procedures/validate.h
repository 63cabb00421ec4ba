#ifndef GX_PROCEDURES_VALIDATE_H
#define GX_PROCEDURES_VALIDATE_H

/**
 * The server-side check of a submission against its procedure definition
 * (docs/procedures.md). Every fault is reported at once, each bound to the
 * value at fault by an RFC 6901 JSON Pointer into the submitted data
 * ("/children/1/birth_date"), with a stable code for programs and a short
 * message in the person's language for people. A message never repeats a
 * submitted value (personal data); it may name a bound of the definition.
 *
 * Stable codes: required, wrong_type, unknown_field, too_short, too_long,
 * pattern, too_small, too_large, not_an_option, too_few, too_many,
 * invalid_date, invalid_iban, invalid_email, invalid_phone,
 * invalid_national_id, invalid_postcode, rule, computed_field,
 * unknown_attachment.
 */

#include <stdbool.h>

#include <jansson.h>

/** At most this many errors are returned; a hostile submission cannot make
 *  the answer grow without bound. Far above what a person can fix at once. */
#define GX_SUBMISSION_MAX_ERRORS 500

/**
 * Checks data against definition.
 *
 * definition: a definition's JSON tree (normally checked by the loader,
 *   gx_procedure_json, whose fields carry their compiled kinds; anything
 *   else is still never a crash: kinds are then read by name, and parts
 *   that make no sense are skipped). Only read: no reference count is
 *   touched, so one definition may be shared by threads.
 * data: the submitted values, a JSON object: field id -> value; a group is an
 *   array of such objects. Unknown field ids are errors (unknown_field);
 *   null counts as absent; an empty or blank string or an empty array
 *   counts as "not answered" for required fields. A field hidden by its
 *   show_if is neither required nor checked, and is dropped if submitted.
 *   Computed fields must not be submitted (computed_field).
 *   For a definition with "reuse" (reuse.h), data must hold the person's
 *   answer "reuse_consent": true or false (else required or wrong_type,
 *   bound to "/reuse_consent"); false makes the reuse's "instead" fields
 *   required. For a definition without it, the member is dropped.
 * attachments: NULL: a file field's attachment ids are checked for their
 *   form only. Else the draft's attachments, an object {attachment id:
 *   definition path of the field it was uploaded for} (file_place.h:
 *   "rabies_certificate", "invoices.invoice"): an id that is not one of
 *   them, or was uploaded for another field, is an error (unknown_attachment,
 *   bound to the file field's pointer, once per field).
 * lang: "fr", "de", "en" or "lb" (lb messages fall back to de; anything else
 *   to fr). A rule's own messages are used in that language.
 * today: "YYYY-MM-DD", the day bounds such as "today-18y" and ages are
 *   computed from (passed in for testability). NULL or invalid: such bounds
 *   are not checked and ages are not computed.
 * normalised: if not NULL, receives a new object: a deep copy of the visible,
 *   known, non-null submitted values with the computed values (sum, age) set,
 *   and the answer to reuse when the definition has one and it is a boolean.
 *   It is filled even when there are errors; NULL when out of memory.
 *
 * Returns a new JSON array of {"field": "<JSON Pointer>", "code": "<code>",
 * "message": "<text>"} in definition order (then unknown fields, rules, and
 * the answer to reuse),
 * empty when the submission is valid; NULL only when out of memory.
 */
json_t *gx_submission_validate(const json_t *definition, const json_t *data, const json_t *attachments,
			       const char *lang, const char *today, json_t **normalised);

/** True when s is an IBAN (ISO 13616) after removing spaces: two letters
 *  of a country code, two check digits, the country's length (where known,
 *  else 15..34 characters) and the mod-97 check giving 1. Lower case is
 *  accepted. */
bool gx_iban_valid(const char *s);

#endif
