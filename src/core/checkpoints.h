#ifndef GX_CORE_CHECKPOINTS_H
#define GX_CORE_CHECKPOINTS_H

/** Signed checkpoints of the transparency log (C2SP tlog-checkpoint):
 *  signing one of the stored tree, and reading them back with their
 *  witnesses' cosignatures checked. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/transparency.h"
#include "store/translog.h"
#include "translog/checkpoint.h"
#include "translog/note.h"

/**
 * One signing round: when the stored tree is larger than the latest
 * checkpoint (or there is none yet), checks that it is consistent with
 * that checkpoint (the log never signs a rewritten history: a damaged or
 * altered store stops it here), signs a checkpoint of it and stores it.
 * 1 signed (*size its size), 0 nothing new, -1 with the reason in err.
 */
int gx_checkpoint_sign_round(struct gx_store_conn *conn, const struct gx_transparency *t, long long now_us,
			     uint64_t *size, char *err, size_t errlen);

/** A stored checkpoint, opened: its note with the cosignatures appended
 *  (what the public endpoint serves), parsed and checked with the log's key
 *  and the witnesses'. */
struct gx_checkpoint_view {
	struct gx_checkpoint c;
	size_t cosigned;         /* distinct witness keys whose cosignature verified */
	bool witnessed;          /* cosigned >= the quorum (and a quorum is set) */
	char *note;              /* malloc'ed: the whole signed note */
};
void gx_checkpoint_view_clear(struct gx_checkpoint_view *v);

/** Opens row: 0, or -1 with the reason in err (the log's signature or a
 *  known key's cosignature fails, or the note is damaged). */
int gx_checkpoint_view_open(const struct gx_tlog_checkpoint_row *row, const struct gx_transparency *t,
			    struct gx_checkpoint_view *out, char *err, size_t errlen);

/** Forgets the checkpoint kept verified (its keys are going away). */
void gx_checkpoint_cache_clear(void);

/** The checkpoint to prove against: the newest witnessed one among the
 *  latest few, else the latest. GX_DB_NO_RESULTS when none was signed. */
enum gx_db_status gx_checkpoint_best(struct gx_store_conn *conn, const struct gx_transparency *t,
				     struct gx_checkpoint_view *out);

#endif
