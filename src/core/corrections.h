#ifndef GX_CORE_CORRECTIONS_H
#define GX_CORE_CORRECTIONS_H

/**
 * Corrections (docs/corrections.md): a person asks a register to correct a
 * value it holds about them. The register's description says which
 * attributes may be corrected, how a proposed value is checked (a
 * procedure field's kind and bounds, with the procedures' validator) and
 * what evidence it takes. A request is stored at once, durably, with a
 * signed receipt, idempotent by the person's key; the register is told by
 * guichetd's sync (correction_sync.h), again until it took it; the
 * register's decisions come back the same way. While a request is open,
 * the value is "under review" wherever it is shown. Values are personal
 * data: never logged.
 */

#include <jansson.h>

#include "core/ctx.h"
#include "sources/description.h"
#include "store/corrections.h"

#define GX_CORRECTION_KEY_MAX 64
#define GX_CORRECTION_EXPLANATION_MAX 2000

/** A file the person uploaded as evidence (bytes borrowed for the operation). */
struct gx_correction_upload {
	const char *name;
	size_t name_len;
	const char *bytes;
	size_t len;
};

/** What the person asks. Strings borrowed for the operation. */
struct gx_correction_ask {
	const char *register_name;
	const char *attribute;
	const char *key;              /* the person's idempotency key: 1-64 printable ASCII */
	const char *current_value;    /* the value they saw and doubt; NULL: none was held */
	long long current_version;
	const char *proposed;
	const char *explanation;
	const struct gx_correction_upload *files;
	size_t nfiles;
	const char *lang;             /* for the check's messages */
};

/** How a filing ended, for its one completion. */
struct gx_correction_filed {
	/* OK (stored now, or replayed: the same key and request again);
	 * INVALID: refused names the field when the request cannot be taken at
	 * all (an unknown register or attribute, one that cannot be corrected,
	 * a bad key: a 400), else errors lists every fault of the values
	 * ([{field, code, message}]: a 422); CONFLICT: the key was used for
	 * another request; UNAVAILABLE; FAULT */
	enum gx_core_status status;
	const char *refused;          /* a JSON Pointer, or NULL */
	const char *refused_detail;
	const json_t *errors;         /* borrowed for the call */
	bool replayed;
	long long id;
};
typedef void (*gx_correction_filed_fn)(void *arg, const struct gx_correction_filed *f);

/** Files the acting person's request; done runs exactly once. */
void gx_correction_file(const struct gx_core_ctx *c, const struct gx_correction_ask *ask, gx_correction_filed_fn done,
			void *arg);

/** Withdraws the acting person's request id while undecided. done: OK,
 *  NOT_FOUND (not theirs), CONFLICT (decided or withdrawn already),
 *  UNAVAILABLE. */
typedef void (*gx_correction_done_fn)(void *arg, enum gx_core_status status);
void gx_correction_withdraw(const struct gx_core_ctx *c, long long id, gx_correction_done_fn done, void *arg);

/** The correction rules of register's attribute (its description's), or
 *  NULL when the platform does not ask that register or it may not be
 *  corrected. */
const struct gx_register_attribute *gx_correction_rules(const struct gx_domain *d, const char *register_name,
							const char *attribute);

/** Request id of person as one object (new reference): the store's row
 *  (store/corrections.h) with "events" [{seq, at_us, kind, detail}] and
 *  "evidence" [{seq, name, content_type, size, sha256}], and "overdue"
 *  (not taken up by its due date, today in Luxembourg). NULL with *st
 *  GX_DB_NO_RESULTS when it is not theirs, or an error. */
json_t *gx_correction_read(struct gx_store_conn *db, struct gx_person_id person, long long id, enum gx_db_status *st);

/** The person's requests, newest first (new reference; NULL on a store
 *  error): [{id, reference, register, attribute, status, due, overdue,
 *  created_at_us, updated_at_us}]. */
json_t *gx_corrections_list(struct gx_store_conn *db, struct gx_person_id person);

/** What My data and the prefill say about each value the person asked to
 *  correct (new reference; NULL on a store error): {"register/attribute":
 *  {id, status, open, created_at_us, updated_at_us, decision}}, the latest
 *  request of each value. open: pending, open or in review. */
json_t *gx_corrections_marks(struct gx_store_conn *db, struct gx_person_id person);

/** True when status is one a request is still open in. */
bool gx_correction_open(const char *status);

/** A file of the person's request id: GX_DB_ONE_RESULT (out->data to free). */
enum gx_db_status gx_correction_evidence(struct gx_store_conn *db, struct gx_person_id person, long long id, int seq,
					 struct gx_store_evidence *out);

#endif
