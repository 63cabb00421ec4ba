#include "core/domain.h"

#include <stdio.h>
#include <string.h>

#include "core/search.h"
#include "receipts/receipt.h"

struct gx_domain gx_domain;

int gx_domain_load(struct gx_domain *d, const struct gx_domain_files *files, char *err, size_t errlen)
{
	memset(d, 0, sizeof(*d));
	if (gx_registers_load(files->registers, &d->registers, err, errlen) != 0 ||
	    gx_procedure_catalog_load(files->procedures_dir, files->descriptions_dir, &d->procedures, err, errlen) != 0 ||
	    gx_receipts_init(files->receipt_key, err, errlen) != 0) {
		gx_domain_free(d);
		return -1;
	}
	if ((d->search_vocab = gx_search_vocab_build(d->procedures)) == NULL) {
		snprintf(err, errlen, "%s: out of memory for the search's vocabulary", files->procedures_dir);
		gx_domain_free(d);
		return -1;
	}
	return 0;
}

void gx_domain_free(struct gx_domain *d)
{
	gx_registers_free(&d->registers);
	gx_search_vocab_free(d->search_vocab);
	if (d->procedures != NULL)
		gx_procedure_catalog_free(d->procedures);
	gx_receipts_free();
	memset(d, 0, sizeof(*d));
}
