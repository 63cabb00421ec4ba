/* A person's proof bundle, end to end: canonical JSON (RFC 8785's examples),
 * the salted entry, a bundle written from a real tree and checkpoint, then
 * verified offline with the log's and witnesses' keys; every tampering and
 * every malformed bundle refused with a reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/bundle.h"
#include "translog/canonical.h"
#include "translog/checkpoint.h"
#include "translog/entry.h"
#include "translog/memtree.h"
#include "translog/note.h"
#include "translog/proof.h"

static char err[300];

static char *canon_of(const char *json)
{
	json_error_t je;
	json_t *v = json_loads(json, JSON_ALLOW_NUL, &je);
	assert_non_null(v);
	struct gx_buf b = GX_BUF_INIT;
	int rc = gx_tlog_canonical_json(v, &b, err, sizeof(err));
	json_decref(v);
	if (rc != 0) {
		gx_buf_free(&b);
		return NULL;
	}
	char *s = strdup(gx_buf_cstr(&b));
	gx_buf_free(&b);
	return s;
}

static void assert_canon(const char *json, const char *want)
{
	char *got = canon_of(json);
	if (got == NULL)
		fail_msg("refused %s: %s", json, err);
	assert_string_equal(got, want);
	free(got);
}

static void assert_canon_refused(const char *json, const char *reason)
{
	char *got = canon_of(json);
	if (got != NULL)
		fail_msg("accepted %s as %s", json, got);
	if (strstr(err, reason) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", reason, err);
}

static void test_canonical_json(void **state)
{
	/* RFC 8785 §3.2.3: names sorted by UTF-16 code units (the emoji's high
	 * surrogate sorts before U+FB33 although its code point is larger). */
	assert_canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With "
		     "Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
		     "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
		     "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin Small Letter "
		     "O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
		     "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* strings: the short escapes, \u00xx in lower case, the rest as UTF-8 */
	assert_canon("[\"\\u0008\\t\\n\\u000c\\r\\u001f\\u0001\\\"\\\\\\/\\u007f\\u00e9\\u2028\"]",
		     "[\"\\b\\t\\n\\f\\r\\u001f\\u0001\\\"\\\\/\x7f\xc3\xa9\xe2\x80\xa8\"]");
	assert_canon(" { \"b\" : [ 1 , -2 , 0 , true , false , null , { } , [ ] ] , \"a\" : \"\" } ",
		     "{\"a\":\"\",\"b\":[1,-2,0,true,false,null,{},[]]}");
	assert_canon("{\"n\":9007199254740991,\"m\":-9007199254740991,\"z\":-0}",
		     "{\"m\":-9007199254740991,\"n\":9007199254740991,\"z\":0}");
	assert_canon_refused("{\"a\":[1,2.5]}", "/a/1: a number that is not an integer");
	assert_canon_refused("{\"a\":1e3}", "not an integer");
	assert_canon_refused("{\"a\":9007199254740992}", "beyond 2^53");
	assert_canon_refused("{\"a/b\":{\"c~\":\"x\\u0000y\"}}", "/a~1b/c~0: a NUL character");
	char deep[200] = "";
	for (int i = 0; i < 33; i++)
		strcat(deep, "[");
	strcat(deep, "1");
	for (int i = 0; i < 33; i++)
		strcat(deep, "]");
	assert_canon_refused(deep, "nested too deeply");
	deep[0] = ' '; /* 32 levels are fine */
	deep[strlen(deep) - 1] = ' ';
	char *ok = canon_of(deep);
	assert_non_null(ok);
	free(ok);
}

