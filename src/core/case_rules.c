/* The statuses of a definition as an ordered list: a case starts at the
 * first, may move forward to any later one, and ends at completed or
 * rejected; every status is the organisation's turn. */

#include "core/case_rules.h"

#include <string.h>

#include "procedures/definition.h"

/* The index of status in the definition's list, or -1. */
static int index_of(const struct gx_procedure *p, const char *status)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(gx_procedure_json(p), "statuses"), i, s) {
		if (status != NULL && strcmp(json_string_value(s), status) == 0)
			return (int)i;
	}
	return -1;
}

const char *gx_case_initial_status(const struct gx_procedure *p)
{
	return gx_case_status_at(p, 0);
}

size_t gx_case_status_count(const struct gx_procedure *p)
{
	return json_array_size(json_object_get(gx_procedure_json(p), "statuses"));
}

const char *gx_case_status_at(const struct gx_procedure *p, size_t i)
{
	return json_string_value(json_array_get(json_object_get(gx_procedure_json(p), "statuses"), i));
}

bool gx_case_status_final(const struct gx_procedure *p, const char *status)
{
	return index_of(p, status) >= 0 && (strcmp(status, "completed") == 0 || strcmp(status, "rejected") == 0);
}

bool gx_case_may_move(const struct gx_procedure *p, const char *from, const char *to)
{
	int f = index_of(p, from), t = index_of(p, to);
	return f >= 0 && t > f && !gx_case_status_final(p, from);
}

const char *gx_case_status_turn(const struct gx_procedure *p, const char *status)
{
	(void)p, (void)status;
	return "organisation";
}
