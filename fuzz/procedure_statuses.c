/* libFuzzer driver: a procedure's statuses table (the value of a
 * definition's "statuses", statuses.h). Whatever the bytes, the checker
 * returns a compiled table or an error "<pointer>: <reason>" whose pointer
 * is "" or starts with "/". A table it accepts is checked again here, by
 * other means than the checker's: 3 to 20 statuses, each an id of the
 * table's; submitted where cases start, not final; completed and rejected
 * final; a final status nobody's turn with no next status, any other some
 * one's turn with at least one; every transition the lookups allow is one
 * the "to" lists name; every status reached by a search from submitted
 * over gx_status_next; and from every status, a final one reached. */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "procedures/definition.h"
#include "procedures/statuses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether status names "to" in the table's JSON. */
static bool named(const json_t *table, const char *from, const char *to)
{
	size_t i;
	const json_t *v;
	json_array_foreach(json_object_get(json_object_get(table, from), "to"), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), to) == 0)
			return true;
	return false;
}

/* The indices reached from start over gx_status_next, as a bit set. */
static uint32_t reached(const struct gx_status_table *t, size_t start)
{
	uint32_t seen = (uint32_t)1 << start;
	size_t queue[GX_PROCEDURE_STATUSES_MAX], head = 0, tail = 0;
	queue[tail++] = start;
	while (head < tail) {
		const char *next[GX_PROCEDURE_STATUSES_MAX];
		size_t n = gx_status_next(t, t->statuses[queue[head++]].id, next, GX_PROCEDURE_STATUSES_MAX);
		if (n > GX_PROCEDURE_STATUSES_MAX)
			abort();
		for (size_t k = 0; k < n; k++) {
			int j = gx_status_index(t, next[k]);
			if (j < 0)
				abort();
			if (!(seen & ((uint32_t)1 << j))) {
				seen |= (uint32_t)1 << j;
				queue[tail++] = (size_t)j;
			}
		}
	}
	return seen;
}

static void check_accepted(const json_t *table, const struct gx_status_table *t)
{
	if (t->n < GX_PROCEDURE_STATUSES_MIN || t->n > GX_PROCEDURE_STATUSES_MAX || t->n != json_object_size(table))
		abort();
	if (strcmp(gx_status_initial(t), GX_STATUS_INITIAL) != 0 || gx_status_final(t, GX_STATUS_INITIAL) ||
	    !gx_status_final(t, "completed") || !gx_status_final(t, "rejected"))
		abort();
	uint32_t all = t->n == 32 ? UINT32_MAX : ((uint32_t)1 << t->n) - 1;
	if (reached(t, t->initial) != all)
		abort();
	for (size_t i = 0; i < t->n; i++) {
		const char *id = t->statuses[i].id;
		const char *next[1];
		size_t n = gx_status_next(t, id, next, 1);
		if (json_object_get(table, id) == NULL || gx_status_index(t, id) != (int)i)
			abort();
		if (t->statuses[i].final != (n == 0) || (gx_status_turn_of(t, id) == GX_TURN_NONE) != t->statuses[i].final)
			abort();
		bool ends = false;
		uint32_t from_here = reached(t, i);
		for (size_t j = 0; j < t->n; j++) {
			const char *other = t->statuses[j].id;
			if (gx_status_transition_allowed(t, id, other) != named(table, id, other) ||
			    (i == j && gx_status_transition_allowed(t, id, other)))
				abort();
			ends |= (from_here & ((uint32_t)1 << j)) && t->statuses[j].final;
		}
		if (!ends)
			abort();
	}
	if (gx_status_exists(t, "") || gx_status_transition_allowed(t, NULL, GX_STATUS_INITIAL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[GX_PROCEDURE_ERR_MIN + 64]; /* never cuts a pointer */
	struct gx_status_table t;
	if (size > 64 * 1024)
		return 0;
	json_t *table = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
	if (table == NULL)
		return 0;
	if (gx_status_table_check(table, &t, err, sizeof(err)) != 0) {
		if (strstr(err, ": ") == NULL || (err[0] != '/' && err[0] != ':'))
			abort();
	} else {
		check_accepted(table, &t);
	}
	json_decref(table);
	return 0;
}
