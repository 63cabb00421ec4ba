#ifndef GX_CORE_CASE_RULES_H
#define GX_CORE_CASE_RULES_H

/** What a procedure's definition says of its cases' statuses: where a case
 *  starts, where it may go from a status, which statuses end it and whose
 *  turn each is. */

#include <stdbool.h>
#include <stddef.h>

struct gx_procedure;

const char *gx_case_initial_status(const struct gx_procedure *p);
/** The definition's statuses, in its order: how many, and the i-th. */
size_t gx_case_status_count(const struct gx_procedure *p);
const char *gx_case_status_at(const struct gx_procedure *p, size_t i);
/** True when the definition lets a case move from status from to to. */
bool gx_case_may_move(const struct gx_procedure *p, const char *from, const char *to);
bool gx_case_status_final(const struct gx_procedure *p, const char *status);
/** "organisation" or "person". */
const char *gx_case_status_turn(const struct gx_procedure *p, const char *status);

#endif
