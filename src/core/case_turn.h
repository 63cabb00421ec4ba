#ifndef GX_CORE_CASE_TURN_H
#define GX_CORE_CASE_TURN_H

/** Whose move a case waits for, as the inbox and the person's overview show it. */

#include "procedures/statuses.h"

/** "person" while a request for information is open (open_request > 0) or
 *  when status is the person's turn in t; else "organisation" (a final
 *  status too: nobody waits, and the case stays on the organisation's side). */
const char *gx_case_turn(const struct gx_status_table *t, const char *status, int open_request);

#endif
