/* The platform's side of the source protocol's corrections (correction_client.h). */

#include "sources/correction_client.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/spec.h"

static const char *const statuses[] = {"open", "in_review", "accepted", "rejected", "rerouted", "withdrawn", NULL};

char *gx_correction_filing_body(const struct gx_correction_out *f)
{
	json_t *files = json_array();
	for (size_t i = 0; files != NULL && i < f->nfiles; i++) {
		size_t b64len = sodium_base64_ENCODED_LEN(f->files[i].size, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(b64len);
		if (b64 == NULL) {
			json_decref(files);
			return NULL;
		}
		sodium_bin2base64(b64, b64len, f->files[i].data, f->files[i].size, sodium_base64_VARIANT_ORIGINAL);
		json_array_append_new(files, json_pack("{s:s, s:s}", "name", f->files[i].name, "data", b64));
		free(b64);
	}
	json_t *body = json_pack("{s:s, s:{s:s, s:s}, s:s, s:{s:s?, s:I}, s:s, s:s, s:{s:s, s:s?}, s:o}", "request_id",
				 f->request_id, "subject", "type", f->subject_type, "value", f->subject, "attribute",
				 f->attribute, "current", "value", f->current_value, "version",
				 (json_int_t)f->current_version, "proposed", f->proposed, "explanation", f->explanation,
				 "requester", "organisation", f->organisation, "on_behalf_of", f->on_behalf_of, "evidence",
				 files);
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return text;
}

static bool date_ok(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static bool status_ok(const char *s)
{
	for (size_t i = 0; s != NULL && statuses[i] != NULL; i++)
		if (strcmp(s, statuses[i]) == 0)
			return true;
	return false;
}

/* The bytes as a JSON object of bounded size and depth, or NULL with why. */
static json_t *load(const char *body, size_t len, char *why, size_t whylen)
{
	json_error_t e;
	if (len > GX_CORRECTION_ANSWER_MAX_BYTES || !gx_json_depth_ok(body, len, 4)) {
		snprintf(why, whylen, "the answer is too large or too deep");
		return NULL;
	}
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
	if (!json_is_object(root)) {
		json_decref(root);
		snprintf(why, whylen, "the answer is not a JSON object");
		return NULL;
	}
	return root;
}

int gx_correction_state_parse(const char *body, size_t len, struct gx_correction_state *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	json_t *root = load(body, len, why, whylen);
	if (root == NULL)
		return -1;
	json_t *id = json_object_get(root, "id"), *overdue = json_object_get(root, "overdue");
	const char *status = json_string_value(json_object_get(root, "status"));
	const char *due = json_string_value(json_object_get(root, "due"));
	int rc = -1;
	if (!json_is_integer(id) || json_integer_value(id) <= 0)
		snprintf(why, whylen, "id is not a positive integer");
	else if (!status_ok(status))
		snprintf(why, whylen, "status is not one of the protocol's");
	else if (!date_ok(due))
		snprintf(why, whylen, "due is not a date");
	else if (overdue != NULL && !json_is_boolean(overdue))
		snprintf(why, whylen, "overdue is not a boolean");
	else {
		out->id = json_integer_value(id);
		snprintf(out->status, sizeof(out->status), "%s", status);
		memcpy(out->due, due, 11);
		out->overdue = json_is_true(overdue);
		rc = 0;
	}
	json_decref(root);
	return rc;
}

static const char *opt_string(json_t *o, const char *k, size_t max, bool *ok)
{
	json_t *v = json_object_get(o, k);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v))
		*ok = false;
	return json_string_value(v);
}

int gx_correction_feed_parse(const char *body, size_t len, long long after, struct gx_correction_feed *out, char *why,
			     size_t whylen)
{
	memset(out, 0, sizeof(*out));
	out->root = load(body, len, why, whylen);
	if (out->root == NULL)
		return -1;
	json_t *list = json_object_get(out->root, "decisions"), *last = json_object_get(out->root, "last");
	if (!json_is_array(list) || json_array_size(list) > GX_CORRECTION_FEED_PAGE || !json_is_integer(last) ||
	    json_integer_value(last) < after) {
		snprintf(why, whylen, "decisions is not an array of at most %d, or last is not a number from after",
			 GX_CORRECTION_FEED_PAGE);
		goto fail;
	}
	out->last = json_integer_value(last);
	long long prev = after;
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d) {
		struct gx_correction_decision *x = &out->items[i];
		json_t *seq = json_object_get(d, "seq"), *id = json_object_get(d, "id"), *version = json_object_get(d, "version");
		bool ok = json_is_object(d) && json_is_integer(seq) && json_integer_value(seq) > prev &&
			  json_integer_value(seq) <= out->last && json_is_integer(id) && json_integer_value(id) > 0;
		x->request_id = opt_string(d, "request_id", 128, &ok);
		x->status = opt_string(d, "status", 16, &ok);
		x->reason = opt_string(d, "reason", 2000, &ok);
		x->rerouted_to = opt_string(d, "rerouted_to", 64, &ok);
		x->as_of = opt_string(d, "as_of", 10, &ok);
		if (!ok || x->request_id == NULL || !status_ok(x->status) || strcmp(x->status, "open") == 0 ||
		    (strcmp(x->status, "rejected") == 0 && x->reason == NULL) ||
		    (strcmp(x->status, "rerouted") == 0 && x->rerouted_to == NULL) ||
		    (strcmp(x->status, "accepted") == 0 &&
		     (!json_is_integer(version) || json_integer_value(version) < 1 || !date_ok(x->as_of)))) {
			snprintf(why, whylen, "decision %zu is not one the protocol allows", i);
			goto fail;
		}
		x->seq = json_integer_value(seq);
		x->id = json_integer_value(id);
		x->version = json_is_integer(version) ? json_integer_value(version) : 0;
		prev = x->seq;
		out->n = i + 1;
	}
	return 0;
fail:
	gx_correction_feed_free(out);
	return -1;
}

void gx_correction_feed_free(struct gx_correction_feed *f)
{
	json_decref(f->root);
	memset(f, 0, sizeof(*f));
}