static void test_entry_definition(void **state)
{
	unsigned char salt[GX_TLOG_SALT_LEN];
	for (int i = 0; i < GX_TLOG_SALT_LEN; i++)
		salt[i] = (unsigned char)i;
	json_t *record = json_loads("{\"who\":\"org-7\",\"at\":1700000000,\"attributes\":[\"name\",\"address\"]}", 0,
				    NULL);
	unsigned char entry[32], want[32];
	assert_int_equal(gx_tlog_record_entry(salt, record, entry, err, sizeof(err)), 0);
	/* entry = SHA-256(salt || canonical JSON), spelled out */
	const char *canon = "{\"at\":1700000000,\"attributes\":[\"name\",\"address\"],\"who\":\"org-7\"}";
	unsigned char in[32 + 100];
	memcpy(in, salt, 32);
	memcpy(in + 32, canon, strlen(canon));
	crypto_hash_sha256(want, in, 32 + strlen(canon));
	assert_memory_equal(entry, want, 32);
	/* leaf = SHA-256(0x00 || entry) */
	struct gx_tlog_hash leaf;
	assert_int_equal(gx_tlog_record_leaf(salt, record, &leaf, err, sizeof(err)), 0);
	unsigned char leaf_in[33] = {0};
	memcpy(leaf_in + 1, entry, 32);
	crypto_hash_sha256(want, leaf_in, 33);
	assert_memory_equal(leaf.b, want, 32);
	/* another salt, another leaf */
	salt[0] ^= 1;
	struct gx_tlog_hash other;
	assert_int_equal(gx_tlog_record_leaf(salt, record, &other, err, sizeof(err)), 0);
	assert_false(gx_tlog_hash_equal(&leaf, &other));
	json_decref(record);
	json_t *arr = json_array();
	assert_int_equal(gx_tlog_record_entry(salt, arr, entry, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));
	json_decref(arr);
}

/* --- a log, a person, a bundle ------------------------------------------ */

static struct gx_note_signer log_key, w1, w2, w3, impostor;
static unsigned char person_salt[GX_TLOG_SALT_LEN];

static int setup_keys(void **state)
{
	if (gx_note_signer_generate("guichet.example.lu/access-log", GX_NOTE_KEY_ED25519, &log_key, err,
				    sizeof(err)) != 0 ||
	    gx_note_signer_generate("guichet.example.lu/access-log", GX_NOTE_KEY_ED25519, &impostor, err,
				    sizeof(err)) != 0 ||
	    gx_note_signer_generate("cnpd.example.lu/witness", GX_NOTE_KEY_COSIGNATURE_V1, &w1, err, sizeof(err)) != 0 ||
	    gx_note_signer_generate("witness.example.org/w2", GX_NOTE_KEY_COSIGNATURE_V1, &w2, err, sizeof(err)) != 0 ||
	    gx_note_signer_generate("witness.example.net/w3", GX_NOTE_KEY_COSIGNATURE_V1, &w3, err, sizeof(err)) != 0)
		return -1;
	randombytes_buf(person_salt, sizeof(person_salt));
	return 0;
}

static int teardown_keys(void **state)
{
	gx_note_signer_wipe(&log_key);
	gx_note_signer_wipe(&impostor);
	gx_note_signer_wipe(&w1);
	gx_note_signer_wipe(&w2);
	gx_note_signer_wipe(&w3);
	return 0;
}

#define TREE 21
static const uint64_t mine[] = {2, 7, 8, 20}; /* the person's records' leaves */
#define MINE (sizeof(mine) / sizeof(mine[0]))

static json_t *record_for(uint64_t i)
{
	return json_pack("{s:s, s:I, s:s, s:[s,s], s:s}", "who", i % 2 ? "organisation:ccss" : "platform", "at",
			 (json_int_t)(1700000000 + i), "register", "persons", "attributes", "name", "address", "purpose",
			 "procedure:housing-allowance");
}

/* A signed checkpoint of the tree, cosigned by the given witnesses. */
static char *signed_checkpoint(struct gx_tlog_memtree *t, const struct gx_note_signer *signer,
			       const struct gx_note_signer *const *witnesses, size_t nw)
{
	struct gx_checkpoint c = {.size = gx_tlog_memtree_size(t)};
	strcpy(c.origin, "guichet.example.lu/access-log");
	gx_tlog_memtree_root(t, &c.root);
	char text[GX_CHECKPOINT_TEXT_MAX], line[300];
	long tl = gx_checkpoint_format(&c, text, sizeof(text));
	assert_true(tl > 0);
	struct gx_buf note = GX_BUF_INIT;
	gx_buf_append(&note, text, (size_t)tl);
	gx_buf_append_char(&note, '\n');
	assert_true(gx_note_sign_line(signer, 0, text, (size_t)tl, line, sizeof(line)) > 0);
	gx_buf_append_str(&note, line);
	for (size_t i = 0; i < nw; i++) {
		assert_true(gx_note_sign_line(witnesses[i], 1750000000 + i, text, (size_t)tl, line, sizeof(line)) > 0);
		gx_buf_append_str(&note, line);
	}
	char *s = strdup(gx_buf_cstr(&note));
	gx_buf_free(&note);
	return s;
}

