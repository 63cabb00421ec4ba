/* libFuzzer driver: the relations the one decision merges (core/access.h),
 * their procedure lists being JSON read back from the store. Two relations
 * from the input (a member's list, a mandate's list and organisation): the
 * merge either refuses (fails closed) or gives a decision whose scope holds
 * only what the relations named, within its bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/access.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gx_space_relation rels[2];
	memset(rels, 0, sizeof(rels));
	snprintf(rels[0].via, sizeof(rels[0].via), "member");
	snprintf(rels[0].role, sizeof(rels[0].role), "member");
	snprintf(rels[1].via, sizeof(rels[1].via), "mandate");
	snprintf(rels[1].role, sizeof(rels[1].role), "mandatary");
	/* The input, split at its first NUL: the member's list, then the mandate's. */
	const char *s = (const char *)data;
	size_t first = strnlen(s, size);
	size_t a = first < sizeof(rels[0].procedures) - 1 ? first : sizeof(rels[0].procedures) - 1;
	memcpy(rels[0].procedures, s, a);
	if (first < size) {
		size_t rest = size - first - 1;
		size_t b = rest < sizeof(rels[1].procedures) - 1 ? rest : sizeof(rels[1].procedures) - 1;
		memcpy(rels[1].procedures, s + first + 1, b);
		rels[1].procedures[strnlen(rels[1].procedures, b)] = '\0';
		snprintf(rels[1].organisation, sizeof(rels[1].organisation), "snca");
	}
	size_t n = first < size ? 2 : 1;
	struct gx_access acc = {0};
	if (gx_access_merge(&acc, rels, n) != 0)
		return 0;
	if (acc.nprocedures > GX_ACCESS_PROCEDURES_MAX || acc.norgs > GX_ACCESS_ORGS_MAX)
		abort();
	if (acc.via != GX_VIA_MEMBER || acc.admin)
		abort(); /* a member outranks a mandatary, and neither administers */
	for (size_t i = 0; i < acc.nprocedures; i++)
		if (!gx_access_allows(&acc, acc.procedures[i], NULL) || strlen(acc.procedures[i]) >= GX_STORE_PROCEDURE_ID_MAX)
			abort();
	if (!acc.all_procedures && gx_access_allows(&acc, "\x01not-listed", "not-an-org"))
		abort();
	return 0;
}
