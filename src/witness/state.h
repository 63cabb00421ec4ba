#ifndef GX_WITNESS_STATE_H
#define GX_WITNESS_STATE_H

/** The witness's memory: for each log (by origin), the last checkpoint it
 *  cosigned. A JSON file,
 *
 *      {"format": "guichet-witness-state/v1",
 *       "logs": [{"origin": "...", "size": 41, "root": "<base64>",
 *                 "checkpoint": "<the signed note it cosigned>"}]}
 *
 *  replaced atomically (a temporary file written and fsync'ed, renamed over
 *  the old one, the folder fsync'ed): after a crash it holds the old state
 *  or the new one, never a mix, and a cosignature is only ever sent once
 *  its state is durable. */

#include <stddef.h>
#include <stdint.h>

#include "translog/checkpoint.h"
#include "witness/decide.h"

#define GX_WITNESS_MAX_LOGS 16
#define GX_WITNESS_STATE_MAX_LEN (1u << 20)

struct gx_witness_log_state {
	char origin[GX_CHECKPOINT_ORIGIN_MAX + 1];
	struct gx_witness_seen seen;
	char *checkpoint; /* malloc'ed, owned by the state */
};

struct gx_witness_state {
	size_t count;
	struct gx_witness_log_state logs[GX_WITNESS_MAX_LOGS];
};

/** Reads the state file; a missing file is an empty state (a new witness).
 *  0, or -1 with the reason in err (a damaged file stops the witness: it
 *  must never forget what it cosigned). */
int gx_witness_state_load(const char *path, struct gx_witness_state *s, char *err, size_t errlen);

/** Replaces the state file atomically: 0, or -1 with the reason in err. */
int gx_witness_state_save(const char *path, const struct gx_witness_state *s, char *err, size_t errlen);

/** The log's entry, or NULL when the witness never cosigned it. */
const struct gx_witness_log_state *gx_witness_state_find(const struct gx_witness_state *s, const char *origin);

/** Sets (or adds) the log's entry, copying checkpoint: 0, or -1 when full or
 *  out of memory (the state is then unchanged). */
int gx_witness_state_set(struct gx_witness_state *s, const char *origin, const struct gx_witness_seen *seen,
			 const char *checkpoint);

void gx_witness_state_free(struct gx_witness_state *s);

#endif
