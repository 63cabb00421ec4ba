#ifndef GX_PROCEDURES_STATUSES_H
#define GX_PROCEDURES_STATUSES_H

/**
 * A definition's statuses and the moves between them (its "statuses" table,
 * docs/procedures.md): which statuses a case of the procedure can be in,
 * where each may go next, which ones end a case, and whose turn each is.
 *
 * The table is checked and compiled once, when the definition loads, into a
 * struct gx_status_table held by the definition (gx_procedure_statuses): the
 * statuses in the definition's order, each with its "to" list as a bit set
 * over their indices. A lookup scans at most GX_PROCEDURE_STATUSES_MAX short
 * names and tests a bit; nothing is allocated. A compiled table is immutable
 * and may be read by any thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define GX_PROCEDURE_STATUSES_MIN 3
#define GX_PROCEDURE_STATUSES_MAX 20 /* at most 32: the "to" bit set */
/** Where every case starts. */
#define GX_STATUS_INITIAL "submitted"

/** Whose move a status waits for. A final status waits for nobody. */
enum gx_status_turn { GX_TURN_NONE, GX_TURN_ORGANISATION, GX_TURN_PERSON };

struct gx_status {
	const char *id;           /* [a-z][a-z0-9_]{0,63}; borrowed from the definition's tree */
	bool final;
	enum gx_status_turn turn; /* GX_TURN_NONE exactly when final */
	uint32_t to;              /* bit i: may move on to the table's status i */
};

struct gx_status_table {
	struct gx_status statuses[GX_PROCEDURE_STATUSES_MAX]; /* in the definition's order */
	size_t n;
	size_t initial;           /* the index of GX_STATUS_INITIAL */
};

/**
 * Checks a "statuses" table on its own and compiles it into out (the fuzz
 * driver and tests; a definition's is checked by gx_procedure_parse, with the
 * same rules). out's ids point into table: keep it alive. Returns 0, or -1
 * with err "<JSON Pointer into the table>: <reason>" ("" is the table).
 */
int gx_status_table_check(const json_t *table, struct gx_status_table *out, char *err, size_t errlen);

/** The index of status in t, or -1 when t has no such status (or status is NULL). */
int gx_status_index(const struct gx_status_table *t, const char *status);
/** The status every case starts in: GX_STATUS_INITIAL. */
const char *gx_status_initial(const struct gx_status_table *t);
bool gx_status_exists(const struct gx_status_table *t, const char *status);
/** True when status is in t and ends a case; false otherwise. */
bool gx_status_final(const struct gx_status_table *t, const char *status);
/** Whose move status waits for: GX_TURN_NONE for a final status or one t does not have. */
enum gx_status_turn gx_status_turn_of(const struct gx_status_table *t, const char *status);
/** "organisation", "person", or NULL for GX_TURN_NONE. */
const char *gx_status_turn_name(enum gx_status_turn turn);
/** True when a case in from may move on to to (both in t). */
bool gx_status_transition_allowed(const struct gx_status_table *t, const char *from, const char *to);
/**
 * The statuses a case in status may move on to, in the table's order: up to
 * max of them into out (borrowed ids). Returns how many there are, which is
 * more than max when out was too small; 0 for a final or unknown status.
 */
size_t gx_status_next(const struct gx_status_table *t, const char *status, const char **out, size_t max);

/**
 * Checks that the pages can name every status of t: missing(status, arg)
 * returns the first language that has no label for status, or NULL when all
 * have one. Returns 0, or -1 with err "/statuses/<status>: no label
 * <label_key>.<status> in <language>".
 */
int gx_status_labels_check(const struct gx_status_table *t, const char *(*missing)(const char *status, void *arg),
			   void *arg, const char *label_key, char *err, size_t errlen);

#endif
