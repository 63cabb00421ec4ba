#ifndef GX_UTIL_FOLD_H
#define GX_UTIL_FOLD_H

/** Text folded for matching and sorting, the same for every language and
 *  both store backends: lower case, Latin letters without their accents
 *  ("Résidence" → "residence", "Straße" → "strasse", "Œuvre" → "oeuvre"),
 *  every run of what is not a letter or a digit (spaces, punctuation,
 *  apostrophes) one space, none at either end. Other letters (Greek,
 *  Cyrillic …) are kept as they are. Invalid UTF-8 bytes count as
 *  separators. */

#include <stddef.h>

#include "util/buf.h"

/** Appends the folding of s (len bytes) to out; -1 when out could not grow. */
int gx_fold_append(struct gx_buf *out, const char *s, size_t len);

/** Folds s (NUL-terminated) into out (cap bytes, NUL-terminated, cut at a
 *  character boundary when it does not fit); returns the length written. */
size_t gx_fold(const char *s, char *out, size_t cap);

#endif
