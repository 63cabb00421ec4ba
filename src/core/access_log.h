#ifndef GX_CORE_ACCESS_LOG_H
#define GX_CORE_ACCESS_LOG_H

/** "Who accessed my data": the acting person's access records, newest
 *  first, filtered and keyset-paged, each checked against the transparency
 *  log (its leaf recomputed from the record and the person's salt, its
 *  inclusion proof verified against the newest witnessed checkpoint); and
 *  the person's proof bundle (translog/bundle.h) to check offline. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/translog.h"

#define GX_ACCESS_LOG_PAGE_MAX 200

/** Which records (NULL or 0: any), and the page: after the last record of
 *  the previous one (before_id > 0), limit of them (1 .. GX_ACCESS_LOG_PAGE_MAX). */
struct gx_access_log_filter {
	const char *source;
	const char *actor_id;
	long long from_us, to_us;
	long long before_at_us, before_id;
	size_t limit;
};

enum gx_access_proof {
	GX_ACCESS_PROVEN,   /* its inclusion proof verifies against the checkpoint */
	GX_ACCESS_PENDING,  /* logged after the checkpoint: in the next one */
	GX_ACCESS_FAILED,   /* the proof does not verify: the log is damaged (never expected) */
};

struct gx_access_entry {
	struct gx_access_row row;
	enum gx_access_proof proof;
};

struct gx_access_log_page {
	struct gx_access_entry *entries;   /* malloc'ed: gx_access_log_page_free */
	size_t n;
	bool more;
	bool have_checkpoint;
	uint64_t checkpoint_size;
	long long checkpoint_at_us;
	size_t cosigned, quorum;
	bool witnessed;
};

enum gx_core_status gx_access_log_read(const struct gx_core_ctx *c, const struct gx_access_log_filter *f,
				       struct gx_access_log_page *out);
void gx_access_log_page_free(struct gx_access_log_page *p);

/** Every record of the acting person in the newest witnessed checkpoint
 *  (else the latest), with its proof, as one bundle: JSON text malloc'ed
 *  into *json; *entries its records, *pending the person's records logged
 *  after that checkpoint. NOT_FOUND when nothing was logged of the person
 *  or no checkpoint is signed yet. */
enum gx_core_status gx_access_log_bundle(const struct gx_core_ctx *c, char **json, size_t *entries,
					 size_t *pending);

/** The acting person's national id (the access records' subject) into out. */
enum gx_core_status gx_access_log_subject(const struct gx_core_ctx *c, char out[14]);

#endif
