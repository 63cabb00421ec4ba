#ifndef GX_CORE_TRANSLOG_WRITER_H
#define GX_CORE_TRANSLOG_WRITER_H

/** Appends access records to the transparency log in the group commit
 *  (store/translog.h: the batch's precommit step): every record the batch
 *  wrote becomes a leaf, in commit order, in the same transaction, so a
 *  record is durable exactly when its leaf is. Each subject gets a secret
 *  random salt on its first record. The writer keeps the tree's frontier
 *  between batches and reloads it from the store whenever the stored size
 *  is not the one it knows (another guichetd appended, or a batch failed).
 *  Only the group-commit writer thread touches it. */

#include <stdbool.h>

#include "store/translog.h"
#include "translog/frontier.h"

struct gx_tlog_writer {
	bool known;                        /* committed is the stored tree's frontier */
	struct gx_tlog_frontier committed; /* after the last batch that committed */
	bool pending_set;
	struct gx_tlog_frontier pending;   /* after this batch's appends, until its COMMIT */
};

void gx_tlog_writer_init(struct gx_tlog_writer *w);

/** The precommit step (gx_store_precommit_fn; arg: the writer). */
enum gx_db_status gx_tlog_writer_precommit(struct gx_store_conn *conn, void *arg);
/** The postcommit step (gx_store_postcommit_fn). */
void gx_tlog_writer_postcommit(void *arg, bool committed);

/** Makes store append every access record to the log through w (before the
 *  first durable write). */
void gx_tlog_writer_attach(struct gx_tlog_writer *w, struct gx_store *store);

#endif
