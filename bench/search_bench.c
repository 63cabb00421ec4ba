/* The search's own cost, without HTTP: loads a procedures folder (bench/
 * generate_procedures.mjs), indexes it into a fresh store (SQLite, or
 * PostgreSQL with GUICHET_STORE_BACKEND and its conninfo), then runs each
 * query of a fixed list many times and prints the p50, p99 and max of one
 * search (plan, typos, store query) in microseconds, over all and per
 * query: the time it took (wall) and the CPU time the thread spent on it,
 * which the other work of a busy machine does not change (a search
 * descheduled for a time slice shows in the first, not in the second).
 * Usage: search_bench PROCEDURES_DIR DB_PATH [ROUNDS=200] */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "core/search.h"
#include "store/store.h"

static long long clock_ns(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static const char *const queries[][2] = {
		{"fr", "residence"}, {"fr", "résidence"}, {"fr", "certificat de residence"}, {"fr", "certifcat"},
		{"fr", "allocations familiales"}, {"fr", "permis de conduire"}, {"de", "Fuhrerschein"},
		{"de", "Führerschein verlängern"}, {"de", "Kindergeld"}, {"de", "Hnud"}, {"en", "Kannergeld"},
		{"en", "moving home"}, {"en", "dgo"}, {"en", "chlid benefit"}, {"en", "identity"}, {"en", "tax class"},
	};
	size_t nq = sizeof(queries) / sizeof(queries[0]);
	if (argc < 3) {
		fprintf(stderr, "usage: search_bench PROCEDURES_DIR DB_PATH [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 3 ? atoi(argv[3]) : 200;
	char err[512];
	struct gx_procedure_catalog *cat;
	if (gx_procedure_catalog_load(argv[1], "registers", &cat, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct gx_search_vocab *vocab = gx_search_vocab_build(cat);
	struct gx_config c;
	struct gx_config_error cerr;
	gx_config_defaults(&c);
	if (gx_config_apply_env(&c, &cerr) != 0) {
		fprintf(stderr, "bad settings in the environment\n");
		return 2;
	}
	snprintf(c.sqlite_path, sizeof(c.sqlite_path), "%s", argv[2]);
	struct gx_store_config sc;
	gx_store_config_from(&sc, &c, GX_STORE_SCHEMA_PLATFORM);
	struct gx_store *store;
	if (gx_store_open(&sc, &store, err, sizeof(err)) != GX_STORE_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct gx_store_conn *conn = gx_store_conn_open(store);
	bool changed;
	long long t0 = now_ns();
	if (gx_search_index(conn, cat, 1, &changed) < 0) {
		fprintf(stderr, "index failed\n");
		return 1;
	}
	printf("%zu procedures, %zu words; indexed in %.1f ms\n", gx_procedure_catalog_count(cat),
	       gx_search_vocab_size(vocab), (now_ns() - t0) / 1e6);
	long long *t = calloc((size_t)rounds * nq, sizeof(*t));
	long long *cpu = calloc((size_t)rounds * nq, sizeof(*cpu));
	static struct gx_search_result r;
	size_t k = 0;
	long found = 0;
	for (int i = 0; i < rounds; i++)
		for (size_t q = 0; q < nq; q++) {
			long long s = now_ns(), s_cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
			if (gx_search_procedures(conn, vocab, queries[q][1], queries[q][0], &r) != 0) {
				fprintf(stderr, "search failed\n");
				return 1;
			}
			t[q * (size_t)rounds + (size_t)i] = now_ns() - s;
			cpu[q * (size_t)rounds + (size_t)i] = clock_ns(CLOCK_THREAD_CPUTIME_ID) - s_cpu;
			k++;
			found += r.total;
		}
	long long sum = 0;
	for (size_t i = 0; i < k; i++)
		sum += t[i];
	for (size_t q = 0; q < nq; q++) {
		long long *u = t + q * (size_t)rounds, *v = cpu + q * (size_t)rounds;
		qsort(u, (size_t)rounds, sizeof(*u), by_value);
		qsort(v, (size_t)rounds, sizeof(*v), by_value);
		printf("  %s %-26s wall p50 %6lld us p99 %6lld us   CPU p50 %6lld us p99 %6lld us\n", queries[q][0],
		       queries[q][1], u[rounds / 2] / 1000, u[rounds * 99 / 100] / 1000, v[rounds / 2] / 1000,
		       v[rounds * 99 / 100] / 1000);
	}
	qsort(t, k, sizeof(*t), by_value);
	qsort(cpu, k, sizeof(*cpu), by_value);
	printf("%zu searches (%.1f found on average): mean %lld us, p50 %lld us, p99 %lld us, max %lld us\n", k,
	       (double)found / k, sum / (long long)k / 1000, t[k / 2] / 1000, t[k * 99 / 100] / 1000, t[k - 1] / 1000);
	printf("CPU per search: p50 %lld us, p99 %lld us, max %lld us\n", cpu[k / 2] / 1000, cpu[k * 99 / 100] / 1000,
	       cpu[k - 1] / 1000);
	free(cpu);
	free(t);
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_search_vocab_free(vocab);
	gx_procedure_catalog_free(cat);
	return 0;
}
