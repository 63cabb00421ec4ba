#ifndef GX_WITNESS_ROUND_H
#define GX_WITNESS_ROUND_H

/** One round of the witness for one log: fetch the log's latest checkpoint,
 *  check the log's signature, fetch and check the consistency proof from the
 *  last checkpoint it cosigned, and only then cosign: persist the new state,
 *  then POST the cosignature line. A log that shrinks, forks or cannot prove
 *  consistency is refused and logged, and the state does not move. The log's
 *  endpoints (docs/transparency.md):
 *
 *      GET  <log>/checkpoint                  the signed checkpoint note
 *      GET  <log>/consistency?from=M&to=N     {"proof": ["<base64>", ...]}
 *      POST <log>/cosignature                 the cosignature line
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translog/keys.h"
#include "util/buf.h"
#include "witness/state.h"

/** How the witness reaches logs: blocking calls, one at a time (the
 *  program uses libcurl, http_curl.c; unit tests a fake). Each returns 0
 *  with the HTTP status in *status, or -1 with the reason in err when no
 *  answer came (refused, timed out, or a body longer than max). */
struct gx_witness_transport {
	int (*get)(void *ctx, const char *url, size_t max, struct gx_buf *body, long *status, char *err,
		   size_t errlen);
	int (*post)(void *ctx, const char *url, const char *body, size_t len, long *status, char *err, size_t errlen);
	void *ctx;
};

/** A log the witness follows. */
struct gx_witness_log {
	char url[1024];                 /* its base URL, without a trailing '/' */
	struct gx_note_verifier key;    /* its Ed25519 key; the name is its origin */
	bool delivered;                 /* the log has our cosignature of the state's checkpoint */
};

struct gx_witness {
	struct gx_note_signer key; /* cosignature/v1 */
	const char *state_path;
	struct gx_witness_state state;
	struct gx_witness_transport transport;
};

enum gx_witness_outcome {
	GX_WITNESS_COSIGNED,  /* a new checkpoint was cosigned (and, unless logged otherwise, delivered) */
	GX_WITNESS_UNCHANGED, /* nothing new */
	GX_WITNESS_REFUSED,   /* the log misbehaved: nothing cosigned, the state kept */
	GX_WITNESS_FAILED,    /* the log could not be reached or answered nonsense; try again later */
};

/** Runs one round for log at time now (seconds since the epoch, the
 *  cosignature's timestamp). Not reentrant: the witness is single-threaded. */
enum gx_witness_outcome gx_witness_round(struct gx_witness *w, struct gx_witness_log *log, uint64_t now);

#endif
