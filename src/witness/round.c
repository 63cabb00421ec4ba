#include "witness/round.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "log/oplog.h"
#include "translog/b64.h"
#include "translog/checkpoint.h"
#include "translog/note.h"
#include "translog/proof.h"
#include "translog/proof_json.h"
#include "witness/decide.h"

#define CHECKPOINT_MAX GX_NOTE_MAX_LEN

/* Fetches url into body; FAILED is logged here. */
static int fetch(struct gx_witness *w, const struct gx_witness_log *log, const char *url, size_t max,
		 struct gx_buf *body)
{
	long status = 0;
	char err[256] = "";
	gx_buf_reset(body);
	if (w->transport.get(w->transport.ctx, url, max, body, &status, err, sizeof(err)) != 0) {
		gx_oplog_event(GX_LOG_WARN, "witness_fetch_failed", NULL, "log %s: %s", log->key.name, err);
		return -1;
	}
	if (status != 200) {
		gx_oplog_event(GX_LOG_WARN, "witness_fetch_failed", NULL, "log %s: %s answered HTTP %ld", log->key.name,
			       url, status);
		return -1;
	}
	return 0;
}

static void log_refusal(const struct gx_witness_log *log, enum gx_witness_verdict v, const struct gx_witness_seen *last,
			const struct gx_checkpoint *c)
{
	char old_root[48], new_root[48];
	gx_tlog_b64_encode(last->root.b, sizeof(last->root.b), old_root, sizeof(old_root));
	gx_tlog_b64_encode(c->root.b, sizeof(c->root.b), new_root, sizeof(new_root));
	gx_oplog_event(GX_LOG_ERROR, "witness_refused", NULL,
		       "log %s: %s: cosigned size %" PRIu64 " root %s; offered size %" PRIu64 " root %s; not cosigned",
		       log->key.name, gx_witness_verdict_name(v), last->size, old_root, c->size, new_root);
}

/* Signs the checkpoint text and POSTs the line; sets log->delivered. */
static void deliver(struct gx_witness *w, struct gx_witness_log *log, const struct gx_note *n, uint64_t now)
{
	char line[GX_NOTE_NAME_MAX + 200], url[1200], err[256] = "";
	long status = 0;
	log->delivered = false;
	long len = gx_note_sign_line(&w->key, now, n->buf, n->text_len, line, sizeof(line));
	if (len < 0) {
		gx_oplog_event(GX_LOG_ERROR, "witness_sign_failed", NULL, "log %s: cannot sign", log->key.name);
		return;
	}
	snprintf(url, sizeof(url), "%s/cosignature", log->url);
	if (w->transport.post(w->transport.ctx, url, line, (size_t)len, &status, err, sizeof(err)) != 0 ||
	    status < 200 || status > 299) {
		gx_oplog_event(GX_LOG_WARN, "witness_post_failed", NULL, "log %s: %s (HTTP %ld); sent again next round",
			       log->key.name, err[0] ? err : "refused", status);
		return;
	}
	log->delivered = true;
}

/* Makes c the log's new state on disk, then in memory; -1 leaves both as they were. */
static int remember(struct gx_witness *w, const struct gx_witness_log *log, const struct gx_checkpoint *c,
		    const struct gx_note *n)
{
	char err[256];
	struct gx_witness_seen seen = {c->size, c->root};
	if (gx_witness_state_set(&w->state, log->key.name, &seen, n->buf) == 0 &&
	    gx_witness_state_save(w->state_path, &w->state, err, sizeof(err)) == 0)
		return 0;
	gx_oplog_event(GX_LOG_ERROR, "witness_state_failed", NULL, "log %s: the state cannot be saved; not cosigned",
		       log->key.name);
	/* the file is the truth: take it back */
	gx_witness_state_free(&w->state);
	if (gx_witness_state_load(w->state_path, &w->state, err, sizeof(err)) != 0)
		gx_oplog_event(GX_LOG_ERROR, "witness_state_failed", NULL, "%s", err);
	return -1;
}

enum gx_witness_outcome gx_witness_round(struct gx_witness *w, struct gx_witness_log *log, uint64_t now)
{
	static struct gx_note note; /* 16 KiB; the witness is single-threaded */
	struct gx_checkpoint c;
	struct gx_buf body = GX_BUF_INIT;
	char url[1200], err[256];
	enum gx_witness_outcome out = GX_WITNESS_FAILED;

	snprintf(url, sizeof(url), "%s/checkpoint", log->url);
	if (fetch(w, log, url, CHECKPOINT_MAX, &body) != 0)
		goto done;
	if (gx_checkpoint_open(gx_buf_cstr(&body), body.len, &log->key, &note, &c, err, sizeof(err)) !=
	    0) {
		gx_oplog_event(GX_LOG_WARN, "witness_bad_checkpoint", NULL, "log %s: %s", log->key.name, err);
		goto done;
	}
	const struct gx_witness_log_state *ls = gx_witness_state_find(&w->state, log->key.name);
	const struct gx_witness_seen *last = ls != NULL ? &ls->seen : NULL;
	enum gx_witness_verdict v = gx_witness_decide(last, &c, NULL);
	if (v == GX_WITNESS_NEEDS_PROOF) {
		struct gx_tlog_proof proof;
		snprintf(url, sizeof(url), "%s/consistency?from=%" PRIu64 "&to=%" PRIu64, log->url, last->size, c.size);
		if (fetch(w, log, url, GX_TLOG_PROOF_JSON_MAX, &body) != 0)
			goto done;
		if (gx_tlog_proof_json_parse(gx_buf_cstr(&body), body.len, &proof) != 0) {
			gx_oplog_event(GX_LOG_WARN, "witness_bad_proof", NULL, "log %s: the consistency proof is not "
				       "{\"proof\": [base64 hashes]}", log->key.name);
			goto done;
		}
		v = gx_witness_decide(last, &c, &proof);
	}
	if (gx_witness_verdict_is_refusal(v)) {
		log_refusal(log, v, last, &c);
		out = GX_WITNESS_REFUSED;
		goto done;
	}
	if (v == GX_WITNESS_SAME) {
		/* a cosignature the log never got (it was down) is sent again */
		if (!log->delivered)
			deliver(w, log, &note, now);
		out = GX_WITNESS_UNCHANGED;
		goto done;
	}
	/* COSIGN: durable first, then the cosignature leaves */
	if (remember(w, log, &c, &note) != 0)
		goto done;
	deliver(w, log, &note, now);
	gx_oplog_event(GX_LOG_INFO, "witness_cosigned", NULL, "log %s: size %" PRIu64 "%s", log->key.name, c.size,
		       log->delivered ? "" : " (not delivered yet)");
	out = GX_WITNESS_COSIGNED;
done:
	gx_buf_free(&body);
	return out;
}
