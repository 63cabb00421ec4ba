/* /verify's lookup and decision (cert_verify.h). */

#include "core/cert_verify.h"

#include <string.h>

#include "certificates/types.h"
#include "store/letterbox.h"

int gx_cert_verify(struct gx_store_conn *db, const struct gx_cert_code *code, const unsigned char *pdf, size_t len,
		   struct gx_cert_lookup *out)
{
	memset(out, 0, sizeof(*out));
	struct gx_cert_row row;
	enum gx_db_status st = gx_store_cert_get(db, code->text, &row);
	if (st < 0)
		return -1;
	struct gx_cert_record rec = {0};
	if (st == GX_DB_ONE_RESULT) {
		rec = (struct gx_cert_record){.statement = row.statement, .statement_len = strlen(row.statement),
					      .signature = row.signature};
		out->statement = row.statement;
		memcpy(out->signature, row.signature, sizeof(out->signature));
	}
	out->verdict = gx_cert_decide(code, st == GX_DB_ONE_RESULT ? &rec : NULL, pdf, len, &out->facts);
	return 0;
}

const char *gx_cert_type_title_of(const char *id, const char *lang)
{
	enum gx_cert_type t;
	enum gx_cert_lang l;
	if (!gx_cert_type_from_id(id, &t))
		return id;
	if (lang == NULL || !gx_cert_lang_from_code(lang, &l))
		l = GX_CERT_DE;
	return gx_cert_type_title(t, l);
}