/* The person's bundle from a tree where the other leaves are other people's. */
static char *make_bundle(const struct gx_note_signer *signer, const struct gx_note_signer *const *witnesses, size_t nw)
{
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	json_t *records[MINE];
	size_t k = 0;
	for (uint64_t i = 0; i < TREE; i++) {
		struct gx_tlog_hash leaf;
		if (k < MINE && mine[k] == i) {
			records[k] = record_for(i);
			assert_int_equal(gx_tlog_record_leaf(person_salt, records[k], &leaf, err, sizeof(err)), 0);
			k++;
		} else {
			char other[32];
			int n = snprintf(other, sizeof(other), "someone else %d", (int)i);
			gx_tlog_leaf_hash(other, (size_t)n, &leaf);
		}
		assert_int_equal(gx_tlog_memtree_append(t, &leaf), 0);
	}
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	struct gx_tlog_proof proofs[MINE];
	struct gx_bundle_item items[MINE];
	for (size_t j = 0; j < MINE; j++) {
		assert_int_equal(gx_tlog_inclusion_prove(&h, mine[j], TREE, &proofs[j]), 0);
		items[j] = (struct gx_bundle_item){mine[j], records[j], &proofs[j]};
	}
	char *cp = signed_checkpoint(t, signer, witnesses, nw);
	char *bundle = gx_bundle_write(cp, person_salt, items, MINE);
	assert_non_null(bundle);
	free(cp);
	for (size_t j = 0; j < MINE; j++)
		json_decref(records[j]);
	gx_tlog_memtree_free(t);
	return bundle;
}

static struct gx_note_verifier witness_keys[3];

static struct gx_bundle_policy policy(size_t quorum)
{
	witness_keys[0] = w1.pub;
	witness_keys[1] = w2.pub;
	witness_keys[2] = w3.pub;
	struct gx_bundle_policy p = {&log_key.pub, witness_keys, 3, quorum};
	return p;
}

/* Parses and verifies; returns verify's result (-2 when parsing failed). */
static int check(const char *json, const struct gx_bundle_policy *p, struct gx_bundle_result *r)
{
	struct gx_bundle *b = gx_bundle_parse(json, strlen(json), err, sizeof(err));
	if (b == NULL)
		return -2;
	int rc = gx_bundle_verify(b, p, r, err, sizeof(err));
	gx_bundle_free(b);
	return rc;
}

static void test_bundle_verifies_offline(void **state)
{
	const struct gx_note_signer *ws[] = {&w1, &w2};
	char *json = make_bundle(&log_key, ws, 2);
	struct gx_bundle_policy p = policy(2);
	struct gx_bundle_result r;
	if (check(json, &p, &r) != 0)
		fail_msg("%s", err);
	assert_int_equal(r.cosigned, 2);
	assert_int_equal(r.checkpoint.size, TREE);
	assert_int_equal(r.failed_entry, MINE);
	/* quorum 3 is not met by two cosignatures */
	p = policy(3);
	assert_int_equal(check(json, &p, &r), -1);
	assert_non_null(strstr(err, "cosigned by 2 of the witnesses, 3 needed"));
	/* unknown witnesses do not count */
	p = policy(1);
	p.witnesses = &witness_keys[2];
	p.witness_count = 1;
	assert_int_equal(check(json, &p, &r), -1);
	assert_non_null(strstr(err, "cosigned by 0"));
	/* a quorum larger than the witnesses is a configuration error */
	p.quorum = 2;
	assert_int_equal(check(json, &p, &r), -1);
	assert_non_null(strstr(err, "can never be met"));
	/* the log's key must be the log's, and a witness key a cosigner's */
	p = policy(0);
	p.log_key = &impostor.pub;
	assert_int_equal(check(json, &p, &r), -1);
	assert_non_null(strstr(err, "not signed by the log"));
	p = policy(0);
	p.log_key = &w1.pub;
	assert_int_equal(check(json, &p, &r), -1);
	p = policy(0);
	witness_keys[1] = log_key.pub;
	assert_int_equal(check(json, &p, &r), -1);
	assert_non_null(strstr(err, "not a cosignature/v1"));
	free(json);

	/* an impostor's checkpoint with the witnesses it fooled still fails on the log's key */
	json = make_bundle(&impostor, ws, 2);
	p = policy(2);
	assert_int_equal(check(json, &p, &r), -1);
	free(json);
}

