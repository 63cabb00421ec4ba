#ifndef GX_STORE_TESTUTIL_H
#define GX_STORE_TESTUTIL_H

/** Test helpers shared by the store's unit tests: a fresh database in a temporary directory. */

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct gx_test_db {
	char dir[64];
	char path[96];
};

static inline void gx_test_db_make(struct gx_test_db *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/gx_store_test_XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	snprintf(t->path, sizeof(t->path), "%s/guichet.db", t->dir);
}

static inline void gx_test_db_remove(struct gx_test_db *t)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, suffixes[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static inline void gx_test_config(struct gx_store_config *cfg, const struct gx_test_db *t)
{
	gx_store_config_defaults(cfg);
	cfg->sqlite_path = t->path;
}

static inline struct gx_access_record gx_test_record(const char *subject)
{
	struct gx_access_record r = {
		.subject = subject,
		.at_us = 1700000000000000LL,
		.actor_kind = "platform",
		.actor_id = "guichet",
		.on_behalf_of = subject,
		.source = "persons",
		.attributes_json = "[\"address.street\",\"address.city\"]",
		.purpose = "procedure:test",
		.legal_basis = NULL,
		.request_id = "req-test",
	};
	return r;
}

#endif
