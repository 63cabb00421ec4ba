#include "core/translog_public.h"

#include <stdlib.h>
#include <string.h>

#include "core/checkpoints.h"
#include "core/translog_store.h"
#include "translog/note.h"
#include "translog/proof.h"
#include "translog/proof_json.h"

/* Checkpoints a cosignature may be for: the witness posts right after
 * fetching, so the latest or one just before. */
#define RECENT_CHECKPOINTS 8

enum gx_core_status gx_tlog_note(const struct gx_core_ctx *c, uint64_t size, const char **note, size_t *len)
{
	struct gx_tlog_checkpoint_row row = {0};
	enum gx_db_status st = size == UINT64_MAX ? gx_store_tlog_checkpoint_latest(c->db, &row)
						  : gx_store_tlog_checkpoint_get(c->db, size, &row);
	if (st < 0)
		return GX_CORE_UNAVAILABLE;
	if (st == GX_DB_NO_RESULTS)
		return GX_CORE_NOT_FOUND;
	struct gx_checkpoint_view v;
	char err[200];
	int rc = gx_checkpoint_view_open(&row, &c->domain->transparency, &v, err, sizeof(err));
	gx_tlog_checkpoint_row_clear(&row);
	if (rc != 0)
		return GX_CORE_FAULT;
	*len = strlen(v.note);
	*note = gx_core_strndup(c, v.note, *len);
	gx_checkpoint_view_clear(&v);
	return GX_CORE_OK;
}

/* The latest checkpoint's size: what proofs may be asked within. */
static enum gx_core_status signed_size(const struct gx_core_ctx *c, uint64_t *size)
{
	struct gx_tlog_checkpoint_row row = {0};
	enum gx_db_status st = gx_store_tlog_checkpoint_latest(c->db, &row);
	*size = st == GX_DB_ONE_RESULT ? row.size : 0;
	gx_tlog_checkpoint_row_clear(&row);
	return st < 0 ? GX_CORE_UNAVAILABLE : GX_CORE_OK;
}

static enum gx_core_status proof_json(const struct gx_tlog_proof *proof, struct gx_buf *json)
{
	return gx_tlog_proof_json_write(proof, json) == 0 ? GX_CORE_OK : GX_CORE_FAULT;
}

enum gx_core_status gx_tlog_consistency(const struct gx_core_ctx *c, uint64_t from, uint64_t to,
					struct gx_buf *json, const char **field, const char **why)
{
	struct gx_tlog_proof p, *proof = &p;
	uint64_t latest;
	if (signed_size(c, &latest) != GX_CORE_OK)
		return GX_CORE_UNAVAILABLE;
	if (from > to) {
		*field = "from";
		*why = "from must not be larger than to";
		return GX_CORE_INVALID;
	}
	if (to > latest) {
		*field = "to";
		*why = "to must not exceed the latest checkpoint's size";
		return GX_CORE_INVALID;
	}
	struct gx_tlog_store_reader r;
	struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, c->db, NULL, 0);
	if (gx_tlog_consistency_prove(&h, from, to, proof) != 0)
		return r.failed == GX_DB_HARD_ERROR ? GX_CORE_FAULT : GX_CORE_UNAVAILABLE;
	return proof_json(proof, json);
}

enum gx_core_status gx_tlog_inclusion(const struct gx_core_ctx *c, uint64_t index, uint64_t size,
				      struct gx_buf *json, const char **field, const char **why)
{
	struct gx_tlog_proof p, *proof = &p;
	uint64_t latest;
	if (signed_size(c, &latest) != GX_CORE_OK)
		return GX_CORE_UNAVAILABLE;
	if (size > latest) {
		*field = "size";
		*why = "size must not exceed the latest checkpoint's size";
		return GX_CORE_INVALID;
	}
	if (index >= size) {
		*field = "index";
		*why = "index must be smaller than size";
		return GX_CORE_INVALID;
	}
	struct gx_tlog_store_reader r;
	struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, c->db, NULL, 0);
	if (gx_tlog_inclusion_prove(&h, index, size, proof) != 0)
		return r.failed == GX_DB_HARD_ERROR ? GX_CORE_FAULT : GX_CORE_UNAVAILABLE;
	return proof_json(proof, json);
}

json_t *gx_tlog_keys_json(const struct gx_core_ctx *c)
{
	const struct gx_transparency *t = &c->domain->transparency;
	json_t *witnesses = json_array();
	for (size_t i = 0; i < t->nwitnesses; i++) {
		char text[GX_NOTE_KEY_TEXT_MAX];
		if (gx_note_verifier_format(&t->witnesses[i], text, sizeof(text)) > 0)
			json_array_append_new(witnesses, json_string(text));
	}
	return json_pack("{s:s, s:s, s:o, s:I}", "origin", t->log_key.name, "log_key", t->log_key_text, "witnesses",
			 witnesses, "quorum", (json_int_t)t->quorum);
}

/* --- cosignatures --------------------------------------------------------------------- */

