/* The operator dashboard's store methods (operators.h): dispatch to the backend. */

#include "store/operators.h"

#include "store/store_int.h"

#define DISPATCH(name, ...)                                   \
	do {                                                  \
		if (conn->ops->name == NULL)                  \
			return GX_DB_HARD_ERROR;              \
		return conn->ops->name(conn, __VA_ARGS__);    \
	} while (0)

enum gx_db_status gx_store_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us)
{
	DISPATCH(operator_set, national_id, at_us);
}

enum gx_db_status gx_store_operator_remove(struct gx_store_conn *conn, const char *national_id)
{
	DISPATCH(operator_remove, national_id);
}

enum gx_db_status gx_store_operator_is(struct gx_store_conn *conn, struct gx_person_id person)
{
	DISPATCH(operator_is, person);
}

enum gx_db_status gx_store_operators_list(struct gx_store_conn *conn, char **out)
{
	*out = NULL;
	DISPATCH(operators_list, out);
}

enum gx_db_status gx_store_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n)
{
	DISPATCH(samples_put, samples, n);
}

enum gx_db_status gx_store_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted)
{
	long long ignored;
	DISPATCH(samples_purge, samples_before_s, rollups_before_s, deleted != NULL ? deleted : &ignored);
}

enum gx_db_status gx_store_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s)
{
	if (hour_s % 3600 != 0)
		return GX_DB_HARD_ERROR;
	DISPATCH(samples_rollup, instance, hour_s);
}

enum gx_db_status gx_store_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
					struct gx_sample_bucket *out, size_t max, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	if (q->bucket_s <= 0 || q->series == NULL || (q->hourly && (q->bucket_s % 3600 != 0 || q->from_s % 3600 != 0)))
		return GX_DB_HARD_ERROR;
	DISPATCH(samples_read, q, out, max, n, more);
}

enum gx_db_status gx_store_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out)
{
	*out = (struct gx_store_gauges){0};
	DISPATCH(operator_gauges, now_us, out);
}

enum gx_db_status gx_store_size(struct gx_store_conn *conn, long long *bytes)
{
	*bytes = 0;
	DISPATCH(store_size, bytes);
}
