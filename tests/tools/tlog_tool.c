/* tlog_tool: TEST-ONLY. Makes deterministic trees, signed checkpoints,
 * proofs and proof bundles with the translog library, for the witness
 * integration test (tests/integration/witness.test.mjs, which serves them as
 * a fake log) and for the fuzz seeds. Built as build/<mode>/tests/translog/
 * tlog_tool by src/translog/module.mk; never installed, never part of a
 * program.
 *
 * The tree of size N has leaf i = leaf hash of "leaf i"; with --fork F,
 * leaves from F on are "fork leaf i" instead: a log that agrees with the
 * first up to F - 1 and then rewrites history. */

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/bundle.h"
#include "translog/checkpoint.h"
#include "translog/entry.h"
#include "translog/keys.h"
#include "translog/memtree.h"
#include "translog/note.h"
#include "translog/proof.h"
#include "translog/proof_json.h"
#include "util/buf.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: tlog_tool keygen NAME [--cosigner]       signer key, then verifier key\n"
		"       tlog_tool vkey SKEY                       the verifier key of a signer key\n"
		"       tlog_tool checkpoint --skey SKEY --size N [--fork F] [--cosign SKEY@TIME]...\n"
		"       tlog_tool consistency --from M --to N [--fork F]   {\"proof\": [...]}\n"
		"       tlog_tool inclusion --index I --size N [--fork F]  {\"proof\": [...]}\n"
		"       tlog_tool bundle --skey SKEY --size N --at I[,I...] [--cosign SKEY@TIME]...\n"
		"(test-only: deterministic trees for tests and fuzz seeds)\n");
	exit(2);
}

struct opts {
	const char *skey;
	uint64_t size, from, to, index, fork;
	const char *cosign[8];
	int ncosign;
	const char *at;
};

static uint64_t number(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		usage();
	return (uint64_t)v;
}

static void parse(int argc, char **argv, int from, struct opts *o)
{
	o->fork = UINT64_MAX;
	for (int i = from; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		const char *k = argv[i], *v = argv[++i];
		if (strcmp(k, "--skey") == 0)
			o->skey = v;
		else if (strcmp(k, "--size") == 0 || strcmp(k, "--to") == 0)
			o->size = o->to = number(v);
		else if (strcmp(k, "--from") == 0)
			o->from = number(v);
		else if (strcmp(k, "--index") == 0)
			o->index = number(v);
		else if (strcmp(k, "--fork") == 0)
			o->fork = number(v);
		else if (strcmp(k, "--at") == 0)
			o->at = v;
		else if (strcmp(k, "--cosign") == 0 && o->ncosign < 8)
			o->cosign[o->ncosign++] = v;
		else
			usage();
	}
}

static void leaf_of(uint64_t i, uint64_t fork, struct gx_tlog_hash *out)
{
	char entry[64];
	int n = snprintf(entry, sizeof(entry), "%sleaf %" PRIu64, i >= fork ? "fork " : "", i);
	gx_tlog_leaf_hash(entry, (size_t)n, out);
}

/* The tree of n leaves; with records, the leaves at the given indices are
 * those records' leaves under salt instead. */
static struct gx_tlog_memtree *tree(uint64_t n, uint64_t fork, const uint64_t *at, json_t *const *records,
				    size_t nrec, const unsigned char *salt)
{
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	char err[200];
	for (uint64_t i = 0; t != NULL && i < n; i++) {
		struct gx_tlog_hash h;
		leaf_of(i, fork, &h);
		for (size_t r = 0; r < nrec; r++) {
			if (at[r] == i && gx_tlog_record_leaf(salt, records[r], &h, err, sizeof(err)) != 0) {
				fprintf(stderr, "tlog_tool: %s\n", err);
				exit(1);
			}
		}
		if (gx_tlog_memtree_append(t, &h) != 0)
			exit(1);
	}
	return t;
}

static void signer_of(const char *text, struct gx_note_signer *s)
{
	char err[200];
	if (gx_note_signer_parse(text, strlen(text), s, err, sizeof(err)) != 0) {
		fprintf(stderr, "tlog_tool: signer key: %s\n", err);
		exit(2);
	}
}

/* The signed checkpoint of t by skey, cosigned by each "SKEY@TIME". */
static char *checkpoint_note(struct gx_tlog_memtree *t, const struct opts *o)
{
	struct gx_note_signer log, w;
	signer_of(o->skey, &log);
	struct gx_checkpoint c = {.size = gx_tlog_memtree_size(t)};
	snprintf(c.origin, sizeof(c.origin), "%s", log.pub.name);
	gx_tlog_memtree_root(t, &c.root);
	char text[GX_CHECKPOINT_TEXT_MAX], line[600];
	long tl = gx_checkpoint_format(&c, text, sizeof(text));
	struct gx_buf note = GX_BUF_INIT;
	gx_buf_append(&note, text, (size_t)tl);
	gx_buf_append_char(&note, '\n');
	if (tl < 0 || gx_note_sign_line(&log, 0, text, (size_t)tl, line, sizeof(line)) < 0)
		exit(1);
	gx_buf_append_str(&note, line);
	for (int i = 0; i < o->ncosign; i++) {
		char key[GX_NOTE_KEY_TEXT_MAX];
		const char *atsign = strrchr(o->cosign[i], '@');
		if (atsign == NULL || (size_t)(atsign - o->cosign[i]) >= sizeof(key))
			usage();
		memcpy(key, o->cosign[i], (size_t)(atsign - o->cosign[i]));
		key[atsign - o->cosign[i]] = '\0';
		signer_of(key, &w);
		if (gx_note_sign_line(&w, number(atsign + 1), text, (size_t)tl, line, sizeof(line)) < 0)
			exit(1);
		gx_buf_append_str(&note, line);
		gx_note_signer_wipe(&w);
	}
	gx_note_signer_wipe(&log);
	char *s = strdup(gx_buf_cstr(&note));
	gx_buf_free(&note);
	return s;
}

