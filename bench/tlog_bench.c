/**
 * tlog_bench: the transparency log's cost and its stores (docs/performance.md).
 *
 *   tlog_bench commit [--db DIR | --pg CONNINFO] [--seconds S] [--concurrency C] [--rounds R]
 *                     [--writes records|others]
 *       durable writes per second through the group commit, each a request
 *       writing two access records (My data from two registers; --writes
 *       others: a row that is not an access record, as a submission), with the
 *       log off (records only) and on (every record a leaf in the same
 *       transaction, core/translog_writer.h), alternately in the same run;
 *       the best round of each and their ratio.
 *
 *   tlog_bench fill --db DIR | --pg CONNINFO --leaves N --subject NID --records K --key FILE --origin NAME
 *
 *   With --pg, each run uses the database tlog_NAME on that server (NAME:
 *   commit_on_R, commit_off_R for round R, or fill), which must exist.
 *       a store whose tree has N leaves: N - K random ones written in bulk
 *       (their subtrees too, as the writer would), then K access records of
 *       subject NID through the real writer, then a signed checkpoint: the
 *       store the inclusion-proof and page benchmarks run guichetd on.
 */

#include <sodium.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/checkpoints.h"
#include "core/transparency.h"
#include "core/translog_writer.h"
#include "store/store.h"
#include "store/translog.h"
#include "translog/frontier.h"
#include "util/clock.h"

struct opts {
	const char *db, *pg, *subject, *key, *origin;
	double seconds;
	unsigned concurrency, rounds;
	bool others;  /* --writes others: durable writes that are not access records (a submission's kind) */
	unsigned long long leaves, records;
};

static int open_store(const struct opts *o, const char *name, struct gx_store **out)
{
	struct gx_store_config cfg;
	char path[512], err[256], conninfo[1024];
	gx_store_config_defaults(&cfg);
	if (o->pg != NULL) {
		/* PostgreSQL: the database tlog_NAME of the server --pg names (made beforehand) */
		snprintf(conninfo, sizeof(conninfo), "%s dbname=tlog_%s", o->pg, name);
		cfg.backend = "postgresql";
		cfg.pg_conninfo = conninfo;
	} else {
		snprintf(path, sizeof(path), "%s/%s.db", o->db, name);
		cfg.sqlite_path = path;
	}
	if (cfg.group_commit_queue_cap < o->concurrency)
		cfg.group_commit_queue_cap = o->concurrency;
	if (gx_store_open(&cfg, out, err, sizeof(err)) != GX_STORE_OK) {
		fprintf(stderr, "tlog_bench: %s\n", err);
		return -1;
	}
	return 0;
}

/* --- commit: the log on and off ---------------------------------------------------------- */

struct bench {
	struct gx_store *store;
	_Atomic bool stop;
	_Atomic unsigned long long ok, failed;
};

struct request {
	struct bench *b;
	char subject[16], request_id[40];
	unsigned long long n;
};

static bool write_others;

static enum gx_db_status request_write(struct gx_store_conn *w, void *arg)
{
	struct request *r = arg;
	if (write_others) {
		/* A durable write that reads no register: the log has nothing to add. */
		struct gx_feedback fb = {.at_us = gx_wall_us(), .page = "/procedures", .useful = true, .comment = NULL};
		long long id;
		return gx_store_feedback_append(w, &fb, &id);
	}
	static const char *const sources[] = {"persons", "vehicles"};
	for (int k = 0; k < 2; k++) {
		char rid[48];
		snprintf(rid, sizeof(rid), "%s-%llu-%s", r->request_id, r->n, sources[k]);
		struct gx_access_record rec = {.subject = r->subject, .at_us = gx_wall_us(), .actor_kind = "platform",
					       .actor_id = "guichet", .on_behalf_of = r->subject, .source = sources[k],
					       .attributes_json = "[\"address.street\",\"address.locality\"]",
					       .purpose = "my-data", .legal_basis = "GDPR Art. 15", .request_id = rid};
		enum gx_db_status st = gx_store_access_record_append(w, &rec);
		if (st < 0)
			return st;
	}
	return GX_DB_ONE_RESULT;
}

static void request_done(void *arg, enum gx_db_status result)
{
	struct request *r = arg;
	if (result >= 0)
		atomic_fetch_add_explicit(&r->b->ok, 1, memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&r->b->failed, 1, memory_order_relaxed);
	r->n++;
	if (!atomic_load(&r->b->stop))
		gx_store_durable_submit(r->b->store, request_write, request_done, r);
}

