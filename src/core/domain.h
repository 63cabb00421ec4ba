#ifndef GX_CORE_DOMAIN_H
#define GX_CORE_DOMAIN_H

/** What the domain operations read and nobody changes after start: the
 *  registers the platform asks, the procedures it offers (checked against
 *  the registers' descriptions) and the key receipts are signed with.
 *  Loaded once; shared read-only by every thread. */

#include "core/transparency.h"
#include "core/lb_types.h"
#include "procedures/catalog.h"
#include "sources/registers.h"

struct gx_activity;
struct gx_search_vocab;

struct gx_domain {
	struct gx_registers registers;
	struct gx_procedure_catalog *procedures;
	struct gx_activity *activity;   /* what was done since start (activity.h): counters, the only mutable part */
	struct gx_search_vocab *search_vocab;   /* the catalogue's words, for the search's typos (search.h) */
	unsigned guest_per_address_hour;        /* the limits of guest.h (guest.* settings) */
	unsigned guest_per_mailbox_day;
	struct gx_transparency transparency;  /* the access log's keys (loaded when files->translog is set) */
	struct gx_lb_types letterbox;   /* the letter box's document types */
};

/** Where the domain's files are. */
struct gx_domain_files {
	const char *registers;          /* etc/registers.json */
	const char *procedures_dir;     /* procedures/ */
	const char *descriptions_dir;   /* registers/: the registers' descriptions */
	const char *receipt_key;        /* the receipt-signing key (made at the first start) */
	const struct gx_transparency_files *translog; /* the access log's keys; NULL: not loaded */
	const char *letterbox_types;    /* etc/letterbox.json: the document types (NULL: decisions only) */
};

/** The process's domain, loaded once at start (guichetd's) and shared
 *  read-only by every front end's requests. */
extern struct gx_domain gx_domain;

/** Loads everything; on error -1 with a message naming the file, and d
 *  left empty. Free with gx_domain_free. */
int gx_domain_load(struct gx_domain *d, const struct gx_domain_files *files, char *err, size_t errlen);
void gx_domain_free(struct gx_domain *d);

#endif