/* Replaces the first occurrence of from with to in a copy of s. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	assert_non_null(at);
	size_t n = strlen(s) - strlen(from) + strlen(to);
	char *out = malloc(n + 1);
	size_t pre = (size_t)(at - s);
	memcpy(out, s, pre);
	strcpy(out + pre, to);
	strcat(out, at + strlen(from));
	return out;
}

static void assert_tamper_detected(const char *json, const char *from, const char *to, int want_rc,
				   const char *reason)
{
	struct gx_bundle_policy p = policy(2);
	struct gx_bundle_result r;
	char *bad = replace(json, from, to);
	int rc = check(bad, &p, &r);
	if (rc != want_rc)
		fail_msg("replacing %s with %s: rc %d (%s)", from, to, rc, err);
	if (strstr(err, reason) == NULL)
		fail_msg("replacing %s with %s: expected \"%s\" in \"%s\"", from, to, reason, err);
	free(bad);
}

static void test_bundle_tampering_detected(void **state)
{
	const struct gx_note_signer *ws[] = {&w1, &w2};
	char *json = make_bundle(&log_key, ws, 2);
	/* a record changed: its leaf is no longer the logged one */
	assert_tamper_detected(json, "\"at\": 1700000007", "\"at\": 1700000006", -1, "entries/1: the record is not at leaf 7");
	assert_tamper_detected(json, "organisation:ccss", "organisation:none", -1, "entries/1");
	/* a record moved to another leaf */
	assert_tamper_detected(json, "\"leaf_index\": 8", "\"leaf_index\": 9", -1, "entries/2: the record is not at leaf 9");
	assert_tamper_detected(json, "\"leaf_index\": 20", "\"leaf_index\": 21", -1, "leaf 21 is not in a tree of 21");
	/* another person's salt */
	char salt_text[48];
	gx_tlog_b64_encode(person_salt, 32, salt_text, sizeof(salt_text));
	unsigned char other[32];
	memcpy(other, person_salt, 32);
	other[5] ^= 0x20;
	char other_text[48];
	gx_tlog_b64_encode(other, 32, other_text, sizeof(other_text));
	assert_tamper_detected(json, salt_text, other_text, -1, "entries/0: the record is not at leaf 2");
	/* the checkpoint's size or root changed: the log's signature fails */
	assert_tamper_detected(json, "access-log\\n21\\n", "access-log\\n22\\n", -1, "does not verify");
	free(json);

	/* one proof hash changed, one dropped, two proofs swapped */
	json = make_bundle(&log_key, ws, 2);
	struct gx_bundle *b = gx_bundle_parse(json, strlen(json), err, sizeof(err));
	assert_non_null(b);
	struct gx_bundle_policy p = policy(2);
	struct gx_bundle_result r;
	assert_int_equal(gx_bundle_verify(b, &p, &r, err, sizeof(err)), 0);
	b->hashes[3].b[0] ^= 1;
	assert_int_equal(gx_bundle_verify(b, &p, &r, err, sizeof(err)), -1);
	assert_true(r.failed_entry < MINE);
	b->hashes[3].b[0] ^= 1;
	b->entries[2].proof_len--;
	assert_int_equal(gx_bundle_verify(b, &p, &r, err, sizeof(err)), -1);
	assert_int_equal(r.failed_entry, 2);
	b->entries[2].proof_len++;
	struct gx_bundle_entry t = b->entries[0];
	b->entries[0].proof = b->entries[3].proof;
	b->entries[0].proof_len = b->entries[3].proof_len;
	b->entries[3].proof = t.proof;
	b->entries[3].proof_len = t.proof_len;
	assert_int_equal(gx_bundle_verify(b, &p, &r, err, sizeof(err)), -1);
	assert_int_equal(r.failed_entry, 0);
	gx_bundle_free(b);
	free(json);
}

