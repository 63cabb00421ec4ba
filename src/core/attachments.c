/* Files for a draft's file fields: the checks and the durable writes the
 * API and the pages share. A file is added in one transaction with its id
 * appended to the draft's value at its place, so the count a field holds is
 * checked where no other upload can slip in between. */

#include "core/attachments.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/definition.h"
#include "util/file_type.h"

const char *gx_sniff_type(const unsigned char *d, size_t n)
{
	return gx_file_type_sniff(d, n);
}

/* The length of the UTF-8 character at s (at most n bytes), or 0 when it is not one. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) || (s[0] == 0xF0 && s[1] < 0x90) ||
	    (s[0] == 0xF4 && s[1] > 0x8F))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return len;
}

void gx_attachment_clean_name(const char *raw, size_t len, char out[GX_ATTACHMENT_NAME_MAX])
{
	if (raw == NULL)
		raw = "", len = 0;
	size_t start = 0;
	for (size_t i = 0; i < len; i++)
		if (raw[i] == '/' || raw[i] == '\\')
			start = i + 1;
	const unsigned char *s = (const unsigned char *)raw + start;
	size_t n = len - start, o = 0;
	for (size_t i = 0; i < n;) {
		size_t c = utf8_char(s + i, n - i);
		if (o + (c > 0 ? c : 1) >= GX_ATTACHMENT_NAME_MAX)
			break;
		if (c == 0 || (c == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
			out[o++] = '_';
			i += c > 0 ? c : 1;
			continue;
		}
		memcpy(out + o, s + i, c);
		o += c;
		i += c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	size_t lead = strspn(out, " ");
	memmove(out, out + lead, o - lead + 1);
}

static bool type_allowed(const json_t *file, const char *type)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(file, "types"), i, t) {
		if (json_is_string(t) && strcmp(json_string_value(t), type) == 0)
			return true;
	}
	return false;
}

/* --- the draft's data ------------------------------------------------------------ */

/* The array at pointer ("/a" or "/g/0/a" …) in data, made when absent: a
 * missing group gets its array, an item one past the last is appended (the
 * page shows an empty first item before anything is saved). NULL when the
 * place does not exist and cannot be made. */
