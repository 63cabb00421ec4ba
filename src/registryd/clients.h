#ifndef GX_REGISTRYD_CLIENTS_H
#define GX_REGISTRYD_CLIENTS_H

/** The clients a register serves (etc/registry-clients.json): each a name, the
 *  SHA-256 of its bearer key (never the key), per register the attributes
 *  it may read ("*" for all), and whether it may read the register's access
 *  log of a subject ("access_log": true; the platform shows each person the
 *  register's half of the double entry). Loaded once for one register;
 *  immutable after. */

#include <stdbool.h>
#include <stddef.h>

#include "sources/description.h"

#define GX_REGISTRY_CLIENT_NAME_MAX 64
#define GX_REGISTRY_KEY_MAX 256          /* bytes of a presented key */
#define GX_REGISTRY_CLIENTS_MAX 1000
#define GX_REGISTRY_CLIENTS_TEXT_MAX (1024 * 1024)

struct gx_registry_client {
	char name[GX_REGISTRY_CLIENT_NAME_MAX + 1];
	unsigned char key_hash[32];   /* SHA-256 of the key */
	bool all;                     /* every attribute of the register */
	bool *allowed;                /* else: per attribute index of the description */
	bool access_log;              /* may read every subject's reads (GET /v1/access-log): the platform */
};

/** A register operator (the optional "operators" of the same file): works
 *  the register's correction queue on the operator page, logging in with
 *  HTTP Basic (name and key). */
struct gx_registry_operator {
	char name[GX_REGISTRY_CLIENT_NAME_MAX + 1];
	unsigned char key_hash[32];   /* SHA-256 of the key */
	char csrf[65];                /* the operator's form token: hex SHA-256 of a label and key_hash */
};

struct gx_registry_clients {
	struct gx_registry_client *v;  /* only the clients with a scope for this register */
	size_t n;
	struct gx_registry_operator *operators;  /* only this register's */
	size_t noperators;
};

/** Parses text for register d: clients without an entry for d->name are left
 *  out. 0, or -1 with a message naming the faulty member in err. */
int gx_registry_clients_parse(const char *text, size_t len, const struct gx_register_description *d,
			      struct gx_registry_clients *out, char *err, size_t err_size);
int gx_registry_clients_load(const char *path, const struct gx_register_description *d,
			     struct gx_registry_clients *out, char *err, size_t err_size);
void gx_registry_clients_free(struct gx_registry_clients *c);

/** The client whose key this is, or NULL. Hashes the key and compares with
 *  every client in constant time (no early exit). */
const struct gx_registry_client *gx_registry_clients_find(const struct gx_registry_clients *c, const char *key,
							 size_t len);

/** The operator whose name and key these are, or NULL: every operator's key
 *  hash is compared in constant time, then the name. */
const struct gx_registry_operator *gx_registry_operators_find(const struct gx_registry_clients *c, const char *name,
							     size_t name_len, const char *key, size_t key_len);

/** True when client may read the attribute with this index in the description. */
bool gx_registry_client_allows(const struct gx_registry_client *client, size_t attribute_index);

#endif