static void print_proof(const struct gx_tlog_proof *p)
{
	struct gx_buf b = GX_BUF_INIT;
	if (gx_tlog_proof_json_write(p, &b) != 0)
		exit(1);
	printf("%s\n", gx_buf_cstr(&b));
	gx_buf_free(&b);
}

static int cmd_keygen(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--cosigner") != 0))
		usage();
	struct gx_note_signer s;
	char err[200], text[GX_NOTE_KEY_TEXT_MAX];
	unsigned char type = argc == 4 ? GX_NOTE_KEY_COSIGNATURE_V1 : GX_NOTE_KEY_ED25519;
	if (gx_note_signer_generate(argv[2], type, &s, err, sizeof(err)) != 0) {
		fprintf(stderr, "tlog_tool: %s\n", err);
		return 2;
	}
	gx_note_signer_format(&s, text, sizeof(text));
	printf("%s\n", text);
	gx_note_verifier_format(&s.pub, text, sizeof(text));
	printf("%s\n", text);
	gx_note_signer_wipe(&s);
	return 0;
}

static int cmd_bundle(const struct opts *o)
{
	/* the person's records: a fixed sample at each index of --at */
	uint64_t at[16];
	json_t *records[16];
	size_t n = 0;
	for (const char *p = o->at; p != NULL && *p != '\0' && n < 16;) {
		char *end;
		at[n] = strtoull(p, &end, 10);
		records[n] = json_pack("{s:s, s:I, s:s, s:[s,s], s:s}", "who", n % 2 ? "organisation:ccss" : "platform",
				       "at", (json_int_t)(1750000000 + at[n]), "register", "persons", "attributes",
				       "name", "address", "purpose", "procedure:housing-allowance");
		n++;
		p = *end == ',' ? end + 1 : end;
	}
	unsigned char salt[GX_TLOG_SALT_LEN];
	for (int i = 0; i < GX_TLOG_SALT_LEN; i++)
		salt[i] = (unsigned char)(0xa0 + i);
	struct gx_tlog_memtree *t = tree(o->size, o->fork, at, records, n, salt);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	struct gx_tlog_proof proofs[16];
	struct gx_bundle_item items[16];
	for (size_t i = 0; i < n; i++) {
		if (gx_tlog_inclusion_prove(&h, at[i], o->size, &proofs[i]) != 0)
			usage();
		items[i] = (struct gx_bundle_item){at[i], records[i], &proofs[i]};
	}
	char *note = checkpoint_note(t, o);
	char *json = gx_bundle_write(note, salt, items, n);
	printf("%s\n", json);
	free(json);
	free(note);
	for (size_t i = 0; i < n; i++)
		json_decref(records[i]);
	gx_tlog_memtree_free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "keygen") == 0)
		return cmd_keygen(argc, argv);
	if (strcmp(cmd, "vkey") == 0) {
		if (argc != 3)
			usage();
		struct gx_note_signer s;
		char text[GX_NOTE_KEY_TEXT_MAX];
		signer_of(argv[2], &s);
		gx_note_verifier_format(&s.pub, text, sizeof(text));
		printf("%s\n", text);
		gx_note_signer_wipe(&s);
		return 0;
	}
	struct opts o = {0};
	parse(argc, argv, 2, &o);
	if (strcmp(cmd, "bundle") == 0) {
		if (o.skey == NULL)
			usage();
		return cmd_bundle(&o);
	}
	struct gx_tlog_proof p;
	if (strcmp(cmd, "checkpoint") == 0) {
		if (o.skey == NULL)
			usage();
		struct gx_tlog_memtree *t = tree(o.size, o.fork, NULL, NULL, 0, NULL);
		char *note = checkpoint_note(t, &o);
		fputs(note, stdout);
		free(note);
		gx_tlog_memtree_free(t);
		return 0;
	}
	if (strcmp(cmd, "consistency") == 0 || strcmp(cmd, "inclusion") == 0) {
		struct gx_tlog_memtree *t = tree(o.to, o.fork, NULL, NULL, 0, NULL);
		struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
		int rc = cmd[0] == 'c' ? gx_tlog_consistency_prove(&h, o.from, o.to, &p)
				       : gx_tlog_inclusion_prove(&h, o.index, o.size, &p);
		gx_tlog_memtree_free(t);
		if (rc != 0) {
			fprintf(stderr, "tlog_tool: no such proof\n");
			return 1;
		}
		print_proof(&p);
		return 0;
	}
	usage();
	return 2;
}
