#include "portal/answer_parts.h"

#include <string.h>

#include "http/multipart.h"
#include "http/request.h"

int gx_answer_parts(struct gx_req *r, const char **text, struct gx_answer_file files[GX_ANSWER_FILES_MAX],
		    size_t *nfiles)
{
	const struct gx_multipart *m = r->multipart;
	const struct gx_multipart_part *t = m != NULL ? gx_multipart_find(m, "text") : NULL;
	*nfiles = 0;
	*text = NULL;
	for (size_t i = 0; m != NULL && i < m->nparts; i++) {
		const struct gx_multipart_part *p = &m->parts[i];
		if (p->filename == NULL || p->len == 0 || *nfiles == GX_ANSWER_FILES_MAX)
			continue;
		files[(*nfiles)++] = (struct gx_answer_file){p->filename, p->filename_len, p->data, p->len};
	}
	if (t != NULL && t->filename == NULL) {
		char *answer = gx_req_alloc(r, t->len + 1);
		memcpy(answer, t->data, t->len);
		answer[t->len] = '\0';
		if (strlen(answer) != t->len)
			return -1;
		*text = answer;
	}
	return 0;
}
