#ifndef GX_CERTIFICATES_VERIFY_H
#define GX_CERTIFICATES_VERIFY_H

/** The public /verify page's two inputs and its decision (no login; it
 *  says whether the platform issued a certificate, when, of what type and
 *  by which organisation — never anything about the person).
 *
 *  Input: the form field `code` (gx_cert_code_parse, code.h), or an
 *  uploaded PDF (one multipart part, at most GX_CERT_UPLOAD_MAX bytes)
 *  whose code gx_cert_code_from_pdf finds in its metadata. The page then
 *  looks the code up in the store of issued certificates and hands the
 *  record found (or none) to gx_cert_decide. */

#include <stddef.h>

#include "certificates/code.h"
#include "certificates/statement.h"

/** The largest upload read (a certificate is about 100 KiB). */
#define GX_CERT_UPLOAD_MAX (4 * 1024 * 1024)

enum gx_cert_upload_fault {
	GX_CERT_UPLOAD_OK,
	GX_CERT_UPLOAD_EMPTY,
	GX_CERT_UPLOAD_TOO_LARGE,  /* more than GX_CERT_UPLOAD_MAX bytes (a 413) */
	GX_CERT_UPLOAD_NOT_PDF,    /* does not start with "%PDF-" */
	GX_CERT_UPLOAD_NO_CODE,    /* a PDF without a certificate code in its metadata */
	GX_CERT_UPLOAD_AMBIGUOUS,  /* two different codes: not a file the platform wrote */
};

/** Finds the code of an uploaded certificate: the bytes must start with
 *  "%PDF-" and hold "(" GX_CERT_PDF_MARKER CODE ")" with CODE in canonical
 *  form — how the platform writes its PDFs' Keywords. Other occurrences of
 *  the marker are ignored; two different codes are refused. Reads only
 *  bytes[0 .. len), untrusted. */
enum gx_cert_upload_fault gx_cert_code_from_pdf(const unsigned char *bytes, size_t len, struct gx_cert_code *out);

/** A short English sentence for a fault (a constant). */
const char *gx_cert_upload_fault_text(enum gx_cert_upload_fault f);

/** What the store holds for an issued certificate. */
struct gx_cert_record {
	const char *statement;   /* the signed statement (statement.h) */
	size_t statement_len;
	const char *signature;   /* base64url, NUL-terminated */
};

enum gx_cert_verdict {
	GX_CERT_GENUINE,       /* issued by the platform; an uploaded file is exactly the one issued */
	GX_CERT_UNKNOWN,       /* the platform issued no certificate with this code */
	GX_CERT_ALTERED,       /* the code is the platform's, the uploaded file is not the one issued */
	GX_CERT_UNVERIFIABLE,  /* the stored record fails its own checks: a server fault, logged, never "genuine" */
};

/** The decision: code as looked up, found the store's record for it (NULL
 *  when none), pdf the uploaded bytes (NULL when only a code was typed).
 *  facts is filled for GX_CERT_GENUINE and GX_CERT_ALTERED (what the
 *  platform did issue under this code). */
enum gx_cert_verdict gx_cert_decide(const struct gx_cert_code *code, const struct gx_cert_record *found,
				    const unsigned char *pdf, size_t pdf_len, struct gx_cert_facts *facts);

/** The verdict's name: "genuine", "unknown", "altered", "unverifiable". */
const char *gx_cert_verdict_name(enum gx_cert_verdict v);

#endif