struct cosign {
	uint64_t size;
	char key_name[GX_NOTE_NAME_MAX + 1];
	uint32_t key_id;
	char *line;
	long long at_us;
	gx_tlog_cosigned_fn done;
	void *arg;
};

static enum gx_db_status store_cosignature(struct gx_store_conn *w, void *arg)
{
	struct cosign *k = arg;
	return gx_store_tlog_cosignature_put(w, k->size, k->key_name, k->key_id, k->line, k->at_us);
}

static void on_stored(void *arg, enum gx_db_status result)
{
	struct cosign *k = arg;
	k->done(k->arg, result >= 0 ? GX_CORE_OK : GX_CORE_UNAVAILABLE, NULL);
}

/* The note of row's text followed by line, checked with the witnesses'
 * keys: 1 when the configured key of the line verifies, 0 when not, -1 when
 * the row cannot be read. */
static int verifies_with(const struct gx_tlog_checkpoint_row *row, const struct gx_transparency *t, const char *line,
			 size_t len, struct gx_note *scratch, char *text)
{
	char err[200];
	if (gx_note_parse(row->note, strlen(row->note), scratch, err, sizeof(err)) != 0)
		return -1;
	size_t text_len = scratch->text_len;
	if (text_len + 1 + len > GX_NOTE_MAX_LEN)
		return 0;
	memcpy(text, scratch->buf, text_len);
	text[text_len] = '\n';
	memcpy(text + text_len + 1, line, len);
	if (gx_note_parse(text, text_len + 1 + len, scratch, err, sizeof(err)) != 0)
		return 0;
	return gx_note_verify(scratch, t->witnesses, t->nwitnesses, NULL, NULL, err, sizeof(err)) == 1 ? 1 : 0;
}

void gx_tlog_cosign(const struct gx_core_ctx *c, const char *line, size_t len, gx_tlog_cosigned_fn done, void *arg)
{
	const struct gx_transparency *t = &c->domain->transparency;
	static const char dash[] = "\xe2\x80\x94 ";
	if (len < sizeof(dash) || len > 1024 || memcmp(line, dash, sizeof(dash) - 1) != 0 || line[len - 1] != '\n' ||
	    memchr(line, '\n', len - 1) != NULL) {
		done(arg, GX_CORE_INVALID, "send one signature line: an em dash, a space, the key name, a space, base64, a newline");
		return;
	}
	/* Which key signed: a note of an empty text carries the line. */
	struct gx_note *scratch = malloc(sizeof(*scratch));
	char *text = malloc(GX_NOTE_MAX_LEN + 1);
	struct gx_tlog_checkpoint_row rows[RECENT_CHECKPOINTS];
	size_t n = 0;
	enum gx_core_status st = GX_CORE_FAULT;
	const char *why = NULL;
	if (scratch == NULL || text == NULL)
		goto out;
	char err[200];
	text[0] = 'x';
	text[1] = '\n';
	text[2] = '\n';
	memcpy(text + 3, line, len);
	if (gx_note_parse(text, len + 3, scratch, err, sizeof(err)) != 0) {
		st = GX_CORE_INVALID;
		why = "the signature line is malformed (its key name or base64)";
		goto out;
	}
	const struct gx_note_sig *sig = &scratch->sigs[0];
	const struct gx_note_verifier *key = NULL;
	for (size_t i = 0; i < t->nwitnesses && key == NULL; i++)
		if (strlen(t->witnesses[i].name) == sig->name_len &&
		    memcmp(t->witnesses[i].name, scratch->buf + sig->name_off, sig->name_len) == 0 &&
		    t->witnesses[i].key_id == sig->key_id)
			key = &t->witnesses[i];
	if (key == NULL) {
		st = GX_CORE_FORBIDDEN;
		why = "not the key of a witness this log knows";
		goto out;
	}
	if (gx_store_tlog_checkpoints(c->db, false, UINT64_MAX, RECENT_CHECKPOINTS, rows, &n) < 0) {
		st = GX_CORE_UNAVAILABLE;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int v = verifies_with(&rows[i], t, line, len, scratch, text);
		if (v < 0)
			break;
		if (v == 1) {
			struct cosign *k = gx_core_alloc(c, sizeof(*k));
			k->size = rows[i].size;
			snprintf(k->key_name, sizeof(k->key_name), "%s", key->name);
			k->key_id = key->key_id;
			k->line = gx_core_strndup(c, line, len);
			k->at_us = c->now_us;
			k->done = done;
			k->arg = arg;
			for (size_t j = 0; j < n; j++)
				gx_tlog_checkpoint_row_clear(&rows[j]);
			free(scratch);
			free(text);
			gx_durable_submit(c->durable, store_cosignature, k, on_stored);
			return;
		}
	}
	st = GX_CORE_FORBIDDEN;
	why = "the cosignature verifies against none of the recent checkpoints";
out:
	for (size_t j = 0; j < n; j++)
		gx_tlog_checkpoint_row_clear(&rows[j]);
	free(scratch);
	free(text);
	done(arg, st, why);
}
