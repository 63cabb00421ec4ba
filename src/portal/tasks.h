#ifndef GX_PORTAL_TASKS_H
#define GX_PORTAL_TASKS_H

/** guichetd's background tasks (http/task.h): the corrections' sync
 *  (core/correction_sync.h), every corrections.sync_ms. */

#include <stddef.h>

struct gx_config;
struct gx_server_task;

/** The tasks for c (borrowed for the server's life); *n their number. */
const struct gx_server_task *gx_portal_tasks(const struct gx_config *c, size_t *n);

#endif
