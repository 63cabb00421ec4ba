/* libFuzzer driver: the body of POST /v1/corrections, checked against the
 * persons register's description (correction rules and evidence from
 * registers/persons.json, embedded below so the driver needs no file).
 * Whatever the bytes, the parser accepts a request whose every part holds
 * (a correctable attribute, a proposed value other than the doubted one,
 * files of the attribute's types within its limits, a hash and a stored
 * form without the bytes), or refuses it with a 4xx naming a member. */

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registryd/correction_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char description[] =
	"{\"name\":\"persons\",\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},\"keys\":[\"national_id\"],"
	"\"attributes\":{"
	"\"address.street\":{\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},\"correctable\":true,\"correction\":"
	"{\"field\":{\"kind\":\"text\",\"min_length\":1,\"max_length\":100},\"evidence\":{\"types\":[\"application/pdf\","
	"\"image/jpeg\",\"image/png\"],\"max_bytes\":64,\"max_files\":3}}},"
	"\"address.postcode\":{\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},\"correctable\":true,\"correction\":"
	"{\"field\":{\"kind\":\"text\",\"pattern\":\"^L-[0-9]{4}$\"}}},"
	"\"given_name\":{\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},\"correctable\":true,\"correction\":"
	"{\"evidence\":{\"types\":[\"image/png\"],\"max_bytes\":32,\"required\":true}}},"
	"\"children\":{\"titles\":{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"},\"correctable\":false}}}";

static struct gx_register_description *d;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	if (d == NULL && (sodium_init() < 0 || gx_register_description_parse(description, strlen(description), &d, err,
									       sizeof(err)) != 0))
		abort();
	struct gx_correction_filing f;
	struct gx_correction_fault fault;
	if (gx_correction_filing_parse((const char *)data, size, d, &f, &fault) != 0) {
		int status = gx_err_info(fault.err)->status;
		if ((status < 400 || status >= 500) && fault.err != GX_ERR_INTERNAL)
			abort();
		if (fault.detail[0] == '\0' || f.json != NULL || f.nfiles != 0)
			abort();
		return 0;
	}
	if (f.attr == NULL || !f.attr->correctable || f.request_json == NULL || strlen(f.request_hash) != 64 ||
	    f.nfiles > f.attr->evidence.max_files || (f.attr->evidence.required && f.nfiles == 0) ||
	    (f.current_value != NULL && strcmp(f.current_value, f.proposed) == 0))
		abort();
	for (size_t i = 0; i < f.nfiles; i++)
		if (f.files[i].size == 0 || f.files[i].size > f.attr->evidence.max_bytes ||
		    !gx_register_evidence_type_ok(&f.attr->evidence, f.files[i].type) || strlen(f.files[i].sha256) != 64)
			abort();
	/* The stored form is JSON and carries no file's bytes. */
	json_error_t e;
	json_t *stored = json_loads(f.request_json, 0, &e);
	if (stored == NULL || json_array_size(json_object_get(stored, "evidence")) != f.nfiles)
		abort();
	json_decref(stored);
	gx_correction_filing_clear(&f);
	return 0;
}
