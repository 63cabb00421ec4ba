#ifndef GX_PROCEDURES_HINTS_H
#define GX_PROCEDURES_HINTS_H

/** No text twice on a step page: a field's help must not repeat its label,
 *  nor the format hint the pages print under fields of its kind (a date's
 *  "In the form YYYY-MM-DD…", a phone number's "With the country code…").
 *  The catalogs hold those hints, so guichetd's start and `guichetctl
 *  procedures check` pass them in. */

#include <stddef.h>

#include "procedures/definition.h"
#include "procedures/field_kind.h"

/** hint(kind, lang, arg): the format hint the pages print for kind in lang
 *  ("fr", "de", "en"), or NULL when they print none. Returns 0, or -1 with
 *  err "<pointer to the help text>: repeats …". */
int gx_procedure_hints_check(const struct gx_procedure *p,
			     const char *(*hint)(enum gx_field_kind kind, const char *lang, void *arg), void *arg,
			     char *err, size_t errlen);

/** The catalog key of kind's format hint ("proc.date_hint"), or NULL. */
const char *gx_field_kind_hint_key(enum gx_field_kind kind);

#endif
