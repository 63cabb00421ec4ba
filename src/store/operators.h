#ifndef GX_STORE_OPERATORS_H
#define GX_STORE_OPERATORS_H

/**
 * What the operator dashboard keeps (docs/dashboard.md): the platform
 * operators, who may open it, and its time series, one row per sample per
 * series, label and guichetd instance. Part of the store interface
 * (store.h), in its own header because only the dashboard, its sampler and
 * guichetctl use it.
 */

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* --- platform operators --------------------------------------------------------- */

/** Makes the person with national_id a platform operator (again: nothing changes). */
enum gx_db_status gx_store_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us);
/** GX_DB_NO_RESULTS when they were not an operator. */
enum gx_db_status gx_store_operator_remove(struct gx_store_conn *conn, const char *national_id);
/** GX_DB_ONE_RESULT when the person is a platform operator, GX_DB_NO_RESULTS when not. */
enum gx_db_status gx_store_operator_is(struct gx_store_conn *conn, struct gx_person_id person);
/** The operators as a JSON array text (malloc'ed into *out), by national id:
 *  [{national_id, added_at_us, given_name, family_name}] (names null before their first login). */
enum gx_db_status gx_store_operators_list(struct gx_store_conn *conn, char **out);

/* --- the dashboard's time series -------------------------------------------------- */

#define GX_SAMPLE_SERIES_MAX 65    /* 64 bytes and the NUL */
#define GX_SAMPLE_LABEL_MAX 65
#define GX_SAMPLE_INSTANCE_MAX 129

/** One sample: series' value for label, measured by instance at at_s. */
struct gx_sample {
	char series[GX_SAMPLE_SERIES_MAX];
	char label[GX_SAMPLE_LABEL_MAX];        /* "" for a series without one */
	char instance[GX_SAMPLE_INSTANCE_MAX];
	long long at_s;
	long long value;
};

/** Writes n samples (one statement each, inside the caller's transaction
 *  if one is open); a sample of the same series, time, label and instance
 *  is replaced. */
enum gx_db_status gx_store_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n);
/** Deletes every sample older than samples_before_s and every hourly
 *  rollup older than rollups_before_s; *deleted (may be NULL) their number. */
enum gx_db_status gx_store_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted);

/** Writes (again) instance's rollup of the hour that starts at hour_s (a
 *  multiple of 3600) from its samples: per series and label, their sum,
 *  largest and number. */
enum gx_db_status gx_store_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s);

/** A read of one series over [from_s, to_s), its samples put in buckets of
 *  bucket_s seconds (each starting at a multiple of bucket_s), every
 *  instance and sample of a bucket together. hourly: from the hourly
 *  rollups (bucket_s and from_s multiples of 3600), the same sums, largest
 *  and numbers from a sixtieth of the rows. */
struct gx_sample_query {
	const char *series;
	long long from_s, to_s;
	long long bucket_s;   /* > 0 */
	bool hourly;
};

/** One bucket of one label: what its samples add up to. */
struct gx_sample_bucket {
	char label[GX_SAMPLE_LABEL_MAX];
	long long at_s;       /* the bucket's start */
	long long sum, max, count;
};

/** The buckets that have samples, by label then time, up to max into
 *  out[]; *n their number, *more whether there were more. */
enum gx_db_status gx_store_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
					struct gx_sample_bucket *out, size_t max, size_t *n, bool *more);

/** What the sampler measures in the store each interval. */
struct gx_store_gauges {
	long long outbox_backlog;   /* mails of the outbox due by now and not sent (pending) */
	long long translog_size;    /* leaves of the transparency log */
	long long cosigned_at_us;   /* when a witness cosigned the latest checkpoint cosigned; 0: never */
};
enum gx_db_status gx_store_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out);

/** What the store occupies on disk, in bytes: SQLite, the database file and
 *  its write-ahead log; PostgreSQL, the tables and indexes of the store's
 *  schema (pg_total_relation_size). */
enum gx_db_status gx_store_size(struct gx_store_conn *conn, long long *bytes);

#endif
