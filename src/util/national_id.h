#ifndef GX_UTIL_NATIONAL_ID_H
#define GX_UTIL_NATIONAL_ID_H

/**
 * Luxembourg's national identification number (matricule): 13 digits,
 * YYYYMMDD (birth date), XXX (sequence), then a Luhn and a Verhoeff check
 * digit over the first 11. The same algorithm as idp/population.mjs.
 */

#include <stdbool.h>

#define GX_NATIONAL_ID_LEN 13

/** The Luhn digit to append to the n digits of s. */
int gx_national_id_luhn(const char *s, int n);
/** The Verhoeff digit to append to the n digits of s. */
int gx_national_id_verhoeff(const char *s, int n);

/** Writes the matricule of (y, m, d, seq 0..999) into out[14]; -1 on a bad argument. */
int gx_national_id_make(int y, int m, int d, int seq, char out[GX_NATIONAL_ID_LEN + 1]);

/** True when s is 13 digits, a real calendar date, and both check digits are right. */
bool gx_national_id_valid(const char *s);

#endif
