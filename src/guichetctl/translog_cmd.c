/* guichetctl translog: the transparency log's operator and verifier tools
 * (docs/transparency.md).
 *
 *   translog verify [--config FILE] [--key LOGKEY] [--witness KEY ...]
 *       recomputes the whole tree from the store and checks every leaf,
 *       record, subtree and checkpoint; names the first bad leaf or
 *       checkpoint. The keys default to the configuration's.
 *   translog check-proof BUNDLE.json --key LOGKEY [--witness KEY ...] [--quorum N]
 *       checks a person's proof bundle offline: no store, no configuration,
 *       only the public keys.
 *   translog key [--config FILE]
 *       prints the log's verifier key (making the signing key when missing,
 *       as guichetd's first start does), for witnesses and checkers.
 *   translog erase SUBJECT [--config FILE]
 *       erases a person's access records and salt (retention, or by law);
 *       the tree keeps their leaves and everyone else's proofs stay valid.
 *
 * Exit 0 when everything holds, 1 when something does not (or cannot be
 * read), 2 on a usage error. Never prints a record or a salt. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/transparency.h"
#include "core/translog_verify.h"
#include "guichetctl/commands.h"
#include "guichetctl/store_open.h"
#include "store/translog.h"
#include "translog/b64.h"
#include "translog/bundle.h"

#define MAX_WITNESSES GX_TRANSPARENCY_WITNESSES_MAX

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl translog verify [--config FILE] [--key LOGKEY] [--witness KEY ...]\n"
			"       guichetctl translog check-proof BUNDLE.json --key LOGKEY [--witness KEY ...] [--quorum N]\n"
			"       guichetctl translog key [--config FILE]\n"
			"       guichetctl translog erase SUBJECT [--config FILE]\n");
	return 2;
}

struct options {
	const char *config_file;
	const char *key;
	const char *witnesses[MAX_WITNESSES];
	size_t nwitnesses;
	const char *quorum;
	const char *positional;
};

static int parse(int argc, char **argv, int from, struct options *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = from; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		if (strcmp(a, "--config") == 0 && has_value)
			o->config_file = argv[++i];
		else if (strcmp(a, "--key") == 0 && has_value)
			o->key = argv[++i];
		else if (strcmp(a, "--quorum") == 0 && has_value)
			o->quorum = argv[++i];
		else if (strcmp(a, "--witness") == 0 && has_value) {
			if (o->nwitnesses == MAX_WITNESSES) {
				fprintf(stderr, "guichetctl translog: at most %d witness keys\n", MAX_WITNESSES);
				return -1;
			}
			o->witnesses[o->nwitnesses++] = argv[++i];
		} else if (a[0] != '-' && o->positional == NULL)
			o->positional = a;
		else
			return -1;
	}
	return 0;
}

static int load_config(const char *file, struct gx_config *c)
{
	struct gx_config_error cerr;
	gx_config_defaults(c);
	if ((file != NULL && gx_config_load_file(c, file, &cerr) != 0) || gx_config_apply_env(c, &cerr) != 0 ||
	    gx_config_validate(c, &cerr) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s: %s\n", cerr.where, cerr.message);
		return -1;
	}
	return 0;
}

static int load_transparency(const struct gx_config *c, bool create, struct gx_transparency *t)
{
	struct gx_transparency_files f = {.key_file = c->translog_key_file, .origin = c->translog_origin,
					  .witnesses = c->translog_witnesses, .quorum = c->translog_witness_quorum,
					  .interval_ms = c->translog_checkpoint_interval_ms, .create = create};
	char err[300];
	if (gx_transparency_load(t, &f, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichetctl translog: %s\n", err);
		return -1;
	}
	return 0;
}

/* Keys given on the command line: the log's (Ed25519) and the witnesses'. */
static int parse_keys(const struct options *o, struct gx_note_verifier *log_key, struct gx_note_verifier *witnesses)
{
	char why[160];
	if (gx_note_verifier_parse(o->key, strlen(o->key), log_key, why, sizeof(why)) != 0 ||
	    log_key->type != GX_NOTE_KEY_ED25519) {
		fprintf(stderr, "guichetctl translog: --key: %s\n",
			log_key->type != GX_NOTE_KEY_ED25519 ? "not the log's Ed25519 (type 0x01) key" : why);
		return -1;
	}
	for (size_t i = 0; i < o->nwitnesses; i++) {
		if (gx_transparency_parse_witnesses(o->witnesses[i], &witnesses[i], 1, why, sizeof(why)) != 1) {
			fprintf(stderr, "guichetctl translog: --witness %zu: %s\n", i + 1, why);
			return -1;
		}
	}
	return 0;
}

