/* Filing a submission (submission_file.h). */

#include "core/submission_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_turn.h"
#include "receipts/receipt.h"
#include "util/local_time.h"

enum gx_db_status gx_submission_file(struct gx_store_conn *w, struct gx_submission *s,
				     const struct gx_status_table *statuses, long long *id)
{
	/* The year of the reference is Luxembourg's: on 31 December from 23:00 UTC it is already the next. */
	char day[11];
	int year = gx_local_date(s->submitted_at_us, day);
	long long seq;
	enum gx_db_status st;
	if ((st = gx_store_reference_next(w, year, &seq)) < 0)
		return st;
	snprintf(s->reference, sizeof(s->reference), "%04d-GX-%06lld", year, seq);
	free(s->receipt_json);
	s->receipt_json = gx_receipt_build(s->reference, s->procedure_id, s->procedure_version, s->organisation,
					   s->submitted_at_us, s->data_json);
	if (s->receipt_json == NULL ||
	    gx_receipt_sign(s->receipt_json, strlen(s->receipt_json), s->signature, sizeof(s->signature)) != 0)
		return GX_DB_HARD_ERROR;
	if ((st = gx_store_submission_insert(w, s, id)) < 0)
		return st;
	/* The organisation's case, where the procedure's cases start. */
	struct gx_case k = {.submission_id = *id, .final = false, .submitted_at_us = s->submitted_at_us};
	snprintf(k.org, sizeof(k.org), "%s", s->organisation);
	snprintf(k.procedure_id, sizeof(k.procedure_id), "%s", s->procedure_id);
	snprintf(k.reference, sizeof(k.reference), "%s", s->reference);
	snprintf(k.status, sizeof(k.status), "%s", gx_status_initial(statuses));
	snprintf(k.turn, sizeof(k.turn), "%s", gx_case_turn(statuses, k.status, 0));
	return gx_store_case_open(w, &k);
}
