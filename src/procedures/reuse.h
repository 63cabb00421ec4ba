#ifndef GX_PROCEDURES_REUSE_H
#define GX_PROCEDURES_REUSE_H

/**
 * Back-office reuse with consent: a definition's optional "reuse"
 * (docs/procedures.md) says what the organisation may later fetch itself
 * from the registers about the person — which registers and attributes, for
 * what purpose, on what legal basis, for how many days — and which fields
 * the person must fill in instead when they refuse. The person answers Yes
 * or No at review; the answer is the member GX_REUSE_CONSENT of the
 * submission's data (true or false), so it is inside the signed receipt.
 *
 * The checker refuses a declaration naming a register or attribute the
 * register descriptions do not have, and an "instead" field that is not a
 * step field the person could leave empty; a loaded definition holds the
 * declaration parsed (gx_procedure_reuse, definition.h), immutable like
 * the definition.
 */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/** The person's answer in a submission's data; no field may take this id. */
#define GX_REUSE_CONSENT "reuse_consent"

#define GX_REUSE_REGISTERS_MAX 10
#define GX_REUSE_ATTRIBUTES_MAX 50   /* per register */
#define GX_REUSE_INSTEAD_MAX 20
#define GX_REUSE_VALIDITY_MAX 3650   /* days */

struct gx_reuse_register {
	const char *source;              /* a register described in registers/ */
	const char *const *attributes;   /* attributes it serves, as the definition lists them */
	size_t nattributes;
};

struct gx_reuse {
	const struct gx_reuse_register *registers;
	size_t nregisters;
	const json_t *purpose;           /* {"fr", "de", "en"} */
	const json_t *legal_basis;       /* {"fr", "de", "en"} */
	int validity_days;               /* 1 to GX_REUSE_VALIDITY_MAX, from the submission */
	const char *const *instead;      /* step fields required when the person says No */
	size_t ninstead;
};

/** Whether r lets the organisation fetch attribute from the register source. */
bool gx_reuse_allows(const struct gx_reuse *r, const char *source, const char *attribute);

/**
 * Whether the answers data say No to definition's reuse, so that its step
 * field field_id, named in "instead", must be answered. False for a
 * definition without reuse, an answer that is not false, or another field.
 * Reads any tree (a loaded definition's or a test's); the validator and the
 * step pages share it.
 */
bool gx_reuse_instead_required(const json_t *definition, const json_t *data, const char *field_id);

#endif