static int cmd_verify(const struct options *o)
{
	struct gx_config c;
	struct gx_transparency t;
	if (load_config(o->config_file, &c) != 0)
		return 1;
	if (o->key != NULL) {
		memset(&t, 0, sizeof(t));
		if (parse_keys(o, &t.log_key, t.witnesses) != 0)
			return 2;
		t.nwitnesses = o->nwitnesses;
		t.quorum = o->nwitnesses > 0 ? 1 : 0;
		t.loaded = true;
	} else if (load_transparency(&c, false, &t) != 0) {
		return 1;
	}
	struct gx_store *store;
	if (gx_ctl_store_open(o->config_file, &c, &store) != 0) {
		gx_transparency_free(&t);
		return 1;
	}
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct gx_tlog_verify_report rep;
	int rc = conn != NULL ? gx_tlog_verify(conn, &t, &rep) : -1;
	if (conn == NULL)
		snprintf(rep.reason, sizeof(rep.reason), "no store connection");
	if (rc == 0) {
		char root[48];
		gx_tlog_b64_encode(rep.root.b, sizeof(rep.root.b), root, sizeof(root));
		printf("translog verify: ok: %llu leaves (%llu with their record, %llu erased), %llu checkpoints, root %s\n",
		       (unsigned long long)rep.leaves, (unsigned long long)rep.records,
		       (unsigned long long)(rep.leaves - rep.records), (unsigned long long)rep.checkpoints, root);
	} else if (rc == 1) {
		if (rep.bad_checkpoint >= 0)
			printf("translog verify: FAILED at checkpoint %lld (first bad leaf %lld): %s\n", rep.bad_checkpoint,
			       rep.bad_index, rep.reason);
		else
			printf("translog verify: FAILED at leaf %lld: %s\n", rep.bad_index, rep.reason);
	} else {
		fprintf(stderr, "translog verify: %s\n", rep.reason);
	}
	if (conn != NULL)
		gx_store_conn_close(conn);
	gx_store_close(store);
	gx_transparency_free(&t);
	return rc == 0 ? 0 : 1;
}

static char *read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "guichetctl translog: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(max + 1);
	size_t n = buf != NULL ? fread(buf, 1, max + 1, f) : 0;
	fclose(f);
	if (buf == NULL || n > max) {
		fprintf(stderr, "guichetctl translog: %s: larger than %zu bytes\n", path, max);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int cmd_check_proof(const struct options *o)
{
	if (o->positional == NULL || o->key == NULL)
		return usage();
	struct gx_note_verifier log_key, witnesses[MAX_WITNESSES];
	if (parse_keys(o, &log_key, witnesses) != 0)
		return 2;
	size_t quorum = o->nwitnesses;
	if (o->quorum != NULL) {
		char *end;
		unsigned long q = strtoul(o->quorum, &end, 10);
		if (*end != '\0' || q > o->nwitnesses) {
			fprintf(stderr, "guichetctl translog: --quorum: a number from 0 to the witness keys given (%zu)\n",
				o->nwitnesses);
			return 2;
		}
		quorum = q;
	}
	size_t len;
	char *text = read_file(o->positional, GX_BUNDLE_MAX_LEN, &len);
	if (text == NULL)
		return 1;
	char err[300];
	struct gx_bundle *b = gx_bundle_parse(text, len, err, sizeof(err));
	free(text);
	if (b == NULL) {
		printf("check-proof: FAILED: %s\n", err);
		return 1;
	}
	struct gx_bundle_policy policy = {&log_key, witnesses, o->nwitnesses, quorum};
	struct gx_bundle_result res;
	int rc = gx_bundle_verify(b, &policy, &res, err, sizeof(err));
	if (rc == 0)
		printf("check-proof: ok: %zu records in the checkpoint of size %llu of %s, cosigned by %zu of %zu "
		       "witnesses (quorum %zu)\n",
		       b->entry_count, (unsigned long long)res.checkpoint.size, res.checkpoint.origin, res.cosigned,
		       o->nwitnesses, quorum);
	else
		printf("check-proof: FAILED: %s\n", err);
	gx_bundle_free(b);
	return rc == 0 ? 0 : 1;
}

static int cmd_key(const struct options *o)
{
	struct gx_config c;
	struct gx_transparency t;
	if (load_config(o->config_file, &c) != 0 || load_transparency(&c, true, &t) != 0)
		return 1;
	printf("%s\n", t.log_key_text);
	gx_transparency_free(&t);
	return 0;
}

struct erasure {
	const char *subject;
	long long n;
};

static enum gx_db_status erase(struct gx_store_conn *conn, void *arg)
{
	struct erasure *e = arg;
	return gx_store_access_records_erase(conn, e->subject, &e->n);
}

static int cmd_erase(const struct options *o)
{
	if (o->positional == NULL)
		return usage();
	struct gx_config c;
	struct gx_store *store;
	if (gx_ctl_store_open(o->config_file, &c, &store) != 0)
		return 1;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct erasure e = {o->positional, 0};
	enum gx_db_status st = conn != NULL ? gx_store_run_tx(conn, true, erase, &e) : GX_DB_HARD_ERROR;
	if (st < 0)
		fprintf(stderr, "translog erase: the store failed\n");
	else
		printf("translog erase: %lld access records erased; the log keeps their leaves\n", e.n);
	if (conn != NULL)
		gx_store_conn_close(conn);
	gx_store_close(store);
	return st < 0 ? 1 : 0;
}

int gx_ctl_translog(int argc, char **argv)
{
	struct options o;
	if (argc < 2 || parse(argc, argv, 2, &o) != 0)
		return usage();
	if (strcmp(argv[1], "verify") == 0 && o.positional == NULL)
		return cmd_verify(&o);
	if (strcmp(argv[1], "check-proof") == 0)
		return cmd_check_proof(&o);
	if (strcmp(argv[1], "key") == 0 && o.positional == NULL)
		return cmd_key(&o);
	if (strcmp(argv[1], "erase") == 0)
		return cmd_erase(&o);
	return usage();
}
