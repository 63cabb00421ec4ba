/** guichetctl template render: renders one template file against a JSON file. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichetctl/commands.h"
#include "tmpl/mustache.h"

static int usage(void)
{
	fprintf(stderr, "usage: guichetctl template render --template FILE --data FILE.json"
			" [--partials DIR]\n");
	return 2;
}

/** Reads a whole file (at most GX_TMPL_MAX_SOURCE bytes) into a new string. */
static char *read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0)
		goto fail;
	long n = ftell(f);
	if (n < 0 || (unsigned long)n > GX_TMPL_MAX_SOURCE || fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		goto fail;
	buf[n] = '\0';
	*len = (size_t)n;
	fclose(f);
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static void report(const struct gx_tmpl_error *err)
{
	if (err->line > 0)
		fprintf(stderr, "%s:%u: %s\n", err->file, err->line, err->message);
	else
		fprintf(stderr, "%s: %s\n", err->file, err->message);
}

int gx_ctl_template(int argc, char **argv)
{
	const char *tmpl = NULL, *data_path = NULL, *partials = NULL;
	if (argc < 2 || strcmp(argv[1], "render") != 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		const char **slot = strcmp(argv[i], "--template") == 0 ? &tmpl
				  : strcmp(argv[i], "--data") == 0 ? &data_path
				  : strcmp(argv[i], "--partials") == 0 ? &partials : NULL;
		if (slot == NULL || i + 1 >= argc || *slot != NULL)
			return usage();
		*slot = argv[++i];
	}
	if (tmpl == NULL || data_path == NULL)
		return usage();

	int rc = 1;
	size_t len = 0;
	char *src = NULL;
	json_t *data = NULL;
	struct gx_tmpl_error err = {0};
	struct gx_buf out = GX_BUF_INIT;
	struct gx_tmpl_set *set = gx_tmpl_set_new();
	json_error_t jerr;
	if (set == NULL) {
		fprintf(stderr, "out of memory\n");
		goto done;
	}
	data = json_load_file(data_path, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (data == NULL) {
		fprintf(stderr, "%s:%d: %s\n", data_path, jerr.line, jerr.text);
		goto done;
	}
	if ((src = read_file(tmpl, &len)) == NULL) {
		fprintf(stderr, "%s: cannot read template\n", tmpl);
		goto done;
	}
	if (partials != NULL && gx_tmpl_set_load_dir(set, partials, &err) != 0) {
		report(&err);
		goto done;
	}
	/* the page is named by its path, which no partial name can equal */
	if (gx_tmpl_set_add(set, tmpl, src, len, &err) != 0 ||
	    gx_tmpl_render(set, tmpl, data, &out, &err) != 0) {
		report(&err);
		goto done;
	}
	if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len) {
		fprintf(stderr, "write error\n");
		goto done;
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
done:
	gx_buf_free(&out);
	gx_tmpl_set_free(set);
	json_decref(data);
	free(src);
	return rc;
}
