#include "core/case_turn.h"

const char *gx_case_turn(const struct gx_status_table *t, const char *status, int open_request)
{
	if (open_request > 0 || gx_status_turn_of(t, status) == GX_TURN_PERSON)
		return "person";
	return "organisation";
}
