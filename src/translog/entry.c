#include "translog/entry.h"

#include <sodium.h>
#include <stdio.h>

#include "translog/canonical.h"
#include "util/buf.h"

int gx_tlog_record_entry(const unsigned char salt[GX_TLOG_SALT_LEN], const json_t *record,
			 unsigned char entry[32], char *err, size_t errlen)
{
	if (!json_is_object(record)) {
		snprintf(err, errlen, "the record is not a JSON object");
		return -1;
	}
	struct gx_buf canon = GX_BUF_INIT;
	if (gx_tlog_canonical_json(record, &canon, err, errlen) != 0) {
		gx_buf_free(&canon);
		return -1;
	}
	if (canon.len > GX_TLOG_RECORD_MAX) {
		snprintf(err, errlen, "the record's canonical JSON is longer than %d bytes", GX_TLOG_RECORD_MAX);
		gx_buf_free(&canon);
		return -1;
	}
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, salt, GX_TLOG_SALT_LEN);
	crypto_hash_sha256_update(&st, (const unsigned char *)canon.data, canon.len);
	crypto_hash_sha256_final(&st, entry);
	gx_buf_free(&canon);
	return 0;
}

int gx_tlog_record_leaf(const unsigned char salt[GX_TLOG_SALT_LEN], const json_t *record, struct gx_tlog_hash *leaf,
			char *err, size_t errlen)
{
	unsigned char entry[32];
	if (gx_tlog_record_entry(salt, record, entry, err, errlen) != 0)
		return -1;
	gx_tlog_leaf_hash(entry, sizeof(entry), leaf);
	return 0;
}
