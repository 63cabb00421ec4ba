#ifndef GX_STORE_GROUP_COMMIT_H
#define GX_STORE_GROUP_COMMIT_H

/** The group-commit writer: one thread, one connection, many writes per COMMIT. */

#include "store/store_int.h"

/** Opens the writer connection and starts its thread; NULL on failure. */
struct gx_group_commit *gx_group_commit_start(struct gx_store *store, char *err, size_t err_size);
/** Commits everything queued, calls every done, then stops and frees gc. */
void gx_group_commit_stop(struct gx_group_commit *gc);
int gx_group_commit_submit(struct gx_group_commit *gc, gx_store_write_fn write, gx_store_done_fn done, void *arg);
void gx_group_commit_drain(struct gx_group_commit *gc);
void gx_group_commit_stats(struct gx_group_commit *gc, struct gx_store_durable_stats *out);
void gx_group_commit_peaks_take(struct gx_group_commit *gc, struct gx_store_durable_stats *out);

#endif
