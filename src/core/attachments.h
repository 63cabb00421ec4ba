#ifndef GX_CORE_ATTACHMENTS_H
#define GX_CORE_ATTACHMENTS_H

/** Files for a draft's file fields, shared by the API
 *  (portal/api/attachments.c) and the pages (portal/pages/attachments.c): a file is typed
 *  by its first bytes (never by what the client says), checked against its
 *  field's types, size and count, and stored in one transaction with its id
 *  added to the draft's value of the field. Downloadable by the space's
 *  members only. */

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/ctx.h"
#include "procedures/file_place.h"

/** Why a file was not taken; GX_UPLOAD_OK when it was stored. */
enum gx_upload_fault {
	GX_UPLOAD_OK,
	GX_UPLOAD_NO_PLACE,      /* the place names no file field of the procedure (or no such group item) */
	GX_UPLOAD_NO_FILE,       /* no file chosen, or an empty one */
	GX_UPLOAD_TOO_LARGE,     /* over the field's max_bytes */
	GX_UPLOAD_WRONG_TYPE,    /* not one of the field's types (read from the bytes) */
	GX_UPLOAD_TOO_MANY,      /* the field already holds max_files */
	GX_UPLOAD_DRAFT_GONE,    /* deleted or submitted meanwhile */
	GX_UPLOAD_STORE_FAILED,  /* the store could not write it: try again */
};

/** What gx_attachment_add decided, for its caller's answer (the operation's pool). */
struct gx_upload {
	enum gx_upload_fault fault;
	struct gx_file_place place;    /* where it goes (place.field NULL when GX_UPLOAD_NO_PLACE) */
	struct gx_attachment a;        /* what was stored (GX_UPLOAD_OK) */
};

typedef void (*gx_upload_done_fn)(void *arg, const struct gx_upload *u);

/** Adds a file to the draft d (loaded in its space) at place (a form name,
 *  procedures/file_place.h: "rabies_certificate", "invoices.0.invoice").
 *  name: the file's name as the client sent it (cleaned here; may be NULL).
 *  bytes must live as long as the operation. done is called exactly once,
 *  with the fault or the stored attachment: at once when a check fails,
 *  else after the group commit. Returns 0, or -1 before anything was called
 *  (the draft's procedure is not loaded: a fault). */
int gx_attachment_add(const struct gx_core_ctx *c, const struct gx_draft *d, const char *place, const char *name,
		      size_t name_len, const char *bytes, size_t len, gx_upload_done_fn done, void *arg);

/** Called once the removal is durable: result GX_DB_ONE_RESULT, with the
 *  pointer of the value the id was taken from (for the step to go back to;
 *  "" when none held it); GX_DB_NO_RESULTS when the draft has no such file;
 *  < 0 when the store failed or did not take the write. */
typedef void (*gx_removal_done_fn)(void *arg, enum gx_db_status result, const char *pointer);

/** Removes attachment id from draft draft (loaded in its space) and its id
 *  from the draft's data; done runs exactly once. */
void gx_attachment_remove(const struct gx_core_ctx *c, struct gx_draft_id draft, const char *id,
			  gx_removal_done_fn done, void *arg);

/** The attachments of a draft or submission as a JSON array (new reference)
 *  of {id, field, name, content_type, size}; NULL when the store failed. */
json_t *gx_attachments_list(struct gx_store_conn *db, enum gx_attachment_owner owner, long long owner_id);

/** Reads attachment id with its bytes if it belongs to space (a file of
 *  another space is GX_DB_NO_RESULTS). Clear out with gx_attachment_clear. */
enum gx_db_status gx_attachment_read(const struct gx_core_ctx *c, struct gx_space_id space, const char *id,
				     struct gx_attachment *out);

/** Reads attachment id with its bytes if it belongs to submission (its
 *  form files, answers and decision): as gx_attachment_read. */
enum gx_db_status gx_attachment_of_submission(struct gx_store_conn *db, long long submission, const char *id,
					      struct gx_attachment *out);

/** {id: field} of such a list (new reference): what the validator checks ids against. */
json_t *gx_attachments_by_id(const json_t *list);

/** The type of a file from its first bytes: application/pdf, image/png,
 *  image/jpeg, image/tiff, or NULL when none of these. */
const char *gx_sniff_type(const unsigned char *data, size_t len);

/** A file's name fit to keep and show: the part after the last '/' or '\',
 *  control characters and bytes that are not UTF-8 replaced by '_',
 *  surrounding spaces trimmed, cut at a character boundary to fit out
 *  (GX_ATTACHMENT_NAME_MAX). "" when nothing is left. */
void gx_attachment_clean_name(const char *raw, size_t len, char out[GX_ATTACHMENT_NAME_MAX]);


#endif
