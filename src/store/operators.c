/* The operator dashboard's store methods (operators.h): dispatch to the backend. */

#include "store/operators.h"

#include "store/store_int.h"

enum gx_db_status gx_store_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us)
{
	GX_STORE_DISPATCH(operator_set, national_id, at_us);
}

enum gx_db_status gx_store_operator_remove(struct gx_store_conn *conn, const char *national_id)
{
	GX_STORE_DISPATCH(operator_remove, national_id);
}

enum gx_db_status gx_store_operator_is(struct gx_store_conn *conn, struct gx_person_id person)
{
	GX_STORE_DISPATCH(operator_is, person);
}

enum gx_db_status gx_store_operators_list(struct gx_store_conn *conn, char **out)
{
	*out = NULL;
	GX_STORE_DISPATCH(operators_list, out);
}

enum gx_db_status gx_store_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n)
{
	GX_STORE_DISPATCH(samples_put, samples, n);
}

enum gx_db_status gx_store_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted)
{
	long long ignored;
	GX_STORE_DISPATCH(samples_purge, samples_before_s, rollups_before_s, deleted != NULL ? deleted : &ignored);
}

enum gx_db_status gx_store_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s)
{
	if (hour_s % 3600 != 0)
		return GX_DB_HARD_ERROR;
	GX_STORE_DISPATCH(samples_rollup, instance, hour_s);
}

enum gx_db_status gx_store_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
					struct gx_sample_bucket *out, size_t max, size_t *n, bool *more)
{
	*n = 0;
	*more = false;
	if (q->bucket_s <= 0 || q->series == NULL || (q->hourly && (q->bucket_s % 3600 != 0 || q->from_s % 3600 != 0)))
		return GX_DB_HARD_ERROR;
	GX_STORE_DISPATCH(samples_read, q, out, max, n, more);
}

enum gx_db_status gx_store_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out)
{
	*out = (struct gx_store_gauges){0};
	GX_STORE_DISPATCH(operator_gauges, now_us, out);
}

enum gx_db_status gx_store_size(struct gx_store_conn *conn, long long *bytes)
{
	*bytes = 0;
	GX_STORE_DISPATCH(store_size, bytes);
}