/* This process's CPU time so far, in microseconds (user + system, every thread). */
static double cpu_us(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static double commit_round(const struct opts *o, bool log_on, int round, unsigned long long *failed, double *cpu)
{
	char name[32];
	snprintf(name, sizeof(name), "commit_%s_%d", log_on ? "on" : "off", round);
	struct bench b = {0};
	struct gx_tlog_writer writer;
	if (open_store(o, name, &b.store) != 0)
		return -1;
	if (log_on) {
		gx_tlog_writer_init(&writer);
		gx_tlog_writer_attach(&writer, b.store);
	}
	struct request *reqs = calloc(o->concurrency, sizeof(*reqs));
	for (unsigned i = 0; i < o->concurrency; i++) {
		reqs[i].b = &b;
		/* 10,000 persons: most batches hold several new subjects' first records */
		snprintf(reqs[i].subject, sizeof(reqs[i].subject), "19%011u", (unsigned)(rand() % (getenv("TLOG_BENCH_SUBJECTS") ? (unsigned)atoi(getenv("TLOG_BENCH_SUBJECTS")) : 10000u)));
		snprintf(reqs[i].request_id, sizeof(reqs[i].request_id), "r%d-%u", round, i);
	}
	long long t0 = gx_mono_us();
	double c0 = cpu_us();
	for (unsigned i = 0; i < o->concurrency; i++)
		gx_store_durable_submit(b.store, request_write, request_done, &reqs[i]);
	struct timespec ts = {(time_t)o->seconds, (long)((o->seconds - (time_t)o->seconds) * 1e9)};
	nanosleep(&ts, NULL);
	unsigned long long done = atomic_load(&b.ok);
	long long t1 = gx_mono_us();
	*cpu = (cpu_us() - c0) / (double)(done > 0 ? done : 1);
	atomic_store(&b.stop, true);
	gx_store_durable_drain(b.store);
	*failed = atomic_load(&b.failed);
	gx_store_close(b.store);
	free(reqs);
	return (double)done / ((double)(t1 - t0) / 1e6);
}

static int cmd_commit(const struct opts *o)
{
	double best_off = 0, best_on = 0, cpu_off = 0, cpu_on = 0;
	write_others = o->others;
	for (unsigned r = 0; r < o->rounds; r++) {
		unsigned long long f_off = 0, f_on = 0;
		double c_off = 0, c_on = 0;
		double off = commit_round(o, false, (int)r, &f_off, &c_off);
		double on = commit_round(o, true, (int)r, &f_on, &c_on);
		if (off < 0 || on < 0 || f_off > 0 || f_on > 0) {
			fprintf(stderr, "tlog_bench: a round failed (%llu, %llu failed writes)\n", f_off, f_on);
			return 1;
		}
		printf("  round %u: log off %8.0f req/s (CPU %.1f us/req), log on %8.0f req/s (CPU %.1f us/req)\n", r + 1,
		       off, c_off, on, c_on);
		best_off = off > best_off ? off : best_off;
		best_on = on > best_on ? on : best_on;
		/* the least CPU per request of each mode: the least disturbed round */
		cpu_off = cpu_off == 0 || c_off < cpu_off ? c_off : cpu_off;
		cpu_on = cpu_on == 0 || c_on < cpu_on ? c_on : cpu_on;
	}
	printf("durable writes of %s (%s, C=%u, %.0f s, best of %u): log off %.0f req/s, log on %.0f req/s, ratio %.2f\n",
	       o->others ? "other rows (no access record)" : "two access records each",
	       o->pg != NULL ? "postgresql" : "sqlite", o->concurrency, o->seconds, o->rounds, best_off, best_on,
	       best_on / best_off);
	printf("  CPU per request (this process, all threads): log off %.1f us, log on %.1f us, ratio off/on %.2f\n",
	       cpu_off, cpu_on, cpu_off / cpu_on);
	return 0;
}

/* --- fill: a large tree --------------------------------------------------------------------- */

struct bulk {
	struct gx_tlog_node *nodes;
	size_t n, cap;
};

static void keep(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash)
{
	struct bulk *b = ctx;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1 << 16;
		b->nodes = realloc(b->nodes, b->cap * sizeof(*b->nodes));
		if (b->nodes == NULL)
			abort();
	}
	b->nodes[b->n++] = (struct gx_tlog_node){.level = level, .index = index};
	memcpy(b->nodes[b->n - 1].hash, hash->b, 32);
}

static enum gx_db_status record_write(struct gx_store_conn *w, void *arg)
{
	unsigned long long *i = arg;
	static const char *const sources[] = {"persons", "vehicles", "social_security", "income_tax"};
	extern const char *tlog_bench_subject;
	char rid[48];
	snprintf(rid, sizeof(rid), "bench-%llu-%s", *i, sources[*i % 4]);
	struct gx_access_record rec = {.subject = tlog_bench_subject, .at_us = 1700000000000000LL + (long long)*i * 1000000,
				       .actor_kind = *i % 5 == 0 ? "organisation" : "platform",
				       .actor_id = *i % 5 == 0 ? "mlogement" : "guichet",
				       .actor_role = *i % 5 == 0 ? "handler" : NULL, .on_behalf_of = tlog_bench_subject,
				       .source = sources[*i % 4], .attributes_json = "[\"address.street\",\"address.locality\"]",
				       .purpose = *i % 5 == 0 ? "To check each year who lives in the home." : "my-data",
				       .legal_basis = "GDPR Art. 15", .request_id = rid};
	return gx_store_access_record_append(w, &rec);
}

const char *tlog_bench_subject;
static _Atomic unsigned long long records_done;
static void record_done(void *arg, enum gx_db_status result)
{
	if (result < 0)
		abort();
	atomic_fetch_add(&records_done, 1);
}

