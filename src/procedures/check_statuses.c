/** Checks a definition's statuses table and compiles it (statuses.h): each
 *  status {"to": [...], "turn"} or {"final": true}; submitted, where cases
 *  start, and completed and rejected, both final; every "to" a status of the
 *  table; every status reachable from submitted, and every status that is
 *  not final on a path to a final one. */

#include "procedures/check_int.h"

#include <string.h>

#define BIT(i) ((uint32_t)1 << (i))

_Static_assert(GX_PROCEDURE_STATUSES_MAX <= 32, "the \"to\" bit set holds 32 statuses");

/* A status's own members, into out. */
static int check_status(struct gx_pc *c, const char *id, json_t *s, struct gx_status *out)
{
	static const char *const members[] = {"turn", "to", "final", NULL};
	if (!gx_pc_field_id_ok(id))
		return gx_pc_fail(c, "a status is [a-z][a-z0-9_]{0,63}");
	if (!json_is_object(s))
		return gx_pc_fail(c, "expected a status: {\"to\": [...]}, {\"turn\": \"person\", \"to\": [...]} or "
				     "{\"final\": true}");
	if (gx_pc_only_members(c, s, members) != 0)
		return -1;
	json_t *final = json_object_get(s, "final"), *turn = json_object_get(s, "turn"), *to = json_object_get(s, "to");
	if (final != NULL && !json_is_boolean(final))
		return gx_pc_fail_at(c, "final", "expected true or false");
	*out = (struct gx_status){.id = id, .final = json_is_true(final), .turn = GX_TURN_NONE};
	if (out->final) {
		if (turn != NULL)
			return gx_pc_fail_at(c, "turn", "a final status is nobody's turn: the case has ended");
		if (to != NULL)
			return gx_pc_fail_at(c, "to", "a final status has no transitions: the case has ended");
		return 0;
	}
	const char *who = turn != NULL ? json_string_value(turn) : "organisation";
	if (who != NULL && strcmp(who, "organisation") == 0)
		out->turn = GX_TURN_ORGANISATION;
	else if (who != NULL && strcmp(who, "person") == 0)
		out->turn = GX_TURN_PERSON;
	else
		return gx_pc_fail_at(c, "turn", "expected \"organisation\" or \"person\"");
	if (to == NULL)
		return gx_pc_fail_at(c, "to", "missing: a status that is not final moves on to at least one other "
					      "(or is \"final\": true)");
	if (!json_is_array(to) || json_array_size(to) == 0 || json_array_size(to) >= GX_PROCEDURE_STATUSES_MAX)
		return gx_pc_fail_at(c, "to", "expected an array of 1 to %d statuses", GX_PROCEDURE_STATUSES_MAX - 1);
	return 0;
}

/* The "to" list of status i, once every id of t is known, into its bit set. */
static int resolve_to(struct gx_pc *c, struct gx_status_table *t, size_t i, json_t *to)
{
	size_t mark = gx_pc_push(c, "to");
	for (size_t k = 0; k < json_array_size(to) && !c->failed; k++) {
		const char *name = json_string_value(json_array_get(to, k));
		int j = gx_status_index(t, name);
		size_t m2 = gx_pc_push_index(c, k);
		if (name == NULL)
			gx_pc_fail(c, "expected the id of a status of this table");
		else if (j < 0)
			gx_pc_fail(c, "no status %.64s in this table", name);
		else if ((size_t)j == i)
			gx_pc_fail(c, "a status does not move to itself");
		else if (t->statuses[i].to & BIT(j))
			gx_pc_fail(c, "duplicate transition");
		else
			t->statuses[i].to |= BIT(j);
		gx_pc_pop(c, m2);
	}
	gx_pc_pop(c, mark);
	return c->failed ? -1 : 0;
}

/* completed and rejected: in every table, both final. */
static int check_ends(struct gx_pc *c, const struct gx_status_table *t)
{
	static const char *const ends[] = {"completed", "rejected"};
	for (size_t e = 0; e < 2; e++) {
		int j = gx_status_index(t, ends[e]);
		if (j < 0)
			return gx_pc_fail(c, "missing the status %s: every procedure has completed and rejected, both final",
					  ends[e]);
		if (!t->statuses[j].final) {
			size_t mark = gx_pc_push(c, ends[e]);
			gx_pc_fail_at(c, "final", "%s must be final (\"final\": true)", ends[e]);
			gx_pc_pop(c, mark);
			return -1;
		}
	}
	return 0;
}

/* Every status on a path from the initial one, and every status that is not
 * final on a path to a final one. */
static int check_paths(struct gx_pc *c, const struct gx_status_table *t)
{
	uint32_t seen = BIT(t->initial), frontier = seen;
	while (frontier != 0) {
		uint32_t next = 0;
		for (size_t i = 0; i < t->n; i++)
			if (frontier & BIT(i))
				next |= t->statuses[i].to;
		frontier = next & ~seen;
		seen |= next;
	}
	uint32_t ending = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->statuses[i].final)
			ending |= BIT(i);
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < t->n; i++)
			if (!(ending & BIT(i)) && (t->statuses[i].to & ending)) {
				ending |= BIT(i);
				grew = true;
			}
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t mark = gx_pc_push(c, t->statuses[i].id);
		if (!(seen & BIT(i)))
			gx_pc_fail(c, "unreachable: no path from %s leads to this status", GX_STATUS_INITIAL);
		else if (!(ending & BIT(i)))
			gx_pc_fail_at(c, "to", "no path from this status to a final one: a case here would never end");
		gx_pc_pop(c, mark);
		if (c->failed)
			return -1;
	}
	return 0;
}

int gx_pc_statuses(struct gx_pc *c, json_t *table, struct gx_status_table *t)
{
	memset(t, 0, sizeof(*t));
	size_t n = json_object_size(table);
	if (!json_is_object(table) || n < GX_PROCEDURE_STATUSES_MIN || n > GX_PROCEDURE_STATUSES_MAX)
		return gx_pc_fail(c, "expected an object of %d to %d statuses, each {\"to\": [...]} or {\"final\": true}",
				  GX_PROCEDURE_STATUSES_MIN, GX_PROCEDURE_STATUSES_MAX);
	const char *id;
	json_t *s;
	json_object_foreach(table, id, s) {
		size_t mark = gx_pc_push(c, id);
		int rc = check_status(c, id, s, &t->statuses[t->n]);
		gx_pc_pop(c, mark);
		if (rc != 0)
			return -1;
		t->n++;
	}
	int initial = gx_status_index(t, GX_STATUS_INITIAL);
	if (initial < 0)
		return gx_pc_fail(c, "missing the status %s: every case starts there", GX_STATUS_INITIAL);
	t->initial = (size_t)initial;
	if (t->statuses[initial].final) {
		size_t mark = gx_pc_push(c, GX_STATUS_INITIAL);
		gx_pc_fail_at(c, "final", "%s cannot be final: every case starts there and moves on", GX_STATUS_INITIAL);
		gx_pc_pop(c, mark);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (t->statuses[i].final)
			continue;
		size_t mark = gx_pc_push(c, t->statuses[i].id);
		int rc = resolve_to(c, t, i, json_object_get(json_object_get(table, t->statuses[i].id), "to"));
		gx_pc_pop(c, mark);
		if (rc != 0)
			return -1;
	}
	if (check_ends(c, t) != 0 || check_paths(c, t) != 0)
		return -1;
	return 0;
}