static json_t *array_at(json_t *data, const char *pointer)
{
	char buf[GX_FILE_POINTER_MAX];
	snprintf(buf, sizeof(buf), "%s", pointer);
	json_t *cur = data;
	char *save = NULL;
	for (char *seg = strtok_r(buf + 1, "/", &save); seg != NULL; seg = strtok_r(NULL, "/", &save)) {
		bool last = save == NULL || *save == '\0';
		if (json_is_object(cur)) {
			json_t *next = json_object_get(cur, seg);
			if (!json_is_array(next)) {
				if (next != NULL && !json_is_null(next) && !last)
					return NULL; /* a group whose value is not a list: the check will say so */
				next = json_array();
				if (next == NULL || json_object_set_new(cur, seg, next) != 0)
					return NULL;
			}
			cur = next;
			if (last)
				return cur;
		} else if (json_is_array(cur)) {
			size_t index = strtoul(seg, NULL, 10);
			json_t *item = json_array_get(cur, index);
			if (item == NULL && index == json_array_size(cur) && index < GX_FILE_ITEMS_MAX) {
				item = json_object();
				if (item == NULL || json_array_append_new(cur, item) != 0)
					return NULL;
			}
			if (!json_is_object(item))
				return NULL;
			cur = item;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* Removes the string id from every array in v; the pointer of the first
 * array that held it goes into found (when still empty). */
static void remove_id(json_t *v, const char *id, char *pointer, size_t len, char *found, size_t foundlen)
{
	size_t i;
	const char *k;
	json_t *x;
	if (json_is_array(v)) {
		for (i = json_array_size(v); i-- > 0;) {
			x = json_array_get(v, i);
			if (json_is_string(x) && strcmp(json_string_value(x), id) == 0) {
				json_array_remove(v, i);
				if (found[0] == '\0')
					snprintf(found, foundlen, "%.*s", (int)len, pointer);
			} else if (json_is_array(x) || json_is_object(x)) {
				int n = snprintf(pointer + len, GX_FILE_POINTER_MAX - len, "/%zu", i);
				if (n > 0 && (size_t)n < GX_FILE_POINTER_MAX - len)
					remove_id(x, id, pointer, len + (size_t)n, found, foundlen);
			}
		}
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			size_t kl = strlen(k);
			if (len + 1 + kl >= GX_FILE_POINTER_MAX)
				continue;
			pointer[len] = '/';
			memcpy(pointer + len + 1, k, kl + 1);
			remove_id(x, id, pointer, len + 1 + kl, found, foundlen);
		}
	}
	pointer[len] = '\0';
}

/* Saves data into the draft (its step unchanged), inside the caller's transaction. */
static enum gx_db_status save_data(struct gx_store_conn *w, const struct gx_draft *d, const json_t *data,
				   long long at_us)
{
	char *text = json_dumps(data, JSON_COMPACT);
	if (text == NULL)
		return GX_DB_HARD_ERROR;
	enum gx_db_status st = gx_store_draft_save(w, d->id, text, d->step, at_us);
	free(text);
	return st;
}

/* --- adding ------------------------------------------------------------------------ */

struct adding {
	struct gx_upload u;
	long long max_files;
	gx_upload_done_fn done;
	void *arg;
};

/* In the writer's transaction (which may be run again: nothing outside it). */
static enum gx_db_status write_added(struct gx_store_conn *w, void *arg)
{
	struct adding *ad = arg;
	ad->u.fault = GX_UPLOAD_OK;
	struct gx_draft d;
	enum gx_db_status st = gx_store_draft_get(w, ad->u.a.draft_id, &d);
	if (st == GX_DB_NO_RESULTS)
		ad->u.fault = GX_UPLOAD_DRAFT_GONE;
	if (st <= 0)
		return st;
	json_error_t err;
	json_t *data = json_loads(d.data_json != NULL ? d.data_json : "{}", 0, &err);
	json_t *files = json_is_object(data) ? array_at(data, ad->u.place.pointer) : NULL;
	if (files == NULL) {
		ad->u.fault = GX_UPLOAD_NO_PLACE;
		st = GX_DB_NO_RESULTS;
	} else if (ad->max_files > 0 && (long long)json_array_size(files) >= ad->max_files) {
		ad->u.fault = GX_UPLOAD_TOO_MANY;
		st = GX_DB_NO_RESULTS;
	} else if (json_array_append_new(files, json_string(ad->u.a.id)) != 0) {
		st = GX_DB_HARD_ERROR;
	} else if ((st = gx_store_attachment_put(w, &ad->u.a)) >= 0) {
		st = save_data(w, &d, data, ad->u.a.created_at_us);
	}
	json_decref(data);
	gx_draft_clear(&d);
	return st;
}

static void on_added(void *arg, enum gx_db_status result)
{
	struct adding *ad = arg;
	if (result < 0)
		ad->u.fault = GX_UPLOAD_STORE_FAILED;
	else if (result == GX_DB_NO_RESULTS && ad->u.fault == GX_UPLOAD_OK)
		ad->u.fault = GX_UPLOAD_DRAFT_GONE;
	ad->done(ad->arg, &ad->u);
}

static int refuse(struct adding *ad, enum gx_upload_fault fault)
{
	ad->u.fault = fault;
	ad->done(ad->arg, &ad->u);
	return 0;
}

int gx_attachment_add(const struct gx_core_ctx *c, const struct gx_draft *d, const char *place, const char *name,
		      size_t name_len, const char *bytes, size_t len, gx_upload_done_fn done, void *arg)
{
	struct adding *ad = gx_core_alloc(c, sizeof(*ad));
	ad->done = done;
	ad->arg = arg;
	struct gx_attachment *a = &ad->u.a;
	a->space_id = d->space_id;
	a->draft_id = d->id;
	const struct gx_procedure *p = gx_core_procedure(c, d->procedure_id);
	if (p == NULL)
		return -1;
	if (gx_file_place_resolve(gx_procedure_json(p), place, &ad->u.place) != 0) {
		memset(&ad->u.place, 0, sizeof(ad->u.place));
		return refuse(ad, GX_UPLOAD_NO_PLACE);
	}
	const json_t *file = json_object_get(ad->u.place.field, "file");
	long long max_bytes = json_integer_value(json_object_get(file, "max_bytes"));
	ad->max_files = json_integer_value(json_object_get(file, "max_files"));
	if (len == 0)
		return refuse(ad, GX_UPLOAD_NO_FILE);
	if (max_bytes > 0 && (long long)len > max_bytes)
		return refuse(ad, GX_UPLOAD_TOO_LARGE);
	const char *type = gx_sniff_type((const unsigned char *)bytes, len);
	if (type == NULL || !type_allowed(file, type))
		return refuse(ad, GX_UPLOAD_WRONG_TYPE);

	unsigned char raw[16], digest[crypto_hash_sha256_BYTES];
	randombytes_buf(raw, sizeof(raw));
	memcpy(a->id, "att_", 4);
	sodium_bin2hex(a->id + 4, sizeof(a->id) - 4, raw, sizeof(raw));
	crypto_hash_sha256(digest, (const unsigned char *)bytes, len);
	sodium_bin2hex(a->sha256, sizeof(a->sha256), digest, sizeof(digest));
	snprintf(a->field, sizeof(a->field), "%s", ad->u.place.path);
	snprintf(a->content_type, sizeof(a->content_type), "%s", type);
	gx_attachment_clean_name(name != NULL ? name : "", name != NULL ? name_len : 0, a->name);
	a->size = (long long)len;
	a->data = bytes; /* lives as long as the operation */
	a->created_at_us = c->now_us;
	gx_durable_submit(c->durable, write_added, ad, on_added);
	return 0;
}

/* --- removing ------------------------------------------------------------------------ */

struct removing {
	long long draft_id;
	char id[40];
	char pointer[GX_FILE_POINTER_MAX];
	long long at_us;
	gx_removal_done_fn done;
	void *arg;
};

static enum gx_db_status write_removed(struct gx_store_conn *w, void *arg)
{
	struct removing *rm = arg;
	rm->pointer[0] = '\0';
	enum gx_db_status st = gx_store_attachment_delete(w, rm->id, rm->draft_id);
	if (st <= 0)
		return st;
	struct gx_draft d;
	if ((st = gx_store_draft_get(w, rm->draft_id, &d)) <= 0)
		return st;
	json_error_t err;
	json_t *data = json_loads(d.data_json != NULL ? d.data_json : "{}", 0, &err);
	if (data != NULL) {
		char walk[GX_FILE_POINTER_MAX] = "";
		remove_id(data, rm->id, walk, 0, rm->pointer, sizeof(rm->pointer));
		st = save_data(w, &d, data, rm->at_us);
	}
	json_decref(data);
	gx_draft_clear(&d);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

static void on_removed(void *arg, enum gx_db_status result)
{
	struct removing *rm = arg;
	rm->done(rm->arg, result, rm->pointer);
}

void gx_attachment_remove(const struct gx_core_ctx *c, struct gx_draft_id draft, const char *id,
			  gx_removal_done_fn done, void *arg)
{
	struct removing *rm = gx_core_alloc(c, sizeof(*rm));
	rm->draft_id = draft.v;
	snprintf(rm->id, sizeof(rm->id), "%s", id);
	rm->at_us = c->now_us;
	rm->done = done;
	rm->arg = arg;
	gx_durable_submit(c->durable, write_removed, rm, on_removed);
}

/* --- reading -------------------------------------------------------------------------- */

enum gx_db_status gx_attachment_read(struct gx_store_conn *db, struct gx_space_id space, const char *id,
				     struct gx_attachment *out)
{
	memset(out, 0, sizeof(*out));
	if (id == NULL || strlen(id) != 36) /* "att_" and 32 hex digits */
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_attachment_get(db, id, true, out);
	if (st == GX_DB_ONE_RESULT && out->space_id != space.v) {
		gx_attachment_clear(out);
		return GX_DB_NO_RESULTS;
	}
	return st;
}

enum gx_db_status gx_attachment_of_submission(struct gx_store_conn *db, long long submission, const char *id,
					      struct gx_attachment *out)
{
	memset(out, 0, sizeof(*out));
	if (id == NULL || strlen(id) != 36) /* "att_" and 32 hex digits */
		return GX_DB_NO_RESULTS;
	enum gx_db_status st = gx_store_attachment_get(db, id, true, out);
	if (st == GX_DB_ONE_RESULT && out->submission_id != submission) {
		gx_attachment_clear(out);
		return GX_DB_NO_RESULTS;
	}
	return st;
}

json_t *gx_attachments_list(struct gx_store_conn *db, enum gx_attachment_owner owner, long long owner_id)
{
	char *text = NULL;
	if (gx_store_attachments_list(db, owner, owner_id, &text) < 0)
		return NULL;
	json_error_t err;
	json_t *list = json_loads(text != NULL ? text : "[]", 0, &err);
	free(text);
	return list;
}

json_t *gx_attachments_by_id(const json_t *list)
{
	json_t *map = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		const char *id = json_string_value(json_object_get(a, "id"));
		if (id != NULL)
			json_object_set(map, id, json_object_get(a, "field"));
	}
	return map;
}
