#ifndef GX_CORE_TRANSLOG_PUBLIC_H
#define GX_CORE_TRANSLOG_PUBLIC_H

/** What the transparency log shows everyone (the public endpoints of
 *  docs/transparency.md): signed checkpoints with their cosignatures,
 *  consistency and inclusion proofs within a signed tree, and witnesses'
 *  cosignatures taken in. */

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/ctx.h"
#include "util/buf.h"

/** The latest checkpoint (size UINT64_MAX) or the one of size: the signed
 *  note with the cosignatures gathered so far, in c's pool. NOT_FOUND when
 *  there is none; FAULT when it does not verify (a damaged store). */
enum gx_core_status gx_tlog_note(const struct gx_core_ctx *c, uint64_t size, const char **note, size_t *len);

/** The consistency proof from the tree of from leaves to the tree of to
 *  leaves, as its JSON ({"proof": [...]}, translog/proof_json.h) appended
 *  to json; INVALID (field and why say which parameter) unless from <= to
 *  <= the latest checkpoint's size. */
enum gx_core_status gx_tlog_consistency(const struct gx_core_ctx *c, uint64_t from, uint64_t to,
					struct gx_buf *json, const char **field, const char **why);

/** The inclusion proof of leaf index in the tree of size leaves, as JSON;
 *  INVALID unless index < size <= the latest checkpoint's size. */
enum gx_core_status gx_tlog_inclusion(const struct gx_core_ctx *c, uint64_t index, uint64_t size,
				      struct gx_buf *json, const char **field, const char **why);

/** Whom to believe: {"origin", "log_key", "witnesses": [...], "quorum"} (a new reference). */
json_t *gx_tlog_keys_json(const struct gx_core_ctx *c);

/** How taking a cosignature ended: OK (stored), INVALID (not a signature
 *  line), FORBIDDEN (no configured witness's key, or it verifies against
 *  none of the recent checkpoints), UNAVAILABLE. */
typedef void (*gx_tlog_cosigned_fn)(void *arg, enum gx_core_status st, const char *why);

/** Takes a witness's cosignature line ("— name base64\n") of one of the
 *  recent checkpoints. done runs exactly once. */
void gx_tlog_cosign(const struct gx_core_ctx *c, const char *line, size_t len, gx_tlog_cosigned_fn done, void *arg);

#endif
