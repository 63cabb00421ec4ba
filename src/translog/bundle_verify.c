#include "translog/bundle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int gx_bundle_verify(const struct gx_bundle *b, const struct gx_bundle_policy *policy,
		     struct gx_bundle_result *result, char *err, size_t errlen)
{
	memset(result, 0, sizeof(*result));
	result->failed_entry = b->entry_count;
	char why[200];
	const struct gx_note *n = &b->checkpoint;
	if (policy->log_key == NULL || policy->log_key->type != GX_NOTE_KEY_ED25519) {
		snprintf(err, errlen, "the log's key must be an Ed25519 (0x01) key");
		return -1;
	}
	for (size_t i = 0; i < policy->witness_count; i++) {
		if (policy->witnesses[i].type != GX_NOTE_KEY_COSIGNATURE_V1) {
			snprintf(err, errlen, "the witness key %s is not a cosignature/v1 (0x04) key",
				 policy->witnesses[i].name);
			return -1;
		}
	}
	if (policy->quorum > policy->witness_count) {
		snprintf(err, errlen, "a quorum of %zu among %zu witnesses can never be met", policy->quorum,
			 policy->witness_count);
		return -1;
	}
	if (gx_checkpoint_from_note(n, policy->log_key, &result->checkpoint, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	int count = gx_note_verify(n, policy->witnesses, policy->witness_count, NULL, NULL, why, sizeof(why));
	if (count < 0) {
		snprintf(err, errlen, "checkpoint: %s", why);
		return -1;
	}
	result->cosigned = (size_t)count;
	if (result->cosigned < policy->quorum) {
		snprintf(err, errlen, "checkpoint: cosigned by %zu of the witnesses, %zu needed", result->cosigned,
			 policy->quorum);
		return -1;
	}
	const struct gx_checkpoint *c = &result->checkpoint;
	for (size_t i = 0; i < b->entry_count; i++) {
		const struct gx_bundle_entry *e = &b->entries[i];
		if (e->leaf_index >= c->size) {
			result->failed_entry = i;
			snprintf(err, errlen, "entries/%zu: leaf %" PRIu64 " is not in a tree of %" PRIu64 " leaves", i,
				 e->leaf_index, c->size);
			return -1;
		}
		struct gx_tlog_proof p;
		p.len = e->proof_len;
		memcpy(p.h, e->proof, e->proof_len * sizeof(p.h[0]));
		if (!gx_tlog_inclusion_verify(e->leaf_index, c->size, &e->leaf, &p, &c->root)) {
			result->failed_entry = i;
			snprintf(err, errlen,
				 "entries/%zu: the record is not at leaf %" PRIu64 " of the checkpoint's tree (changed, "
				 "moved or not logged)",
				 i, e->leaf_index);
			return -1;
		}
	}
	return 0;
}
