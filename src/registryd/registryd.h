#ifndef GX_REGISTRYD_REGISTRYD_H
#define GX_REGISTRYD_REGISTRYD_H

/** registryd: the reference authentic source (docs/registryd.md). One process
 *  serves one register over the source protocol (docs/source-protocol.md).
 *  Its description and clients are loaded at start and read-only after. */

#include <stddef.h>

#include <jansson.h>

#include "http/handler.h"
#include "registryd/clients.h"
#include "sources/description.h"

struct gx_req;
struct gx_tmpl_set;

struct gx_registryd {
	const struct gx_register_description *description;
	const struct gx_registry_clients *clients;
	/* the operator page (operator_page.c): its templates (templates/registry/)
	 * and the catalogs' texts in fr, de, en (i18n/); NULL: no page */
	const struct gx_tmpl_set *pages;
	json_t *catalogs[GX_REGISTER_LANGS];
	char *description_text;   /* set by gx_registryd_set: the description, serialised once */
	size_t description_len;
};

/** Sets what the handlers serve; called once, before the server starts. -1 when out of memory. */
int gx_registryd_set(const struct gx_registryd *app);
/** Frees what gx_registryd_set made. */
void gx_registryd_unset(void);
const struct gx_registryd *gx_registryd_get(void);

/** The routes registryd serves (every one GX_ACT_OPERATE: no platform session). */
extern const struct gx_route_def gx_registryd_routes[];
extern const size_t gx_registryd_routes_count;

/** The client named by the request's "Authorization: Bearer" key; answers 401
 *  itself and returns NULL when there is none. */
const struct gx_registry_client *gx_registryd_authenticate(struct gx_req *r);

enum gx_outcome gx_registryd_lookup(struct gx_req *r);
enum gx_outcome gx_registryd_description(struct gx_req *r);
enum gx_outcome gx_registryd_access_log(struct gx_req *r);
/* corrections.c */
enum gx_outcome gx_registryd_correction_file(struct gx_req *r);
enum gx_outcome gx_registryd_correction_get(struct gx_req *r);
enum gx_outcome gx_registryd_correction_withdraw(struct gx_req *r);
enum gx_outcome gx_registryd_correction_decisions(struct gx_req *r);
/* operator_page.c: the register's operators, with HTTP Basic */
enum gx_outcome gx_registryd_operator_list(struct gx_req *r);
enum gx_outcome gx_registryd_operator_show(struct gx_req *r);
enum gx_outcome gx_registryd_operator_decide(struct gx_req *r);
enum gx_outcome gx_registryd_operator_evidence(struct gx_req *r);

#endif
