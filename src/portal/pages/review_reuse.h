#ifndef GX_PORTAL_PAGES_REVIEW_REUSE_H
#define GX_PORTAL_PAGES_REVIEW_REUSE_H

/** The review page's question on back-office reuse (procedures/reuse.h):
 *  what the organisation may later fetch itself — registers and attributes
 *  by their titles, purpose, legal basis, validity, what is asked instead —
 *  and the person's Yes / No, none chosen until they choose; reading their
 *  answer back from the review's Submit form; and the answer as the
 *  receipt page shows it. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "i18n/i18n.h"
#include "procedures/definition.h"

/** The element id of the Yes radio, which the error summary links to. */
#define GX_REUSE_ELEMENT_ID "f-reuse_consent"

/**
 * The template data of the question for definition p (new reference), or
 * NULL when p offers no reuse. data: the draft's answers (its saved answer
 * is shown chosen); errors: the check's errors (the one at
 * "/reuse_consent" is shown beside the radios), may be NULL; t: the
 * catalog of lang.
 */
json_t *gx_review_reuse_data(const struct gx_procedure *p, const json_t *data, const json_t *errors, const json_t *t,
			     enum gx_lang lang);

/** The person's answer as the receipt page says it ("Yes: <organisation>
 *  may fetch these data itself"), a new JSON string; NULL when p offers no
 *  reuse or answers (the submitted data) holds no answer. */
json_t *gx_review_reuse_answer(const struct gx_procedure *p, const json_t *answers, const json_t *t, enum gx_lang lang);

/**
 * Reads reuse_consent ("yes" or "no") from the review's urlencoded form
 * into data (true or false). Returns 1 when it was there and is now in
 * data, 0 when the form has none (nothing chosen), -1 when it is anything
 * else or badly encoded.
 */
int gx_review_reuse_read(const char *body, size_t len, json_t *data);

#endif
