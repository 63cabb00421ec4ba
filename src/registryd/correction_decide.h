#ifndef GX_REGISTRYD_CORRECTION_DECIDE_H
#define GX_REGISTRYD_CORRECTION_DECIDE_H

/** What moves a correction request at the register, in one transaction
 *  each (docs/registryd.md): an operator takes it up, accepts it (the
 *  record's value becomes the proposed one, its version + 1, as of today),
 *  rejects it with a reason or re-routes it to the register that holds the
 *  data; the client withdraws it. Every move goes on the client's feed and
 *  into the register's access log. Shared by `registryd corrections …`,
 *  the operator page and POST /v1/corrections/{id}/withdraw. */

#include <stdbool.h>

#include "sources/description.h"
#include "store/store.h"

enum gx_correction_action {
	GX_CORRECTION_TAKE_UP,
	GX_CORRECTION_ACCEPT,
	GX_CORRECTION_REJECT,
	GX_CORRECTION_REROUTE,
	GX_CORRECTION_WITHDRAW,
};

enum gx_correction_result {
	GX_CORRECTION_DONE,
	GX_CORRECTION_UNKNOWN,    /* no such request (or not the client's) */
	GX_CORRECTION_DECIDED,    /* already decided or withdrawn (or taken up already): nothing changed */
	GX_CORRECTION_NO_RECORD,  /* accept: the register holds no record of the subject any more */
	GX_CORRECTION_BAD_INPUT,  /* a reason or register missing, or the record not as expected */
};

/** A move, and (after it ran) what came of it. Strings are borrowed. */
struct gx_correction_move {
	const struct gx_register_description *d;
	enum gx_correction_action action;
	long long id;
	const char *by;            /* the operator's name; the client's for a withdrawal */
	const char *client;        /* withdrawal: only this client's request; NULL for operators */
	const char *reason;        /* reject: required (1-2000 bytes) */
	const char *reroute_to;    /* reroute: the register that holds it ([a-z0-9_], not this one) */
	long long at_us;
	/* out */
	enum gx_correction_result result;
	char status[16];           /* the request's status now (when known) */
	long long version;         /* accept: the record's new version */
	char as_of[11];            /* accept: today, in Luxembourg */
};

/** The move as a transaction body (gx_store_run_tx, or a durable write):
 *  arg is a struct gx_correction_move. Runs again from the start when the
 *  transaction is retried; GX_DB_ONE_RESULT when it moved, else the
 *  result says why not (nothing written, status >= 0). */
enum gx_db_status gx_correction_move_tx(struct gx_store_conn *conn, void *arg);

/** The name of an action ("take_up", "accept", …) and back (-1 when none). */
const char *gx_correction_action_name(enum gx_correction_action a);
int gx_correction_action_from(const char *name);

/** True when a request received with due date due is overdue on today
 *  (both YYYY-MM-DD): still open, not taken up, past its date. */
bool gx_correction_overdue(const char *status, const char *due, const char *today);

/** The due date of a request received at received_us: days working days
 *  after that day in Luxembourg (util/workdays.h), "YYYY-MM-DD" into out. */
void gx_correction_due(long long received_us, int days, char out[11]);

#endif
