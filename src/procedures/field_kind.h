#ifndef GX_PROCEDURES_FIELD_KIND_H
#define GX_PROCEDURES_FIELD_KIND_H

/**
 * A field's kind ("kind": "text", "group" … in a definition; docs/procedures.md,
 * the table of kinds) as an enum, compiled once when a definition loads, so
 * that the validator and the pages switch on it instead of comparing names.
 *
 * Where a loaded definition keeps it: in its own JSON tree. Once the checker
 * has accepted a definition, gx_procedure_parse sets the member
 * GX_FIELD_KIND_MEMBER of every field object (groups' fields too) to the
 * kind as a JSON integer, and gx_field_kind_of(field) reads it back. So a
 * function handed a field as a `const json_t *` (the validator, file places,
 * prefill, the pages) gets its kind with no table to carry alongside, and
 * the APIs that take gx_procedure_json(p) stay as they are. The member is
 * set before the definition is shared and only read afterwards. It cannot
 * come from a file: the checker refuses any member of a field it does not
 * know, this one included.
 *
 * A tree the loader did not compile (a unit test's or a fuzz driver's
 * definition handed to the validator directly) has no such member; there
 * gx_field_kind_of maps the field's "kind" name, so such trees read as
 * they always did.
 */

#include <jansson.h>

/** The member of a loaded definition's field that holds its compiled kind. */
#define GX_FIELD_KIND_MEMBER "$kind"

enum gx_field_kind {
	GX_FIELD_UNKNOWN, /* no kind, or a name not in the table: the checker refuses it */
	GX_FIELD_TEXT,
	GX_FIELD_NUMBER,
	GX_FIELD_AMOUNT,
	GX_FIELD_DATE,
	GX_FIELD_CHOICE,
	GX_FIELD_MULTICHOICE,
	GX_FIELD_YESNO,
	GX_FIELD_ADDRESS,
	GX_FIELD_IBAN,
	GX_FIELD_EMAIL,
	GX_FIELD_PHONE,
	GX_FIELD_NATIONAL_ID,
	GX_FIELD_GROUP,
	GX_FIELD_FILE,
	GX_FIELD__KINDS
};

/** The kind a definition names name ("national_id" …); GX_FIELD_UNKNOWN
 *  for NULL or any name not in the table. */
enum gx_field_kind gx_field_kind_from_name(const char *name);

/** The name a definition writes for kind ("national_id"), for messages;
 *  "unknown" for GX_FIELD_UNKNOWN or a value out of range. */
const char *gx_field_kind_name(enum gx_field_kind kind);

/** The kind of field, a field object of a definition: the compiled one of a
 *  loaded definition, else its "kind" name mapped. GX_FIELD_UNKNOWN for
 *  anything else (not an object, no kind, a compiled value out of range). */
enum gx_field_kind gx_field_kind_of(const json_t *field);

/** Records kind in field as its compiled kind (the loader, once the
 *  definition is checked). Returns 0, or -1 when out of memory. */
int gx_field_kind_set(json_t *field, enum gx_field_kind kind);

#endif
