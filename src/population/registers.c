/** Register writer: per register a store, batches of records in transactions, two worker threads. */

#include "population/registers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "population/records.h"
#include "store/store.h"

#define BATCH 10000
#define WORKERS 2

struct job {
	const struct gx_population *pop;
	const size_t *order;
	const struct gx_registers_target *target;
	struct gx_seed_progress *progress;
	atomic_int next;               /* index in write_order */
	atomic_int running;
	atomic_int failed;
	size_t written[GX_REG_COUNT];
	char err[256];
	pthread_mutex_t err_lock;
};

/* The largest registers first, so the two threads finish together. */
static const enum gx_register write_order[GX_REG_COUNT] = {
	GX_REG_PERSONS, GX_REG_INCOME_TAX, GX_REG_SOCIAL_SECURITY, GX_REG_DRIVING_LICENCES, GX_REG_VEHICLES, GX_REG_COMPANIES,
};

struct batch {
	struct job *job;
	enum gx_register reg;
	size_t from, to;
	size_t written;
};

static void fail(struct job *job, const char *what, enum gx_register reg)
{
	pthread_mutex_lock(&job->err_lock);
	if (job->err[0] == '\0')
		snprintf(job->err, sizeof(job->err), "%s: %s", gx_register_name(reg), what);
	pthread_mutex_unlock(&job->err_lock);
	atomic_store(&job->failed, 1);
}

/** Inserts subjects [from, to); may run again after a rollback, so it recounts. */
static enum gx_db_status put_batch(struct gx_store_conn *conn, void *arg)
{
	struct batch *b = arg;
	b->written = 0;
	for (size_t i = b->from; i < b->to; i++) {
		struct gx_pop_record rec;
		int got = gx_register_record(b->job->pop, b->job->order, b->reg, i, &rec);
		if (got < 0)
			return GX_DB_HARD_ERROR;
		if (got == 0)
			continue;
		char *text = json_dumps(rec.data, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(rec.data);
		if (text == NULL)
			return GX_DB_HARD_ERROR;
		enum gx_db_status st = gx_store_registry_put(conn, rec.key_type, rec.key, text, rec.as_of, rec.version);
		free(text);
		if (st < 0)
			return st;
		b->written++;
	}
	return GX_DB_ONE_RESULT;
}

static void write_register(struct job *job, enum gx_register reg)
{
	char path[4096], dbname[256], err[256];
	struct gx_store *store = NULL;
	struct gx_store_conn *conn = NULL;
	const struct gx_registers_target *t = job->target;
	struct gx_store_config cfg = *t->base;
	cfg.schema = GX_STORE_SCHEMA_REGISTRY;
	if (strcmp(cfg.backend, "postgresql") == 0) {
		snprintf(dbname, sizeof(dbname), "%s%s", t->db_prefix, gx_register_name(reg));
		cfg.pg_override = dbname;
	} else {
		snprintf(path, sizeof(path), "%s/%s.db", t->dir, gx_register_name(reg));
		cfg.sqlite_path = path;
	}
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK) {
		fail(job, "cannot open the store", reg);
		goto cleanup;
	}
	conn = gx_store_conn_open(store);
	if (conn == NULL) {
		fail(job, "cannot open a connection", reg);
		goto cleanup;
	}
	long long had = 0;
	if (gx_store_registry_records_count(conn, &had) != GX_DB_ONE_RESULT || had > 0) {
		fail(job, "the register already exists (it holds records); remove it first", reg);
		goto cleanup;
	}
	size_t n = gx_register_subjects(job->pop, reg);
	for (size_t from = 0; from < n && !atomic_load(&job->failed); from += BATCH) {
		struct batch b = {job, reg, from, from + BATCH < n ? from + BATCH : n, 0};
		if (gx_store_run_tx(conn, true, put_batch, &b) < 0) {
			fail(job, "a batch of records failed", reg);
			goto cleanup;
		}
		job->written[reg] += b.written;
		atomic_fetch_add(&job->progress->done[reg], b.to - b.from);
	}
cleanup:
	if (conn != NULL)
		gx_store_conn_close(conn);
	if (store != NULL)
		gx_store_close(store);
}

static void *worker(void *arg)
{
	struct job *job = arg;
	for (;;) {
		int k = atomic_fetch_add(&job->next, 1);
		if (k >= GX_REG_COUNT || atomic_load(&job->failed))
			break;
		write_register(job, write_order[k]);
	}
	atomic_fetch_sub(&job->running, 1);
	return NULL;
}

int gx_registers_write(const struct gx_population *pop, const struct gx_registers_target *target,
		       struct gx_seed_progress *progress, size_t written[GX_REG_COUNT], char *err, size_t err_size)
{
	int ret = -1;
	pthread_t threads[WORKERS];
	int started = 0;
	struct job *job = calloc(1, sizeof(*job));
	size_t *order = gx_pop_order_by_national_id(pop);
	if (job == NULL || order == NULL) {
		snprintf(err, err_size, "out of memory");
		goto cleanup;
	}
	job->pop = pop;
	job->order = order;
	job->target = target;
	job->progress = progress;
	atomic_init(&job->next, 0);
	atomic_init(&job->running, WORKERS);
	atomic_init(&job->failed, 0);
	pthread_mutex_init(&job->err_lock, NULL);
	for (int r = 0; r < GX_REG_COUNT; r++)
		progress->total[r] = gx_register_subjects(pop, (enum gx_register)r);
	for (; started < WORKERS; started++)
		if (pthread_create(&threads[started], NULL, worker, job) != 0) {
			atomic_fetch_sub(&job->running, WORKERS - started);
			fail(job, "cannot start a thread", GX_REG_PERSONS);
			break;
		}
	while (atomic_load(&job->running) > 0) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
		gx_progress_report(progress, false);
	}
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	gx_progress_report(progress, true);
	pthread_mutex_destroy(&job->err_lock);
	if (atomic_load(&job->failed)) {
		snprintf(err, err_size, "%s", job->err);
		goto cleanup;
	}
	memcpy(written, job->written, sizeof(job->written));
	ret = 0;
cleanup:
	free(order);
	free(job);
	return ret;
}
