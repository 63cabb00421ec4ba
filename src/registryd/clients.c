/** The register's clients: parsing etc/registry-clients.json and finding a client by its bearer key. */

#include "registryd/clients.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "json/spec.h"

static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > GX_REGISTRY_CLIENT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_hash(const char *hex, unsigned char out[32])
{
	if (hex == NULL || strlen(hex) != 64)
		return -1;
	for (size_t i = 0; i < 32; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* scope: "*" or an array of attribute names of d. */
static int parse_scope(struct gx_registry_client *cl, json_t *scope, const struct gx_register_description *d,
		       size_t ci, char *err, size_t err_size)
{
	if (json_is_string(scope) && strcmp(json_string_value(scope), "*") == 0) {
		cl->all = true;
		return 0;
	}
	if (!json_is_array(scope)) {
		snprintf(err, err_size, "/clients/%zu/registers/%s: expected \"*\" or an array of attribute names", ci,
			 d->name);
		return -1;
	}
	cl->allowed = calloc(d->nattributes, sizeof(*cl->allowed));
	if (cl->allowed == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < json_array_size(scope); i++) {
		const char *a = json_string_value(json_array_get(scope, i));
		long idx = a != NULL ? gx_register_attribute_index(d, a) : -1;
		if (idx < 0) {
			snprintf(err, err_size, "/clients/%zu/registers/%s/%zu: not an attribute of this register", ci,
				 d->name, i);
			return -1;
		}
		cl->allowed[idx] = true;
	}
	return 0;
}

static int parse_client(json_t *o, size_t ci, const struct gx_register_description *d, struct gx_registry_clients *out,
			char *err, size_t err_size)
{
	const char *k;
	json_t *v;
	if (!json_is_object(o)) {
		snprintf(err, err_size, "/clients/%zu: expected an object", ci);
		return -1;
	}
	json_object_foreach(o, k, v) {
		if (strcmp(k, "name") != 0 && strcmp(k, "key_sha256") != 0 && strcmp(k, "registers") != 0 &&
		    strcmp(k, "comment") != 0 && strcmp(k, "access_log") != 0) {
			snprintf(err, err_size, "/clients/%zu/%.64s: unknown member", ci, k);
			return -1;
		}
	}
	const char *name = json_string_value(json_object_get(o, "name"));
	if (name == NULL || !name_ok(name)) {
		snprintf(err, err_size, "/clients/%zu/name: expected 1 to %d characters [a-z0-9_.-]", ci,
			 GX_REGISTRY_CLIENT_NAME_MAX);
		return -1;
	}
	unsigned char hash[32];
	if (parse_hash(json_string_value(json_object_get(o, "key_sha256")), hash) != 0) {
		snprintf(err, err_size, "/clients/%zu/key_sha256: expected 64 lower-case hex digits", ci);
		return -1;
	}
	json_t *access_log = json_object_get(o, "access_log");
	if (access_log != NULL && !json_is_boolean(access_log)) {
		snprintf(err, err_size, "/clients/%zu/access_log: expected true or false", ci);
		return -1;
	}
	json_t *registers = json_object_get(o, "registers");
	if (!json_is_object(registers) && !(json_is_string(registers) && strcmp(json_string_value(registers), "*") == 0)) {
		snprintf(err, err_size, "/clients/%zu/registers: expected \"*\" or an object", ci);
		return -1;
	}
	for (size_t j = 0; j < out->n; j++) {
		if (strcmp(out->v[j].name, name) == 0 || sodium_memcmp(out->v[j].key_hash, hash, 32) == 0) {
			snprintf(err, err_size, "/clients/%zu: duplicate name or key", ci);
			return -1;
		}
	}
	json_t *scope = json_is_string(registers) ? registers : json_object_get(registers, d->name);
	if (scope == NULL)
		return 0;  /* not a client of this register */
	struct gx_registry_client *cl = &out->v[out->n];
	memset(cl, 0, sizeof(*cl));
	memcpy(cl->name, name, strlen(name) + 1);
	memcpy(cl->key_hash, hash, 32);
	cl->access_log = json_is_true(access_log);
	out->n++;
	return parse_scope(cl, scope, d, ci, err, err_size);
}

/* {"name", "key_sha256", "registers": "*" | [names], "comment"?}: kept when
 * it names this register. Keys are distinct from every client's. */
static int parse_operator(json_t *o, size_t i, const struct gx_register_description *d, struct gx_registry_clients *out,
			  char *err, size_t err_size)
{
	const char *k;
	json_t *v;
	if (!json_is_object(o)) {
		snprintf(err, err_size, "/operators/%zu: expected an object", i);
		return -1;
	}
	json_object_foreach(o, k, v) {
		if (strcmp(k, "name") != 0 && strcmp(k, "key_sha256") != 0 && strcmp(k, "registers") != 0 &&
		    strcmp(k, "comment") != 0) {
			snprintf(err, err_size, "/operators/%zu/%.64s: unknown member", i, k);
			return -1;
		}
	}
	const char *name = json_string_value(json_object_get(o, "name"));
	if (name == NULL || !name_ok(name)) {
		snprintf(err, err_size, "/operators/%zu/name: expected 1 to %d characters [a-z0-9_.-]", i,
			 GX_REGISTRY_CLIENT_NAME_MAX);
		return -1;
	}
	unsigned char hash[32];
	if (parse_hash(json_string_value(json_object_get(o, "key_sha256")), hash) != 0) {
		snprintf(err, err_size, "/operators/%zu/key_sha256: expected 64 lower-case hex digits", i);
		return -1;
	}
	for (size_t j = 0; j < out->n; j++) {
		if (sodium_memcmp(out->v[j].key_hash, hash, 32) == 0) {
			snprintf(err, err_size, "/operators/%zu: the key of a client", i);
			return -1;
		}
	}
	for (size_t j = 0; j < out->noperators; j++) {
		if (strcmp(out->operators[j].name, name) == 0 || sodium_memcmp(out->operators[j].key_hash, hash, 32) == 0) {
			snprintf(err, err_size, "/operators/%zu: duplicate name or key", i);
			return -1;
		}
	}
	json_t *registers = json_object_get(o, "registers");
	bool mine = json_is_string(registers) && strcmp(json_string_value(registers), "*") == 0;
	if (!mine && !json_is_array(registers)) {
		snprintf(err, err_size, "/operators/%zu/registers: expected \"*\" or an array of register names", i);
		return -1;
	}
	for (size_t j = 0; json_is_array(registers) && j < json_array_size(registers); j++) {
		const char *r = json_string_value(json_array_get(registers, j));
		if (r == NULL) {
			snprintf(err, err_size, "/operators/%zu/registers/%zu: expected a register's name", i, j);
			return -1;
		}
		mine = mine || strcmp(r, d->name) == 0;
	}
	if (!mine)
		return 0;
	struct gx_registry_operator *op = &out->operators[out->noperators++];
	memset(op, 0, sizeof(*op));
	memcpy(op->name, name, strlen(name) + 1);
	memcpy(op->key_hash, hash, 32);
	/* The form token: knowing it needs the page (or the key's hash), never the cookie-less browser alone. */
	crypto_hash_sha256_state st;
	unsigned char token[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"guichet registryd operator form", 31);
	crypto_hash_sha256_update(&st, hash, 32);
	crypto_hash_sha256_final(&st, token);
	sodium_bin2hex(op->csrf, sizeof(op->csrf), token, sizeof(token));
	return 0;
}

int gx_registry_clients_parse(const char *text, size_t len, const struct gx_register_description *d,
			      struct gx_registry_clients *out, char *err, size_t err_size)
{
	json_error_t jerr;
	json_t *root = NULL;

	memset(out, 0, sizeof(*out));
	if (len > GX_REGISTRY_CLIENTS_TEXT_MAX || !gx_json_depth_ok(text, len, 8)) {
		snprintf(err, err_size, "the clients file is too large or nested too deeply");
		return -1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, err_size, "not valid JSON (line %d, column %d)", jerr.line, jerr.column);
		return -1;
	}
	json_t *clients = json_object_get(root, "clients"), *operators = json_object_get(root, "operators");
	size_t n = json_array_size(clients), nops = json_array_size(operators);
	if (!json_is_object(root) || json_object_size(root) != 1 + (operators != NULL) || !json_is_array(clients) ||
	    n > GX_REGISTRY_CLIENTS_MAX || (operators != NULL && (!json_is_array(operators) || nops > GX_REGISTRY_CLIENTS_MAX))) {
		snprintf(err, err_size, "expected {\"clients\": [...], \"operators\": [...]} with at most %d of each",
			 GX_REGISTRY_CLIENTS_MAX);
		goto fail;
	}
	out->v = calloc(n > 0 ? n : 1, sizeof(*out->v));
	if (out->v == NULL) {
		snprintf(err, err_size, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (parse_client(json_array_get(clients, i), i, d, out, err, err_size) != 0)
			goto fail;
	out->operators = calloc(nops > 0 ? nops : 1, sizeof(*out->operators));
	if (out->operators == NULL) {
		snprintf(err, err_size, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nops; i++)
		if (parse_operator(json_array_get(operators, i), i, d, out, err, err_size) != 0)
			goto fail;
	json_decref(root);
	return 0;
fail:
	json_decref(root);
	gx_registry_clients_free(out);
	return -1;
}

int gx_registry_clients_load(const char *path, const struct gx_register_description *d,
			     struct gx_registry_clients *out, char *err, size_t err_size)
{
	int rc = -1;
	char inner[256];
	FILE *f = fopen(path, "rb");
	char *buf = malloc(GX_REGISTRY_CLIENTS_TEXT_MAX + 1);

	memset(out, 0, sizeof(*out));
	if (f == NULL || buf == NULL) {
		snprintf(err, err_size, "%s: %s", path, f == NULL ? strerror(errno) : "out of memory");
		goto done;
	}
	size_t len = fread(buf, 1, GX_REGISTRY_CLIENTS_TEXT_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, err_size, "%s: read error", path);
		goto done;
	}
	if (gx_registry_clients_parse(buf, len, d, out, inner, sizeof(inner)) != 0) {
		snprintf(err, err_size, "%s: %s", path, inner);
		goto done;
	}
	rc = 0;
done:
	free(buf);
	if (f != NULL)
		fclose(f);
	return rc;
}

void gx_registry_clients_free(struct gx_registry_clients *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].allowed);
	free(c->v);
	free(c->operators);
	memset(c, 0, sizeof(*c));
}

const struct gx_registry_client *gx_registry_clients_find(const struct gx_registry_clients *c, const char *key,
							 size_t len)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	const struct gx_registry_client *found = NULL;
	if (key == NULL || len == 0 || len > GX_REGISTRY_KEY_MAX)
		return NULL;
	crypto_hash_sha256(hash, (const unsigned char *)key, len);
	/* Every client is compared, whichever matches: the time does not tell which. */
	for (size_t i = 0; i < c->n; i++)
		if (sodium_memcmp(c->v[i].key_hash, hash, sizeof(hash)) == 0)
			found = &c->v[i];
	return found;
}

const struct gx_registry_operator *gx_registry_operators_find(const struct gx_registry_clients *c, const char *name,
							     size_t name_len, const char *key, size_t key_len)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	const struct gx_registry_operator *found = NULL;
	if (name == NULL || key == NULL || key_len == 0 || key_len > GX_REGISTRY_KEY_MAX)
		return NULL;
	crypto_hash_sha256(hash, (const unsigned char *)key, key_len);
	for (size_t i = 0; i < c->noperators; i++)
		if (sodium_memcmp(c->operators[i].key_hash, hash, sizeof(hash)) == 0)
			found = &c->operators[i];
	if (found == NULL || strlen(found->name) != name_len || memcmp(found->name, name, name_len) != 0)
		return NULL;
	return found;
}

bool gx_registry_client_allows(const struct gx_registry_client *client, size_t attribute_index)
{
	return client->all || (client->allowed != NULL && client->allowed[attribute_index]);
}
