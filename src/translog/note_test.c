/* Signed notes, their keys, checkpoints and cosignatures: Go's note package
 * example (its keys, and the signature it makes, byte for byte), strict
 * parsing with a reason for each refusal, and verification with the right
 * key, a wrong one and a forged one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/b64.h"
#include "translog/checkpoint.h"
#include "translog/cosignature.h"
#include "translog/keys.h"
#include "translog/note.h"

/* From the documentation of golang.org/x/mod/sumdb/note. */
static const char go_skey[] = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char go_vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
			      "then you don't know what your problem is.\n";
static const char go_sig_line[] = "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p"
				  "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

static struct gx_note note; /* 16 KiB: not on the stack */
static struct gx_note note2;
static char err[256];

static void test_go_keys_round_trip(void **state)
{
	struct gx_note_signer s;
	struct gx_note_verifier v;
	char text[GX_NOTE_KEY_TEXT_MAX];
	assert_int_equal(gx_note_signer_parse(go_skey, strlen(go_skey), &s, err, sizeof(err)), 0);
	assert_int_equal(gx_note_verifier_parse(go_vkey, strlen(go_vkey), &v, err, sizeof(err)), 0);
	assert_string_equal(v.name, "PeterNeumann");
	assert_int_equal(v.key_id, 0xc74f20a3);
	assert_int_equal(v.type, GX_NOTE_KEY_ED25519);
	assert_memory_equal(s.pub.public_key, v.public_key, 32);
	assert_int_equal(s.pub.key_id, v.key_id);
	assert_int_equal(gx_note_signer_format(&s, text, sizeof(text)), (int)strlen(go_skey));
	assert_string_equal(text, go_skey);
	assert_int_equal(gx_note_verifier_format(&s.pub, text, sizeof(text)), (int)strlen(go_vkey));
	assert_string_equal(text, go_vkey);
	assert_int_equal(gx_note_verifier_format(&s.pub, text, 10), -1);
	gx_note_signer_wipe(&s);
}

static void test_go_signature_byte_for_byte(void **state)
{
	struct gx_note_signer s;
	assert_int_equal(gx_note_signer_parse(go_skey, strlen(go_skey), &s, err, sizeof(err)), 0);
	char line[256];
	long n = gx_note_sign_line(&s, 0, go_text, strlen(go_text), line, sizeof(line));
	assert_int_equal(n, (long)strlen(go_sig_line));
	assert_string_equal(line, go_sig_line); /* Ed25519 is deterministic */
	assert_int_equal(gx_note_sign_line(&s, 0, "no newline", 10, line, sizeof(line)), -1);
	assert_int_equal(gx_note_sign_line(&s, 0, go_text, strlen(go_text), line, 20), -1);
	gx_note_signer_wipe(&s);
}

static void build(char *out, size_t cap, const char *text, const char *sigs)
{
	snprintf(out, cap, "%s\n%s", text, sigs);
}

