/* libFuzzer driver: a register description (registers/<name>.json). Whatever
 * the bytes, the parser returns a checked description or an error, and a
 * description it accepts answers lookups of its own attributes and keys, and
 * gives every correctable attribute (and only those) its correction rules. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/description.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_register_description *d = NULL;
	char err[256];
	if (gx_register_description_parse((const char *)data, size, &d, err, sizeof(err)) != 0) {
		if (d != NULL || strlen(err) == 0)
			abort();
		return 0;
	}
	if (d->nattributes == 0 || d->nkeys == 0 || d->name == NULL)
		abort();
	for (size_t i = 0; i < d->nattributes; i++) {
		if (gx_register_attribute_index(d, d->attributes[i].name) != (long)i)
			abort();
		for (int l = 0; l < GX_REGISTER_LANGS; l++)
			if (d->attributes[i].titles[l] == NULL)
				abort();
		/* every code of a coded attribute has words in each language */
		const char *code;
		json_t *labels;
		json_object_foreach((json_t *)d->attributes[i].codes, code, labels) {
			for (int l = 0; l < 4; l++)
				if (gx_register_code_label(d, d->attributes[i].name, NULL, code,
							   (const char *[]){"fr", "de", "en", "lb"}[l]) == NULL)
					abort();
		}
		/* A correctable attribute has its rules; no other has any. */
		const struct gx_register_attribute *a = &d->attributes[i];
		if (a->correctable != (a->correction_field != NULL) || a->evidence.ntypes > GX_EVIDENCE_TYPES_MAX ||
		    a->evidence.max_files > GX_EVIDENCE_FILES_MAX || (a->evidence.max_files > 0) != (a->evidence.ntypes > 0))
			abort();
		for (size_t t = 0; t < a->evidence.ntypes; t++)
			if (!gx_register_evidence_type_ok(&a->evidence, a->evidence.types[t]))
				abort();
	}
	for (size_t i = 0; i < d->nkeys; i++)
		if (!gx_register_has_key(d, d->keys[i]))
			abort();
	if (gx_register_attribute_index(d, "no such attribute") >= 0)
		abort();
	gx_register_description_free(d);
	return 0;
}
