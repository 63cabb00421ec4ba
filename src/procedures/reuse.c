/** A definition's "reuse", once checked, as a parsed view (reuse.h); the
 *  predicates the validator and the pages share. */

#include "procedures/reuse.h"

#include <stdlib.h>
#include <string.h>

#include "procedures/check_int.h"

struct gx_reuse *gx_reuse_compile(const json_t *reuse)
{
	const json_t *regs = json_object_get(reuse, "registers"), *instead = json_object_get(reuse, "instead");
	size_t nregs = json_array_size(regs), nnames = json_array_size(instead);
	for (size_t i = 0; i < nregs; i++)
		nnames += json_array_size(json_object_get(json_array_get(regs, i), "attributes"));
	/* One block: the view, its registers, then every name pointer. */
	size_t size = sizeof(struct gx_reuse) + nregs * sizeof(struct gx_reuse_register) + nnames * sizeof(char *);
	_Static_assert(sizeof(struct gx_reuse) % sizeof(char *) == 0 && sizeof(struct gx_reuse_register) % sizeof(char *) == 0,
		       "the block's parts stay aligned");
	struct gx_reuse *r = calloc(1, size);
	if (r == NULL)
		return NULL;
	struct gx_reuse_register *rr = (struct gx_reuse_register *)(r + 1);
	const char **names = (const char **)(rr + nregs);
	for (size_t i = 0; i < nregs; i++) {
		const json_t *e = json_array_get(regs, i), *attrs = json_object_get(e, "attributes");
		rr[i].source = json_string_value(json_object_get(e, "source"));
		rr[i].attributes = names;
		rr[i].nattributes = json_array_size(attrs);
		for (size_t j = 0; j < rr[i].nattributes; j++)
			*names++ = json_string_value(json_array_get(attrs, j));
	}
	r->registers = rr;
	r->nregisters = nregs;
	r->purpose = json_object_get(reuse, "purpose");
	r->legal_basis = json_object_get(reuse, "legal_basis");
	r->validity_days = (int)json_integer_value(json_object_get(reuse, "validity_days"));
	r->instead = names;
	r->ninstead = json_array_size(instead);
	for (size_t i = 0; i < r->ninstead; i++)
		*names++ = json_string_value(json_array_get(instead, i));
	return r;
}

bool gx_reuse_allows(const struct gx_reuse *r, const char *source, const char *attribute)
{
	for (size_t i = 0; r != NULL && source != NULL && attribute != NULL && i < r->nregisters; i++) {
		if (strcmp(r->registers[i].source, source) != 0)
			continue;
		for (size_t j = 0; j < r->registers[i].nattributes; j++)
			if (strcmp(r->registers[i].attributes[j], attribute) == 0)
				return true;
	}
	return false;
}

bool gx_reuse_instead_required(const json_t *definition, const json_t *data, const char *field_id)
{
	const json_t *reuse = json_object_get(definition, "reuse");
	if (reuse == NULL || field_id == NULL || !json_is_false(json_object_get(data, GX_REUSE_CONSENT)))
		return false;
	const json_t *instead = json_object_get(reuse, "instead");
	for (size_t i = 0; i < json_array_size(instead); i++) {
		const char *id = json_string_value(json_array_get(instead, i));
		if (id != NULL && strcmp(id, field_id) == 0)
			return true;
	}
	return false;
}