static void assert_parse_refused(const char *json, const char *reason)
{
	struct gx_bundle *b = gx_bundle_parse(json, strlen(json), err, sizeof(err));
	if (b != NULL)
		fail_msg("accepted %s", json);
	if (strstr(err, reason) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", reason, err);
}

static void test_bundle_parse_refusals(void **state)
{
	const struct gx_note_signer *ws[] = {&w1};
	char *json = make_bundle(&log_key, ws, 1);
	struct gx_bundle *b = gx_bundle_parse(json, strlen(json), err, sizeof(err));
	assert_non_null(b);
	assert_int_equal(b->entry_count, MINE);
	gx_bundle_free(b);

	char *bad;
#define REFUSE_REPLACED(from, to, reason)               \
	do {                                            \
		bad = replace(json, from, to);          \
		assert_parse_refused(bad, reason);      \
		free(bad);                              \
	} while (0)
	REFUSE_REPLACED("\"format\": \"guichet-access-proof/v1\"", "\"format\": \"guichet-access-proof/v2\"", "format");
	REFUSE_REPLACED("\"format\"", "\"formats\"", "\"formats\" is unknown");
	REFUSE_REPLACED("\"salt\": \"", "\"salt\": \"A", "salt: not the base64");
	REFUSE_REPLACED("\"leaf_index\": 7", "\"leaf_index\": -7", "entries/1/leaf_index");
	REFUSE_REPLACED("\"leaf_index\": 7", "\"leaf_index\": 7.0", "entries/1/leaf_index");
	REFUSE_REPLACED("\"leaf_index\": 7", "\"leaf_index\": \"7\"", "entries/1/leaf_index");
	REFUSE_REPLACED("\"leaf_index\": 7", "\"leaf_index\": 7, \"leaf_index\": 8", "duplicate");
	REFUSE_REPLACED("\"leaf_index\": 7", "\"index\": 7", "entries/1: the member \"index\"");
	REFUSE_REPLACED("\"at\": 1700000007", "\"at\": 1700000007.5", "entries/1/record: /at: a number that is not an integer");
	REFUSE_REPLACED("\"inclusion_proof\": [", "\"inclusion_proof\": [\"AAAA\", ", "entries/0/inclusion_proof/0");
	REFUSE_REPLACED("\"inclusion_proof\": [", "\"inclusion_proof\": {\"x\": [", "not JSON");
	REFUSE_REPLACED("access-log\\n21\\n", "access-log\\n021\\n", "tree size");
	REFUSE_REPLACED("\\n\\n\xe2\x80\x94 ", "\\n\xe2\x80\x94 ", "no blank line");
	REFUSE_REPLACED("\"entries\": [", "\"entries\": 5, \"x\": [", "\"x\" is unknown");
	free(json);

	assert_parse_refused("", "not JSON");
	assert_parse_refused("[]", "not a JSON object");
	assert_parse_refused("{}", "\"format\" is unknown or missing");
	assert_parse_refused("{\"format\": \"guichet-access-proof/v1\"} trailing", "not JSON");
	/* a proof of 64 hashes is longer than any real one */
	struct gx_buf big = GX_BUF_INIT;
	gx_buf_append_str(&big, "{\"format\":\"guichet-access-proof/v1\",\"checkpoint\":\"o\\n1\\nAAAAAAAAAAAAAAAAAAAAAAAA"
				"AAAAAAAAAAAAAAAAAAA=\\n\\n\\u2014 o AAAAAAAA\\n\",\"salt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
				"\"entries\":[{\"leaf_index\":0,\"record\":{},\"inclusion_proof\":[");
	for (int i = 0; i < 64; i++)
		gx_buf_appendf(&big, "%s\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"", i ? "," : "");
	gx_buf_append_str(&big, "]}]}");
	assert_parse_refused(gx_buf_cstr(&big), "at most 63 hashes");
	gx_buf_free(&big);
	/* the size limit comes before any parsing */
	b = gx_bundle_parse("{", GX_BUNDLE_MAX_LEN + 1, err, sizeof(err));
	assert_null(b);
	assert_non_null(strstr(err, "longer than"));
}

static void test_bundle_without_entries(void **state)
{
	const struct gx_note_signer *ws[] = {&w1, &w3};
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	char *cp = signed_checkpoint(t, &log_key, ws, 2);
	char *json = gx_bundle_write(cp, person_salt, NULL, 0);
	struct gx_bundle_policy p = policy(2);
	struct gx_bundle_result r;
	assert_int_equal(check(json, &p, &r), 0);
	assert_int_equal(r.checkpoint.size, 0);
	free(cp);
	free(json);
	gx_tlog_memtree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_json),
		cmocka_unit_test(test_entry_definition),
		cmocka_unit_test(test_bundle_verifies_offline),
		cmocka_unit_test(test_bundle_tampering_detected),
		cmocka_unit_test(test_bundle_parse_refusals),
		cmocka_unit_test(test_bundle_without_entries),
	};
	return cmocka_run_group_tests(tests, setup_keys, teardown_keys);
}
