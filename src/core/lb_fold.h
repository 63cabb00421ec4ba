#ifndef GX_CORE_LB_FOLD_H
#define GX_CORE_LB_FOLD_H

/** What a letter box search compares: a text in lower case without the
 *  accents of Latin letters ("Avis d'Impôt" → "avis d'impot"), the same in
 *  every store backend because it is computed here, not in SQL. The stored
 *  title's folded form is written with the document; a search folds what
 *  the person typed the same way. */

#include <stdbool.h>
#include <stddef.h>

/** Folds s (len bytes of UTF-8) into out (cap bytes, NUL-terminated);
 *  invalid bytes are dropped. Returns the folded length (at most len). */
size_t gx_lb_fold(const char *s, size_t len, char *out, size_t cap);

/** A title or a search: min to max bytes of well-formed UTF-8 without
 *  control characters (no line break). */
bool gx_lb_text_ok(const char *s, size_t len, size_t min, size_t max);

#endif
