/** Lookups in a compiled statuses table (statuses.h); the table's check on
 *  its own, and the check that every status has a label. */

#include "procedures/statuses.h"

#include <stdio.h>
#include <string.h>

#include "procedures/check_int.h"

int gx_status_table_check(const json_t *table, struct gx_status_table *out, char *err, size_t errlen)
{
	struct gx_pc c = {.err = err, .errlen = errlen};
	if (errlen > 0)
		err[0] = '\0';
	/* Only read: the checker's walk takes non-const trees. */
	return gx_pc_statuses(&c, (json_t *)table, out);
}

int gx_status_index(const struct gx_status_table *t, const char *status)
{
	for (size_t i = 0; status != NULL && i < t->n; i++)
		if (strcmp(t->statuses[i].id, status) == 0)
			return (int)i;
	return -1;
}

const char *gx_status_initial(const struct gx_status_table *t)
{
	return t->n > 0 ? t->statuses[t->initial].id : GX_STATUS_INITIAL;
}

bool gx_status_exists(const struct gx_status_table *t, const char *status)
{
	return gx_status_index(t, status) >= 0;
}

bool gx_status_final(const struct gx_status_table *t, const char *status)
{
	int i = gx_status_index(t, status);
	return i >= 0 && t->statuses[i].final;
}

enum gx_status_turn gx_status_turn_of(const struct gx_status_table *t, const char *status)
{
	int i = gx_status_index(t, status);
	return i >= 0 ? t->statuses[i].turn : GX_TURN_NONE;
}

const char *gx_status_turn_name(enum gx_status_turn turn)
{
	return turn == GX_TURN_ORGANISATION ? "organisation" : turn == GX_TURN_PERSON ? "person" : NULL;
}

bool gx_status_transition_allowed(const struct gx_status_table *t, const char *from, const char *to)
{
	int i = gx_status_index(t, from), j = gx_status_index(t, to);
	return i >= 0 && j >= 0 && (t->statuses[i].to & ((uint32_t)1 << j)) != 0;
}

size_t gx_status_next(const struct gx_status_table *t, const char *status, const char **out, size_t max)
{
	int i = gx_status_index(t, status);
	size_t n = 0;
	if (i < 0)
		return 0;
	for (size_t j = 0; j < t->n; j++) {
		if (!(t->statuses[i].to & ((uint32_t)1 << j)))
			continue;
		if (n < max)
			out[n] = t->statuses[j].id;
		n++;
	}
	return n;
}

int gx_status_labels_check(const struct gx_status_table *t, const char *(*missing)(const char *status, void *arg),
			   void *arg, const char *label_key, char *err, size_t errlen)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *lang = missing(t->statuses[i].id, arg);
		if (lang != NULL) {
			snprintf(err, errlen, "/statuses/%s: no label %s.%s in %s", t->statuses[i].id, label_key,
				 t->statuses[i].id, lang);
			return -1;
		}
	}
	return 0;
}
