#ifndef GX_CERTIFICATES_TESTUTIL_H
#define GX_CERTIFICATES_TESTUTIL_H

/** Test helpers shared by the certificates unit tests: a scratch folder,
 *  the synthetic data of the test certificates, rendering them, and what
 *  pdftotext (poppler-utils) reads in a PDF. The names are synthetic. */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certificates/data.h"
#include "certificates/render.h"

/** 2026-11-18T13:32:05Z: 14:32 in Luxembourg (winter time). */
#define GX_TEST_AT 1795008725000000LL

static const char gx_test_residence[] =
	"{\"given_name\": \"Łukasz Zoë\", \"family_name\": \"Müller-Gonçalves\", \"birth_date\": \"1985-03-14\","
	" \"address\": {\"street\": \"rue de la Gare\", \"house_number\": \"12\", \"postcode\": \"L-4240\","
	" \"locality\": \"Esch-sur-Alzette\", \"commune\": \"Esch-sur-Alzette\"}, \"resident_since\": \"2019-06-01\"}";

static const char gx_test_household[] =
	"{\"address\": {\"street\": \"Grand-Rue\", \"house_number\": \"3A\", \"postcode\": \"L-9050\","
	" \"locality\": \"Ettelbruck\", \"commune\": \"Ettelbruck\"}, \"members\": ["
	"{\"given_name\": \"José\", \"family_name\": \"Nuñez\", \"birth_date\": \"1979-11-02\"},"
	"{\"given_name\": \"Ștefan\", \"family_name\": \"Țărană\", \"birth_date\": \"1981-01-01\"},"
	"{\"given_name\": \"Inês\", \"family_name\": \"Gonçalves Nuñez\", \"birth_date\": \"2012-07-23\"}]}";

static inline void gx_test_die(const char *what)
{
	fprintf(stderr, "test helper failed: %s\n", what);
	abort();
}

/** A fresh scratch folder (mkdtemp) in dir[64]. */
static inline void gx_test_tmpdir(char dir[64])
{
	snprintf(dir, 64, "/tmp/gx_cert_XXXXXX");
	if (mkdtemp(dir) == NULL)
		gx_test_die("mkdtemp");
}

/** Removes a scratch folder and what is in it. */
static inline void gx_test_rmdir(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		gx_test_die("rm -rf");
}

static inline json_t *gx_test_data(enum gx_cert_type t, const char *text)
{
	json_t *data = NULL;
	struct gx_json_error err;
	if (gx_cert_data_parse(t, text, strlen(text), &data, &err) != 0) {
		fprintf(stderr, "test data at %s: %s\n", err.pointer, err.detail);
		gx_test_die("test data");
	}
	return data;
}

/** A document of type t in lang over data, code "7KQ2…" made of the bytes 1..10. */
static inline struct gx_cert_doc gx_test_doc(enum gx_cert_type t, enum gx_cert_lang lang, const json_t *data)
{
	static const unsigned char random[GX_CERT_CODE_RANDOM_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	struct gx_cert_doc doc = {.type = t, .lang = lang, .platform = "Guichet",
				  .organisation_title = "Administration communale",
				  .site_url = "https://guichet.example", .issued_at_us = GX_TEST_AT, .data = data};
	gx_cert_code_from_random(random, &doc.code);
	return doc;
}

static inline void gx_test_write(const char *path, const void *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
		gx_test_die("write");
}

/** Reads a whole file (NUL-terminated, malloc'ed). */
static inline char *gx_test_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		gx_test_die("open");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				gx_test_die("realloc");
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

/** What pdftotext reads in pdf (UTF-8, in content order; malloc'ed). */
static inline char *gx_test_pdftotext(const char *dir, const unsigned char *pdf, size_t len)
{
	char in[128], out[128], cmd[512];
	snprintf(in, sizeof(in), "%s/doc.pdf", dir);
	snprintf(out, sizeof(out), "%s/doc.txt", dir);
	gx_test_write(in, pdf, len);
	/* stderr too: poppler's complaints about the file must not go unseen */
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -raw '%s' '%s' 2>'%s.err'", in, out, out);
	if (system(cmd) != 0)
		gx_test_die("pdftotext (poppler-utils)");
	snprintf(cmd, sizeof(cmd), "%s.err", out);
	size_t errlen = 0;
	free(gx_test_read(cmd, &errlen));
	if (errlen != 0)
		gx_test_die("pdftotext complained about the PDF");
	return gx_test_read(out, NULL);
}

#endif
