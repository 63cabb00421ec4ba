/**
 * commit_bench: durable access-record appends per second on one disk, one
 * transaction + fsync per write (group-commit batch 1) against group commit,
 * with C simulated requests outstanding at all times.
 *
 *   commit_bench [--db DIR] [--seconds S] [--concurrency C] [--batch N] [--max-wait US]
 */

#include "store/store.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"

struct bench {
	struct gx_store *store;
	_Atomic bool stop;
	_Atomic unsigned long long done_ok;
	_Atomic unsigned long long done_failed;
	_Atomic unsigned long long resubmit_failed;
};

/** One simulated request: its record is written, and when durable the next request starts. */
struct request {
	struct bench *bench;
	char subject[32];
	char request_id[32];
	struct gx_access_record rec;
};

static enum gx_db_status request_write(struct gx_store_conn *writer, void *arg)
{
	struct request *r = arg;
	return gx_store_access_record_append(writer, &r->rec);
}

static void request_done(void *arg, enum gx_db_status result)
{
	struct request *r = arg;
	struct bench *b = r->bench;
	if (result >= 0)
		atomic_fetch_add_explicit(&b->done_ok, 1, memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&b->done_failed, 1, memory_order_relaxed);
	if (atomic_load(&b->stop))
		return;
	if (gx_store_durable_submit(b->store, request_write, request_done, r) != GX_STORE_OK)
		atomic_fetch_add(&b->resubmit_failed, 1);
}

struct result {
	double rows_per_s;
	double mean_batch;
	unsigned long long failed;
};

static int run_mode(const char *dir, const char *name, unsigned max_batch, unsigned max_wait_us,
		    unsigned concurrency, double seconds, struct result *out)
{
	int rc = -1;
	char path[512] = "", err[256];
	struct gx_store_config cfg;
	struct bench b = {0};
	struct request *reqs = calloc(concurrency, sizeof(*reqs));

	if (reqs == NULL)
		goto done;
	snprintf(path, sizeof(path), "%s/%s.db", dir, name);
	gx_store_config_defaults(&cfg);
	cfg.sqlite_path = path;
	cfg.group_commit_max_batch = max_batch;
	cfg.group_commit_max_wait_us = max_wait_us;
	if (cfg.group_commit_queue_cap < concurrency)
		cfg.group_commit_queue_cap = concurrency;
	if (gx_store_open(&cfg, &b.store, err, sizeof(err)) != GX_STORE_OK) {
		fprintf(stderr, "commit_bench: %s\n", err);
		goto done;
	}
	for (unsigned i = 0; i < concurrency; i++) {
		struct request *r = &reqs[i];
		r->bench = &b;
		snprintf(r->subject, sizeof(r->subject), "bench-subject-%u", i);
		snprintf(r->request_id, sizeof(r->request_id), "bench-req-%u", i);
		r->rec = (struct gx_access_record){
			.subject = r->subject,
			.at_us = 1700000000000000LL,
			.actor_kind = "platform",
			.actor_id = "guichet",
			.on_behalf_of = r->subject,
			.source = "persons",
			.attributes_json = "[\"name\",\"address.street\",\"address.city\"]",
			.purpose = "procedure:bench",
			.legal_basis = NULL,
			.request_id = r->request_id,
		};
	}

	struct gx_store_durable_stats s0, s1;
	gx_store_durable_stats(b.store, &s0);
	double t0 = (double)gx_mono_ns() / 1e9;
	for (unsigned i = 0; i < concurrency; i++)
		if (gx_store_durable_submit(b.store, request_write, request_done, &reqs[i]) != GX_STORE_OK)
			atomic_fetch_add(&b.resubmit_failed, 1);
	struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	unsigned long long ok = atomic_load(&b.done_ok);
	double elapsed = (double)gx_mono_ns() / 1e9 - t0;
	gx_store_durable_stats(b.store, &s1);
	atomic_store(&b.stop, true);
	gx_store_close(b.store);  /* commits what is still queued */

	out->rows_per_s = (double)ok / elapsed;
	out->mean_batch = s1.batches > s0.batches ? (double)(s1.items - s0.items) / (double)(s1.batches - s0.batches) : 0;
	out->failed = atomic_load(&b.done_failed) + atomic_load(&b.resubmit_failed);
	rc = 0;
done:
	for (const char *suffix = ""; path[0] != '\0' && suffix != NULL;) {
		char p[560];
		snprintf(p, sizeof(p), "%s%s", path, suffix);
		unlink(p);
		suffix = strcmp(suffix, "") == 0 ? "-wal" : strcmp(suffix, "-wal") == 0 ? "-shm" : NULL;
	}
	free(reqs);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: commit_bench [--db DIR] [--seconds S] [--concurrency C] [--batch N] [--max-wait US]\n");
}

int main(int argc, char **argv)
{
	const char *parent = NULL;
	double seconds = 5;
	unsigned concurrency = 64, batch = 0, max_wait_us = 0;
	char dir[512];

	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--db") == 0 && v) {
			parent = v;
		} else if (strcmp(argv[i], "--seconds") == 0 && v) {
			seconds = atof(v);
		} else if (strcmp(argv[i], "--concurrency") == 0 && v) {
			concurrency = (unsigned)strtoul(v, NULL, 10);
		} else if (strcmp(argv[i], "--batch") == 0 && v) {
			batch = (unsigned)strtoul(v, NULL, 10);
		} else if (strcmp(argv[i], "--max-wait") == 0 && v) {
			max_wait_us = (unsigned)strtoul(v, NULL, 10);
		} else {
			usage();
			return 2;
		}
	}
	if (seconds <= 0 || concurrency == 0) {
		usage();
		return 2;
	}
	if (batch == 0) {
		struct gx_store_config d;
		gx_store_config_defaults(&d);
		batch = d.group_commit_max_batch;
	}
	/* A fresh directory on the chosen disk (default /var/tmp: disk-backed, unlike a tmpfs /tmp). */
	snprintf(dir, sizeof(dir), "%s/commit_bench.XXXXXX", parent ? parent : "/var/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("commit_bench: mkdtemp");
		return 1;
	}

	struct result single, group;
	int rc = 1;
	if (run_mode(dir, "single", 1, 0, concurrency, seconds, &single) != 0)
		goto out;
	if (run_mode(dir, "group", batch, max_wait_us, concurrency, seconds, &group) != 0)
		goto out;
	printf("commit_bench: %u requests outstanding, %.1f s per mode, db in %s\n", concurrency, seconds,
	       parent ? parent : "/var/tmp");
	printf("%-22s %12s %12s %8s\n", "mode", "rows/s", "mean batch", "failed");
	printf("%-22s %12.0f %12.1f %8llu\n", "single (batch 1)", single.rows_per_s, single.mean_batch, single.failed);
	char label[32];
	snprintf(label, sizeof(label), "group (batch <= %u)", batch);
	printf("%-22s %12.0f %12.1f %8llu\n", label, group.rows_per_s, group.mean_batch, group.failed);
	printf("ratio group/single: %.1fx\n", single.rows_per_s > 0 ? group.rows_per_s / single.rows_per_s : 0);
	rc = single.failed + group.failed == 0 ? 0 : 1;
out:
	rmdir(dir);
	return rc;
}