static int cmd_fill(const struct opts *o)
{
	if (o->leaves < o->records || o->subject == NULL || o->key == NULL || o->origin == NULL) {
		fprintf(stderr, "tlog_bench fill: --leaves >= --records, --subject, --key and --origin are needed\n");
		return 2;
	}
	struct gx_store *store;
	if (open_store(o, "fill", &store) != 0)
		return 1;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	/* The others' leaves, and every subtree they complete, in chunks of one transaction each. */
	uint64_t bulk_n = o->leaves - o->records;
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	struct bulk b = {0};
	long long t0 = gx_mono_us();
	for (uint64_t at = 0; at < bulk_n;) {
		uint64_t end = at + 200000 < bulk_n ? at + 200000 : bulk_n;
		b.n = 0;
		uint64_t first = at;
		for (; at < end; at++) {
			struct gx_tlog_hash leaf;
			randombytes_buf(leaf.b, sizeof(leaf.b));
			gx_tlog_frontier_append(&f, &leaf, keep, &b);
		}
		if (gx_store_tx_begin(conn, true) < 0 ||
		    gx_store_tlog_append(conn, first, NULL, end - first, b.nodes, b.n) < 0 ||
		    gx_store_tx_commit(conn) < 0) {
			fprintf(stderr, "tlog_bench fill: the bulk write failed at %llu\n", (unsigned long long)first);
			return 1;
		}
		fprintf(stderr, "\r  %llu leaves", (unsigned long long)end);
	}
	fprintf(stderr, "\n  bulk: %.1f s\n", (double)(gx_mono_us() - t0) / 1e6);
	free(b.nodes);
	/* The person's records through the real writer. */
	struct gx_tlog_writer writer;
	gx_tlog_writer_init(&writer);
	gx_tlog_writer_attach(&writer, store);
	tlog_bench_subject = o->subject;
	unsigned long long *ids = calloc(o->records, sizeof(*ids));
	for (unsigned long long i = 0; i < o->records; i++) {
		ids[i] = i;
		while (gx_store_durable_submit(store, record_write, record_done, &ids[i]) != GX_STORE_OK)
			gx_store_durable_drain(store);
	}
	gx_store_durable_drain(store);
	free(ids);
	/* A signed checkpoint of it all. */
	struct gx_transparency t;
	struct gx_transparency_files tf = {.key_file = o->key, .origin = o->origin, .witnesses = "", .quorum = 1,
					   .interval_ms = 1000, .create = true};
	char err[300];
	uint64_t size = 0;
	if (gx_transparency_load(&t, &tf, err, sizeof(err)) != 0 ||
	    gx_checkpoint_sign_round(conn, &t, gx_wall_us(), &size, err, sizeof(err)) != 1) {
		fprintf(stderr, "tlog_bench fill: %s\n", err);
		return 1;
	}
	printf("filled: %llu leaves, %llu records of the subject, checkpoint of size %llu\n",
	       (unsigned long long)o->leaves, (unsigned long long)o->records, (unsigned long long)size);
	gx_transparency_free(&t);
	gx_store_conn_close(conn);
	gx_store_close(store);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {.db = "/var/tmp", .seconds = 5, .concurrency = 64, .rounds = 2};
	if (argc < 2 || sodium_init() < 0)
		goto usage;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL)
			goto usage;
		i++;
		if (strcmp(a, "--db") == 0)
			o.db = v;
		else if (strcmp(a, "--pg") == 0)
			o.pg = v;
		else if (strcmp(a, "--seconds") == 0)
			o.seconds = atof(v);
		else if (strcmp(a, "--concurrency") == 0)
			o.concurrency = (unsigned)atoi(v);
		else if (strcmp(a, "--rounds") == 0)
			o.rounds = (unsigned)atoi(v);
		else if (strcmp(a, "--leaves") == 0)
			o.leaves = strtoull(v, NULL, 10);
		else if (strcmp(a, "--records") == 0)
			o.records = strtoull(v, NULL, 10);
		else if (strcmp(a, "--subject") == 0)
			o.subject = v;
		else if (strcmp(a, "--key") == 0)
			o.key = v;
		else if (strcmp(a, "--origin") == 0)
			o.origin = v;
		else if (strcmp(a, "--writes") == 0 && (strcmp(v, "records") == 0 || strcmp(v, "others") == 0))
			o.others = strcmp(v, "others") == 0;
		else
			goto usage;
	}
	if (strcmp(argv[1], "commit") == 0 && o.concurrency > 0 && o.rounds > 0)
		return cmd_commit(&o);
	if (strcmp(argv[1], "fill") == 0)
		return cmd_fill(&o);
usage:
	fprintf(stderr, "usage: tlog_bench commit [--db DIR | --pg CONNINFO] [--seconds S] [--concurrency C] [--rounds R]"
			" [--writes records|others]\n"
			"       tlog_bench fill [--db DIR | --pg CONNINFO] --leaves N --subject NID --records K --key FILE"
			" --origin NAME\n");
	return 2;
}