static void test_go_note_verifies(void **state)
{
	char msg[1024];
	build(msg, sizeof(msg), go_text, go_sig_line);
	assert_int_equal(gx_note_parse(msg, strlen(msg), &note, err, sizeof(err)), 0);
	assert_int_equal(note.text_len, strlen(go_text));
	assert_int_equal(note.sig_count, 1);
	assert_int_equal(note.sigs[0].key_id, 0xc74f20a3);
	struct gx_note_verifier v;
	assert_int_equal(gx_note_verifier_parse(go_vkey, strlen(go_vkey), &v, err, sizeof(err)), 0);
	bool by[1];
	assert_int_equal(gx_note_verify(&note, &v, 1, by, NULL, err, sizeof(err)), 1);
	assert_true(by[0]);

	/* another key of the same name is not this key: ignored */
	struct gx_note_signer other;
	assert_int_equal(gx_note_signer_generate("PeterNeumann", GX_NOTE_KEY_ED25519, &other, err, sizeof(err)), 0);
	assert_int_equal(gx_note_verify(&note, &other.pub, 1, by, NULL, err, sizeof(err)), 0);
	assert_false(by[0]);

	/* a key that claims the same name and id but is not the signer's: refused */
	struct gx_note_verifier forged = v;
	memcpy(forged.public_key, other.pub.public_key, 32);
	assert_int_equal(gx_note_verify(&note, &forged, 1, by, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PeterNeumann"));
	assert_non_null(strstr(err, "does not verify"));

	/* one changed byte in the text */
	msg[3] ^= 1;
	assert_int_equal(gx_note_parse(msg, strlen(msg), &note, err, sizeof(err)), 0);
	assert_int_equal(gx_note_verify(&note, &v, 1, by, NULL, err, sizeof(err)), -1);

	/* the same key listed twice is a configuration error */
	struct gx_note_verifier twice[2] = {v, v};
	assert_int_equal(gx_note_verify(&note, twice, 2, NULL, NULL, err, sizeof(err)), -1);
	gx_note_signer_wipe(&other);
}

static void test_multiple_signatures(void **state)
{
	struct gx_note_signer a, b, c;
	assert_int_equal(gx_note_signer_generate("log.example/a", GX_NOTE_KEY_ED25519, &a, err, sizeof(err)), 0);
	assert_int_equal(gx_note_signer_generate("witness.example/b", GX_NOTE_KEY_COSIGNATURE_V1, &b, err, sizeof(err)), 0);
	assert_int_equal(gx_note_signer_generate("witness.example/c", GX_NOTE_KEY_COSIGNATURE_V1, &c, err, sizeof(err)), 0);
	const char *text = "log.example/a\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
	char la[200], lb[200], lb2[200], lc[200], msg[2048];
	assert_true(gx_note_sign_line(&a, 0, text, strlen(text), la, sizeof(la)) > 0);
	assert_true(gx_note_sign_line(&b, 1700000000, text, strlen(text), lb, sizeof(lb)) > 0);
	assert_true(gx_note_sign_line(&b, 1700000500, text, strlen(text), lb2, sizeof(lb2)) > 0);
	assert_true(gx_note_sign_line(&c, 1700000100, text, strlen(text), lc, sizeof(lc)) > 0);
	/* an unknown signer's line, even a strange one, is ignored */
	const char *unknown = "\xe2\x80\x94 someone.else/x AAAAAAAAAAAAAAAA\n";
	snprintf(msg, sizeof(msg), "%s\n%s%s%s%s%s", text, unknown, la, lb, lb2, lc);
	assert_int_equal(gx_note_parse(msg, strlen(msg), &note, err, sizeof(err)), 0);
	assert_int_equal(note.sig_count, 5);
	struct gx_note_verifier keys[3] = {a.pub, b.pub, c.pub};
	bool by[3];
	uint64_t times[3];
	assert_int_equal(gx_note_verify(&note, keys, 3, by, times, err, sizeof(err)), 3);
	assert_true(by[0] && by[1] && by[2]);
	assert_int_equal(times[0], 0);
	assert_int_equal(times[1], 1700000500); /* the latest of b's two */
	assert_int_equal(times[2], 1700000100);
	/* without signed_by, b's two lines still count once */
	assert_int_equal(gx_note_verify(&note, keys, 3, NULL, NULL, err, sizeof(err)), 3);

	/* The cosignature line is key id, 8-byte timestamp, 64-byte signature. */
	const char *b64 = strrchr(lc, ' ') + 1;
	unsigned char raw[100];
	assert_int_equal(gx_tlog_b64_decode(b64, strlen(b64) - 1, raw, sizeof(raw)), 4 + 8 + 64);
	uint64_t ts = 0;
	for (int i = 0; i < 8; i++)
		ts = ts << 8 | raw[4 + i];
	assert_int_equal(ts, 1700000100);

	/* A cosignature's timestamp is signed: change it and the line fails. */
	raw[4 + 7] ^= 1;
	char forged_b64[200], forged[300];
	gx_tlog_b64_encode(raw, 76, forged_b64, sizeof(forged_b64));
	snprintf(forged, sizeof(forged), "%s\n\xe2\x80\x94 witness.example/c %s\n", text, forged_b64);
	assert_int_equal(gx_note_parse(forged, strlen(forged), &note2, err, sizeof(err)), 0);
	assert_int_equal(gx_note_verify(&note2, keys, 3, by, times, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "witness.example/c"));

	/* The same Ed25519 key as a plain (0x01) key has another key id: ignored. */
	struct gx_note_verifier as_plain = c.pub;
	as_plain.type = GX_NOTE_KEY_ED25519;
	as_plain.key_id = gx_note_key_id(as_plain.name, strlen(as_plain.name), as_plain.type, as_plain.public_key);
	assert_int_not_equal(as_plain.key_id, c.pub.key_id);
	assert_int_equal(gx_note_verify(&note, &as_plain, 1, by, NULL, err, sizeof(err)), 0);
	/* and a 0x04 key given the log's id and name does not verify a plain signature */
	struct gx_note_verifier as_cosigner = a.pub;
	as_cosigner.type = GX_NOTE_KEY_COSIGNATURE_V1;
	assert_int_equal(gx_note_verify(&note, &as_cosigner, 1, by, NULL, err, sizeof(err)), -1);

	/* the message a cosignature signs */
	struct gx_buf m = GX_BUF_INIT;
	assert_int_equal(gx_cosignature_message(1679315147, text, strlen(text), &m), 0);
	assert_string_equal(gx_buf_cstr(&m), "cosignature/v1\ntime 1679315147\nlog.example/a\n3\n"
					     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
	gx_buf_free(&m);
	assert_int_equal(gx_cosignature_message(GX_COSIGNATURE_TIME_MAX + 1, text, strlen(text), &m), -1);
	gx_buf_free(&m);
	gx_note_signer_wipe(&a);
	gx_note_signer_wipe(&b);
	gx_note_signer_wipe(&c);
}

static void assert_refused(const char *msg, size_t len, const char *reason)
{
	assert_int_equal(gx_note_parse(msg, len, &note, err, sizeof(err)), -1);
	if (strstr(err, reason) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", reason, err);
	assert_int_equal(note.sig_count, 0);
	assert_int_equal(note.len, 0);
}

#define REFUSED(literal, reason) assert_refused(literal, sizeof(literal) - 1, reason)

static void test_parse_refusals(void **state)
{
	REFUSED("", "no blank line");
	REFUSED("text\n\xe2\x80\x94 k AAAAAAAA\n", "no blank line");
	REFUSED("text\n\n", "no signature");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAAA", "does not end in a newline");
	REFUSED("te\txt\n\n\xe2\x80\x94 k AAAAAAAA\n", "control character");
	REFUSED("text\r\n\n\xe2\x80\x94 k AAAAAAAA\n", "control character");
	REFUSED("t\xffxt\n\n\xe2\x80\x94 k AAAAAAAA\n", "not valid UTF-8");
	REFUSED("t\xc0\xafxt\n\n\xe2\x80\x94 k AAAAAAAA\n", "not valid UTF-8"); /* overlong '/' */
	REFUSED("t\xed\xa0\x80xt\n\n\xe2\x80\x94 k AAAAAAAA\n", "not valid UTF-8"); /* a surrogate */
	REFUSED("text\n\n- k AAAAAAAA\n", "em dash");
	REFUSED("text\n\n\xe2\x80\x94k AAAAAAAA\n", "em dash");
	REFUSED("text\n\n\xe2\x80\x94 kAAAAAAAA\n", "no signature after the key name");
	REFUSED("text\n\n\xe2\x80\x94  AAAAAAAA\n", "invalid key name");
	REFUSED("text\n\n\xe2\x80\x94 a+b AAAAAAAA\n", "invalid key name");
	REFUSED("text\n\n\xe2\x80\x94 a\xc2\xa0" "b AAAAAAAA\n", "invalid key name"); /* no-break space */
	REFUSED("text\n\n\xe2\x80\x94 k \n", "not canonical base64");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAA\n", "not canonical base64");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAB=\n", "not canonical base64"); /* padding bits set */
	REFUSED("text\n\n\xe2\x80\x94 k AAAA AAAA\n", "not canonical base64");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAAA \n", "not canonical base64");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAA==\n", "shorter than a key id");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAAA\n\n", "no signature");
	REFUSED("text\n\n\xe2\x80\x94 k AAAAAAAA\nnot a signature\n", "em dash");
}

static void test_parse_limits_and_round_trip(void **state)
{
	static char msg[GX_NOTE_MAX_LEN + 64], back[GX_NOTE_MAX_LEN + 1];
	/* 32 signatures pass, 33 do not */
	for (int count = 32; count <= 33; count++) {
		size_t o = (size_t)snprintf(msg, sizeof(msg), "line one\n\nline three after a blank line\n\n");
		for (int i = 0; i < count; i++)
			o += (size_t)snprintf(msg + o, sizeof(msg) - o, "\xe2\x80\x94 k%d AAAAAAAA\n", i);
		int rc = gx_note_parse(msg, o, &note, err, sizeof(err));
		if (count == 32) {
			assert_int_equal(rc, 0);
			assert_int_equal(note.sig_count, 32);
			/* the text keeps its own blank line: the last one splits */
			assert_int_equal(note.text_len, strlen("line one\n\nline three after a blank line\n"));
			assert_int_equal(gx_note_serialise(&note, back, sizeof(back)), (long)o);
			assert_memory_equal(back, msg, o);
			assert_int_equal(gx_note_serialise(&note, back, o), -1); /* no room for the NUL */
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err, "more than 32 signatures"));
		}
	}
	/* GX_NOTE_MAX_LEN bytes pass, one more does not */
	const char *tail = "\n\n\xe2\x80\x94 k AAAAAAAA\n";
	size_t tail_len = strlen(tail);
	memset(msg, 'x', GX_NOTE_MAX_LEN - tail_len);
	memcpy(msg + GX_NOTE_MAX_LEN - tail_len, tail, tail_len);
	assert_int_equal(gx_note_parse(msg, GX_NOTE_MAX_LEN, &note, err, sizeof(err)), 0);
	memset(msg, 'x', GX_NOTE_MAX_LEN + 1 - tail_len);
	memcpy(msg + GX_NOTE_MAX_LEN + 1 - tail_len, tail, tail_len);
	assert_int_equal(gx_note_parse(msg, GX_NOTE_MAX_LEN + 1, &note, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than"));
}

static void test_key_string_refusals(void **state)
{
	struct gx_note_verifier v;
	struct gx_note_signer s;
	const char *bad_vkeys[] = {
		"",
		"PeterNeumann",
		"PeterNeumann+c74f20a3",
		"PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* upper case */
		"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* id does not match */
		"PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  /* nor for this name */
		"PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  /* not base64 of 33 */
		"PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* type 0x02 */
		"Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+",
	};
	for (size_t i = 0; i < sizeof(bad_vkeys) / sizeof(bad_vkeys[0]); i++) {
		err[0] = '\0';
		if (gx_note_verifier_parse(bad_vkeys[i], strlen(bad_vkeys[i]), &v, err, sizeof(err)) != -1)
			fail_msg("accepted %s", bad_vkeys[i]);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(gx_note_signer_parse(go_vkey, strlen(go_vkey), &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PRIVATE+KEY+"));
	const char *wrong_id = "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
	assert_int_equal(gx_note_signer_parse(wrong_id, strlen(wrong_id), &s, err, sizeof(err)), -1);
	assert_null(strstr(err, "AYEK")); /* never the secret in a message */
	/* names */
	assert_true(gx_note_name_valid("guichet.example.lu/access-log", 29));
	assert_false(gx_note_name_valid("", 0));
	assert_false(gx_note_name_valid("a\xe3\x80\x80" "b", 5)); /* ideographic space */
	assert_false(gx_note_name_valid("a\xe2\x80\x83" "b", 5)); /* em space */
	char longname[300];
	memset(longname, 'n', sizeof(longname));
	assert_true(gx_note_name_valid(longname, GX_NOTE_NAME_MAX));
	assert_false(gx_note_name_valid(longname, GX_NOTE_NAME_MAX + 1));
	longname[GX_NOTE_NAME_MAX] = '\0';
	assert_int_equal(gx_note_signer_generate(longname, GX_NOTE_KEY_COSIGNATURE_V1, &s, err, sizeof(err)), 0);
	char text[GX_NOTE_KEY_TEXT_MAX];
	assert_true(gx_note_signer_format(&s, text, sizeof(text)) > 0);
	struct gx_note_signer back;
	assert_int_equal(gx_note_signer_parse(text, strlen(text), &back, err, sizeof(err)), 0);
	assert_memory_equal(&back, &s, sizeof(s));
	assert_int_equal(gx_note_signer_generate("bad name", GX_NOTE_KEY_ED25519, &s, err, sizeof(err)), -1);
	assert_int_equal(gx_note_signer_generate("name", 0x02, &s, err, sizeof(err)), -1);
	gx_note_signer_wipe(&back);
}

static void test_checkpoint_text(void **state)
{
	struct gx_checkpoint c;
	char out[GX_CHECKPOINT_TEXT_MAX];
	const char *good = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	assert_int_equal(gx_checkpoint_parse(good, strlen(good), &c, err, sizeof(err)), 0);
	assert_string_equal(c.origin, "example.com/behind-the-sofa");
	assert_int_equal(c.size, 20852163);
	assert_int_equal(c.ext_len, 0);
	assert_int_equal(gx_checkpoint_format(&c, out, sizeof(out)), (long)strlen(good));
	assert_string_equal(out, good);

	const char *ext = "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nfirst ext\nsecond\n";
	assert_int_equal(gx_checkpoint_parse(ext, strlen(ext), &c, err, sizeof(err)), 0);
	assert_int_equal(c.size, 0);
	assert_int_equal(c.ext_len, strlen("first ext\nsecond\n"));
	assert_int_equal(gx_checkpoint_format(&c, out, sizeof(out)), (long)strlen(ext));
	assert_string_equal(out, ext);

	static const struct {
		const char *text, *reason;
	} bad[] = {
		{"", "newline"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "newline"},
		{"\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin"},
		{"o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"},
		{"o\n+1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"},
		{"o\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"},
		{"o\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"},
		{"o\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "tree size"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n", "root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "root hash"},
		{"o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "extension"},
		{"o\n1\n", "root hash"},
		{"o\n1\n\n", "root hash"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gx_checkpoint_parse(bad[i].text, strlen(bad[i].text), &c, err, sizeof(err)) != -1)
			fail_msg("accepted %s", bad[i].text);
		if (strstr(err, bad[i].reason) == NULL)
			fail_msg("expected \"%s\" in \"%s\"", bad[i].reason, err);
	}
	const char *largest = "o\n9223372036854775807\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
	assert_int_equal(gx_checkpoint_parse(largest, strlen(largest), &c, err, sizeof(err)), 0);
	assert_int_equal(c.size, GX_TLOG_MAX_SIZE);
}

static void test_checkpoint_open(void **state)
{
	struct gx_note_signer log, impostor, witness;
	assert_int_equal(gx_note_signer_generate("guichet.example/log", GX_NOTE_KEY_ED25519, &log, err, sizeof(err)), 0);
	assert_int_equal(gx_note_signer_generate("guichet.example/log", GX_NOTE_KEY_ED25519, &impostor, err, sizeof(err)),
			 0);
	assert_int_equal(gx_note_signer_generate("dpa.example/w", GX_NOTE_KEY_COSIGNATURE_V1, &witness, err, sizeof(err)),
			 0);
	struct gx_checkpoint c = {.size = 7}, got;
	strcpy(c.origin, "guichet.example/log");
	memset(c.root.b, 0x42, sizeof(c.root.b));
	char text[GX_CHECKPOINT_TEXT_MAX], line[256], msg[2048];
	long tl = gx_checkpoint_format(&c, text, sizeof(text));
	assert_true(tl > 0);
	assert_true(gx_note_sign_line(&log, 0, text, (size_t)tl, line, sizeof(line)) > 0);
	snprintf(msg, sizeof(msg), "%s\n%s", text, line);
	assert_int_equal(gx_checkpoint_open(msg, strlen(msg), &log.pub, &note, &got, err, sizeof(err)), 0);
	assert_int_equal(got.size, 7);
	assert_true(gx_tlog_hash_equal(&got.root, &c.root));
	/* the impostor's key (same name) did not sign it */
	assert_int_equal(gx_checkpoint_open(msg, strlen(msg), &impostor.pub, &note, &got, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not signed by the log"));
	/* a witness key is not a log key */
	assert_int_equal(gx_checkpoint_open(msg, strlen(msg), &witness.pub, &note, &got, err, sizeof(err)), -1);
	/* signed by the log, but for another origin */
	strcpy(c.origin, "guichet.example/other");
	tl = gx_checkpoint_format(&c, text, sizeof(text));
	assert_true(gx_note_sign_line(&log, 0, text, (size_t)tl, line, sizeof(line)) > 0);
	snprintf(msg, sizeof(msg), "%s\n%s", text, line);
	assert_int_equal(gx_checkpoint_open(msg, strlen(msg), &log.pub, &note, &got, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "origin"));
	gx_note_signer_wipe(&log);
	gx_note_signer_wipe(&impostor);
	gx_note_signer_wipe(&witness);
}

static void test_base64(void **state)
{
	unsigned char out[8];
	char text[16];
	assert_int_equal(gx_tlog_b64_encode("", 0, text, sizeof(text)), 0);
	assert_int_equal(gx_tlog_b64_encode("f", 1, text, sizeof(text)), 4);
	assert_string_equal(text, "Zg==");
	assert_int_equal(gx_tlog_b64_encode("foob", 4, text, sizeof(text)), 8);
	assert_string_equal(text, "Zm9vYg==");
	assert_int_equal(gx_tlog_b64_encode("foob", 4, text, 8), -1);
	assert_int_equal(gx_tlog_b64_decode("Zm9vYmFy", 8, out, sizeof(out)), 6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(gx_tlog_b64_decode("Zm9vYg==", 8, out, sizeof(out)), 4);
	assert_int_equal(gx_tlog_b64_decode("Zm9vYh==", 8, out, sizeof(out)), -1);  /* bits under padding */
	assert_int_equal(gx_tlog_b64_decode("Zm9vYg=", 7, out, sizeof(out)), -1);
	assert_int_equal(gx_tlog_b64_decode("Zm9vYg", 6, out, sizeof(out)), -1);
	assert_int_equal(gx_tlog_b64_decode("Zg==Zg==", 8, out, sizeof(out)), -1); /* padding mid-way */
	assert_int_equal(gx_tlog_b64_decode("Zm9v=mFy", 8, out, sizeof(out)), -1);
	assert_int_equal(gx_tlog_b64_decode("Zm9=YmFy", 8, out, sizeof(out)), -1);
	assert_int_equal(gx_tlog_b64_decode("Zm-_YmFy", 8, out, sizeof(out)), -1); /* the URL alphabet */
	assert_int_equal(gx_tlog_b64_decode("Zm9vYmFy", 8, out, 5), -1);
	assert_int_equal(gx_tlog_b64_decode("Zm=v", 4, out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_keys_round_trip),
		cmocka_unit_test(test_go_signature_byte_for_byte),
		cmocka_unit_test(test_go_note_verifies),
		cmocka_unit_test(test_multiple_signatures),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_parse_limits_and_round_trip),
		cmocka_unit_test(test_key_string_refusals),
		cmocka_unit_test(test_checkpoint_text),
		cmocka_unit_test(test_checkpoint_open),
		cmocka_unit_test(test_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
