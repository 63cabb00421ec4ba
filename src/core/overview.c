#include "core/overview.h"

#include <string.h>

bool gx_overview_filter_known(const char *filter)
{
	static const char *const known[] = {"all", "drafts", "active", "completed", "action"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(filter, known[i]) == 0)
			return true;
	return false;
}

enum gx_db_status gx_overview_read(struct gx_store_conn *db, struct gx_space_id space, const char *filter,
				   long long offset, size_t limit, struct gx_space_item *items, size_t *n,
				   long long *total)
{
	return gx_store_space_overview(db, space.v, filter, offset, limit, items, n, total);
}

enum gx_db_status gx_overview_snapshot_begin(struct gx_store_conn *db)
{
	return gx_store_tx_begin(db, false);
}

void gx_overview_snapshot_end(struct gx_store_conn *db)
{
	gx_store_tx_rollback(db); /* nothing was written */
}
