#ifndef GX_FORMS_PROVENANCE_H
#define GX_FORMS_PROVENANCE_H

/** Where a prefilled value came from, as the procedure pages say it
 *  (provenance.c): from a register, by its title and as-of date; or
 *  declared by the person in My data, on the day they declared it, and —
 *  when the field also names a register — why the register's value is not
 *  the one shown (docs/procedures.md, "Filling in and submitting"). */

#include <jansson.h>

#include "i18n/i18n.h"

/** Where my data's self-declared section is: the link of a declared value. */
#define GX_PROVENANCE_SELF_HREF "/my-data#self-declared"

/**
 * The template data of a field's provenance ({"source", "attribute",
 * "as_of", "register"?}, as the draft stores it) in lang, with t that
 * language's catalog. A register's: {"register": true, "title", "as_of"};
 * with "under_review": the sentence saying the person asked the register
 * to correct it (the draft's provenance has "under_review" {id, since});
 * a self-declared value's: {"self": true, "before", "link", "after",
 * "href", "reason"?}: the sentence around the link to My data, and the
 * reason the register's value is not used (null when none, or its outcome
 * is not one this platform knows). Registers are named by their titles
 * (configured registers, else the name). New reference; NULL when
 * provenance names no source, or out of memory.
 */
json_t *gx_provenance_data(const json_t *provenance, const json_t *t, enum gx_lang lang);

#endif
