#ifndef GX_CORE_CERT_VERIFY_H
#define GX_CORE_CERT_VERIFY_H

/** What the public /verify page asks of the domain: the record stored for
 *  a code (issued_certificates: code, signed statement, signature; nothing
 *  about the person) and certificates/verify.h's decision over it and an
 *  uploaded file, if any. */

#include <stddef.h>

#include "certificates/verify.h"
#include "store/store.h"

/** The verdict for code (and pdf, NULL when only a code was typed); facts
 *  as gx_cert_decide fills them. *statement and *signature (NULL when
 *  unknown) point into out_record, which the caller frees with free(). A
 *  store error gives -1. */
struct gx_cert_lookup {
	enum gx_cert_verdict verdict;
	struct gx_cert_facts facts;
	char *statement;            /* malloc'ed: free it */
	char signature[100];
};
/** The title of certificate type id in lang ("fr", "de", "en"; others: "de"), or id. */
const char *gx_cert_type_title_of(const char *id, const char *lang);

int gx_cert_verify(struct gx_store_conn *db, const struct gx_cert_code *code, const unsigned char *pdf, size_t len,
		   struct gx_cert_lookup *out);

#endif
