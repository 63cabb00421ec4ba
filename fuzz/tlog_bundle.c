/** libFuzzer driver for a person's proof bundle: the strict parser, then the
 *  offline verifier against fixed keys (the log's and two witnesses', whose
 *  signer keys made the seeds with tests/tools/tlog_tool). A bundle the
 *  parser accepts is written back and parsed again to the same entries,
 *  and verifying gives the same answer every time. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "translog/bundle.h"
#include "translog/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const vkeys[] = {
	"fuzz.example/log+6a89b6fa+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c",
	"fuzz.example/witness+9dff2b7b+BIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU",
	"fuzz.example/witness2+6676d9cb+BO1JKMYo0cLG6ukDOJBZlWEpWSc6XGP5NjbBRhSshzfR",
};

static struct gx_note_verifier keys[3];
static int ready;

static void init_keys(void)
{
	char err[128];
	for (int i = 0; i < 3; i++) {
		if (gx_note_verifier_parse(vkeys[i], strlen(vkeys[i]), &keys[i], err, sizeof(err)) != 0)
			abort();
	}
	ready = 1;
}

static void same_entries(const struct gx_bundle *a, const struct gx_bundle *b)
{
	if (a->entry_count != b->entry_count || memcmp(a->salt, b->salt, sizeof(a->salt)) != 0 ||
	    a->checkpoint.len != b->checkpoint.len || memcmp(a->checkpoint.buf, b->checkpoint.buf, a->checkpoint.len) != 0)
		abort();
	for (size_t i = 0; i < a->entry_count; i++) {
		const struct gx_bundle_entry *x = &a->entries[i], *y = &b->entries[i];
		if (x->leaf_index != y->leaf_index || !gx_tlog_hash_equal(&x->leaf, &y->leaf) ||
		    x->proof_len != y->proof_len || memcmp(x->proof, y->proof, x->proof_len * sizeof(x->proof[0])) != 0 ||
		    !json_equal((json_t *)x->record, (json_t *)y->record))
			abort();
	}
}

/* Writes b back with gx_bundle_write. */
static char *rewrite(const struct gx_bundle *b)
{
	struct gx_bundle_item *items = calloc(b->entry_count + 1, sizeof(*items));
	struct gx_tlog_proof *proofs = calloc(b->entry_count + 1, sizeof(*proofs));
	if (items == NULL || proofs == NULL)
		abort();
	for (size_t i = 0; i < b->entry_count; i++) {
		proofs[i].len = b->entries[i].proof_len;
		memcpy(proofs[i].h, b->entries[i].proof, proofs[i].len * sizeof(proofs[i].h[0]));
		items[i] = (struct gx_bundle_item){b->entries[i].leaf_index, b->entries[i].record, &proofs[i]};
	}
	char *text = gx_bundle_write(b->checkpoint.buf, b->salt, items, b->entry_count);
	free(items);
	free(proofs);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		init_keys();
	if (size > (1u << 20))
		return 0; /* the parser's own limit is tested by the unit tests */
	char *json = malloc(size > 0 ? size : 1);
	if (json == NULL)
		abort();
	memcpy(json, data, size);
	char err[300] = "";
	struct gx_bundle *b = gx_bundle_parse(json, size, err, sizeof(err));
	if (b == NULL) {
		if (err[0] == '\0')
			abort(); /* every refusal says why */
		free(json);
		return 0;
	}
	struct gx_bundle_policy p = {&keys[0], &keys[1], 2, 1};
	struct gx_bundle_result r1, r2;
	int rc1 = gx_bundle_verify(b, &p, &r1, err, sizeof(err));
	int rc2 = gx_bundle_verify(b, &p, &r2, err, sizeof(err));
	if (rc1 != rc2 || r1.failed_entry != r2.failed_entry || r1.cosigned != r2.cosigned ||
	    (rc1 == 0 && r1.failed_entry != b->entry_count))
		abort();
	char *text = rewrite(b);
	if (text == NULL)
		abort();
	struct gx_bundle *b2 = gx_bundle_parse(text, strlen(text), err, sizeof(err));
	if (b2 == NULL)
		abort();
	same_entries(b, b2);
	struct gx_bundle_result r3;
	if (gx_bundle_verify(b2, &p, &r3, err, sizeof(err)) != rc1 || r3.failed_entry != r1.failed_entry)
		abort();
	gx_bundle_free(b2);
	free(text);
	gx_bundle_free(b);
	free(json);
	return 0;
}
