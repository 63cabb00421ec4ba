/** guichetctl certificates: render a certificate from a data file (an
 *  operator's and developer's tool, and the tests'), find the code in a
 *  PDF, and check a statement and a PDF offline (docs/certificates.md). */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certificates/data.h"
#include "certificates/issue.h"
#include "certificates/verify.h"
#include "guichetctl/commands.h"
#include "receipts/receipt.h"
#include "util/calendar.h"
#include "util/clock.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: guichetctl certificates render --type residence|household --data FILE.json --lang fr|de|en\n"
		"           --out FILE.pdf [--code CODE] [--at YYYY-MM-DDTHH:MM:SSZ] [--organisation-title TEXT]\n"
		"           [--platform NAME] [--site-url URL] [--font-dir DIR] [--key FILE --organisation ID]\n"
		"       guichetctl certificates code FILE.pdf\n"
		"       guichetctl certificates verify --key FILE --statement FILE --signature SIG [--pdf FILE]\n");
	return 2;
}

/* Reads at most max bytes of path into a new buffer (NUL-terminated). */
static char *slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = malloc(max + 2);
	size_t n = buf != NULL ? fread(buf, 1, max + 1, f) : 0;
	bool bad = buf == NULL || ferror(f) || n > max;
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* "YYYY-MM-DDTHH:MM:SSZ" as microseconds since 1970, or -1. */
static int parse_at(const char *s, long long *at_us)
{
	int y, mo, d, h, mi, sec;
	char z;
	if (strlen(s) != 20 || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 || z != 'Z' ||
	    !gx_cal_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return -1;
	*at_us = ((long long)gx_cal_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000000;
	return 0;
}

/* Loads an existing receipt key (never creates one here). */
static int load_key(const char *path)
{
	char err[300];
	if (access(path, R_OK) != 0 || gx_receipts_init(path, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: cannot load the key\n", path);
		return -1;
	}
	return 0;
}

struct render_args {
	const char *type, *data, *lang, *out, *code, *at, *org_title, *platform, *site, *fonts, *key, *org;
};

static int write_file(const char *path, const unsigned char *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	bool ok = fwrite(bytes, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int render(const struct render_args *a)
{
	struct gx_cert_doc doc = {.organisation_title = a->org_title ? a->org_title : "Administration communale",
				  .platform = a->platform ? a->platform : "Guichet",
				  .site_url = a->site ? a->site : "https://guichet.example",
				  .font_dir = a->fonts};
	if (!gx_cert_type_from_id(a->type, &doc.type) || !gx_cert_lang_from_code(a->lang, &doc.lang))
		return usage();
	if (a->code != NULL) {
		enum gx_cert_code_fault f = gx_cert_code_parse(a->code, strlen(a->code), &doc.code);
		if (f != GX_CERT_CODE_OK) {
			fprintf(stderr, "--code: %s\n", gx_cert_code_fault_text(f));
			return 2;
		}
	} else {
		gx_cert_code_new(&doc.code);
	}
	doc.issued_at_us = gx_wall_us() / 1000000 * 1000000;
	if (a->at != NULL && parse_at(a->at, &doc.issued_at_us) != 0) {
		fprintf(stderr, "--at: expected YYYY-MM-DDTHH:MM:SSZ\n");
		return 2;
	}
	if ((a->key == NULL) != (a->org == NULL))
		return usage();

	int rc = 1;
	size_t len = 0;
	json_t *data = NULL;
	struct gx_json_error jerr;
	struct gx_cert_issued c = {0};
	char err[300];
	char *text = slurp(a->data, GX_CERT_DATA_MAX, &len);
	if (text == NULL) {
		fprintf(stderr, "%s: cannot read (or larger than %d bytes)\n", a->data, GX_CERT_DATA_MAX);
		goto done;
	}
	if (gx_cert_data_parse(doc.type, text, len, &data, &jerr) != 0) {
		fprintf(stderr, "%s: %s at \"%s\": %s\n", a->data, gx_json_fault_name(jerr.fault), jerr.pointer,
			jerr.detail);
		goto done;
	}
	doc.data = data;
	if (a->key != NULL) {
		if (load_key(a->key) != 0)
			goto done;
		if (gx_cert_issue(&doc, a->org, &c, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			goto done;
		}
	} else if (gx_cert_render(&doc, &c.pdf, &c.pdf_len, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		goto done;
	}
	if (write_file(a->out, c.pdf, c.pdf_len) != 0) {
		fprintf(stderr, "%s: cannot write\n", a->out);
		goto done;
	}
	char hex[65];
	gx_cert_sha256_hex(c.pdf, c.pdf_len, hex);
	printf("code %s\nsha256 %s\n", doc.code.text, hex);
	if (c.statement != NULL)
		printf("statement %s\nsignature %s\n", c.statement, c.signature);
	rc = fflush(stdout) == 0 ? 0 : 1;
done:
	gx_cert_issued_free(&c);
	json_decref(data);
	free(text);
	return rc;
}

static int code_of(const char *path)
{
	size_t len = 0;
	char *bytes = slurp(path, GX_CERT_UPLOAD_MAX, &len);
	if (bytes == NULL) {
		fprintf(stderr, "%s: %s\n", path, gx_cert_upload_fault_text(GX_CERT_UPLOAD_TOO_LARGE));
		return 1;
	}
	struct gx_cert_code code;
	enum gx_cert_upload_fault f = gx_cert_code_from_pdf((const unsigned char *)bytes, len, &code);
	free(bytes);
	if (f != GX_CERT_UPLOAD_OK) {
		fprintf(stderr, "%s: %s\n", path, gx_cert_upload_fault_text(f));
		return 1;
	}
	printf("%s\n", code.text);
	return 0;
}

/* verify: the verdict /verify would give with this record in the store. */
static int verify(const char *key, const char *statement_path, const char *signature, const char *pdf_path)
{
	int rc = 1;
	size_t slen = 0, plen = 0;
	char *statement = slurp(statement_path, GX_CERT_STATEMENT_MAX, &slen), *pdf = NULL;
	if (statement == NULL) {
		fprintf(stderr, "%s: cannot read the statement\n", statement_path);
		goto done;
	}
	if (load_key(key) != 0)
		goto done;
	while (slen > 0 && (statement[slen - 1] == '\n' || statement[slen - 1] == '\r'))
		statement[--slen] = '\0';
	if (pdf_path != NULL && (pdf = slurp(pdf_path, GX_CERT_UPLOAD_MAX, &plen)) == NULL) {
		fprintf(stderr, "%s: cannot read\n", pdf_path);
		goto done;
	}
	struct gx_cert_facts facts;
	struct gx_cert_record rec = {statement, slen, signature};
	/* the code the statement names, as the page would have looked it up */
	struct gx_cert_code code = {""};
	json_t *o = json_loadb(statement, slen, 0, NULL);
	const char *named = json_string_value(json_object_get(o, "code"));
	if (named != NULL)
		gx_cert_code_parse_strict(named, strlen(named), &code);
	json_decref(o);
	enum gx_cert_verdict v =
		gx_cert_decide(&code, &rec, (const unsigned char *)pdf, pdf != NULL ? plen : 0, &facts);
	printf("%s\n", gx_cert_verdict_name(v));
	rc = v == GX_CERT_GENUINE ? 0 : 1;
done:
	free(statement);
	free(pdf);
	gx_receipts_free();
	return rc;
}

int gx_ctl_certificates(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "code") == 0)
		return argc == 3 ? code_of(argv[2]) : usage();
	struct render_args a = {0};
	const char *statement = NULL, *signature = NULL, *pdf = NULL;
	bool is_render = strcmp(argv[1], "render") == 0;
	if (!is_render && strcmp(argv[1], "verify") != 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = strcmp(o, "--key") == 0 ? &a.key
				  : !is_render ? (strcmp(o, "--statement") == 0 ? &statement
						  : strcmp(o, "--signature") == 0 ? &signature
						  : strcmp(o, "--pdf") == 0 ? &pdf : NULL)
				  : strcmp(o, "--type") == 0 ? &a.type
				  : strcmp(o, "--data") == 0 ? &a.data
				  : strcmp(o, "--lang") == 0 ? &a.lang
				  : strcmp(o, "--out") == 0 ? &a.out
				  : strcmp(o, "--code") == 0 ? &a.code
				  : strcmp(o, "--at") == 0 ? &a.at
				  : strcmp(o, "--organisation-title") == 0 ? &a.org_title
				  : strcmp(o, "--platform") == 0 ? &a.platform
				  : strcmp(o, "--site-url") == 0 ? &a.site
				  : strcmp(o, "--font-dir") == 0 ? &a.fonts
				  : strcmp(o, "--organisation") == 0 ? &a.org : NULL;
		if (slot == NULL || i + 1 >= argc || *slot != NULL)
			return usage();
		*slot = argv[++i];
	}
	if (!is_render)
		return a.key != NULL && statement != NULL && signature != NULL ? verify(a.key, statement, signature, pdf)
									       : usage();
	if (a.type == NULL || a.data == NULL || a.lang == NULL || a.out == NULL)
		return usage();
	int rc = render(&a);
	gx_receipts_free();
	return rc;
}
