/* guichetctl org clients / org client-assertion: an organisation's machine
 * clients (its case systems) and their keys, and an assertion to try the
 * organisation API with curl (docs/backoffice-api.md):
 *
 *   guichetctl org clients keygen --private FILE --public FILE
 *   guichetctl org clients add ORG --jwk PUBLIC_FILE --scopes a,b[,...] [--id ID] [--config FILE]
 *   guichetctl org clients list ORG [--config FILE]
 *   guichetctl org clients remove ORG ID [--config FILE]
 *   guichetctl org client-assertion --key PRIVATE_FILE --client ID [--audience URL] [--config FILE]
 *
 * Exit status 0, 1 when it could not be done (said on stderr), 2 for a
 * usage error. No key, assertion or token is ever written to stderr. */

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "authz/authz.h"
#include "config/config.h"
#include "core/clients.h"
#include "guichetctl/org_cmd.h"
#include "guichetctl/store_open.h"
#include "oidc/client_assertion.h"
#include "oidc/jwk.h"
#include "util/clock.h"

#define KEY_FILE_MAX (16 * 1024)
#define TOKEN_PATH "/api/org/v1/token"

static int usage(void)
{
	fprintf(stderr,
		"usage: guichetctl org clients keygen --private FILE --public FILE\n"
		"       guichetctl org clients add ORG --jwk PUBLIC_FILE --scopes a,b[,...] [--id ID] [--config FILE]\n"
		"       guichetctl org clients list ORG [--config FILE]\n"
		"       guichetctl org clients remove ORG ID [--config FILE]\n"
		"       guichetctl org client-assertion --key PRIVATE_FILE --client ID [--audience URL] [--config FILE]\n"
		"scopes: submissions.read, submissions.write, registers.read, letterbox.send (\"\" for none)\n");
	return 2;
}

/* The file's text (malloc'ed, NUL-terminated, *len bytes), or NULL having said why. */
static char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "guichetctl: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(KEY_FILE_MAX + 1);
	size_t n = buf != NULL ? fread(buf, 1, KEY_FILE_MAX + 1, f) : 0;
	bool bad = buf == NULL || ferror(f) || n > KEY_FILE_MAX;
	fclose(f);
	if (bad) {
		fprintf(stderr, "guichetctl: %s is unreadable or larger than %d bytes\n", path, KEY_FILE_MAX);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void free_secret(char *s, size_t len)
{
	if (s != NULL)
		sodium_memzero(s, len);
	free(s);
}

/* Writes text and a newline to a new file of this mode; refuses an existing file. */
static int create_file(const char *path, mode_t mode, int *fd)
{
	*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (*fd < 0) {
		fprintf(stderr, "guichetctl: cannot create %s: %s%s\n", path, strerror(errno),
			errno == EEXIST ? " (it is never overwritten)" : "");
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return write(fd, "\n", 1) == 1 ? 0 : -1;
}

static int keygen(const char *private_path, const char *public_path)
{
	char *priv = NULL, *pub = NULL, err[160];
	int fd_priv = -1, fd_pub = -1, rc = 1;
	if (gx_client_key_generate(&priv, &pub, err, sizeof(err)) != 0) {
		fprintf(stderr, "guichetctl: %s\n", err);
		return 1;
	}
	if (create_file(private_path, 0600, &fd_priv) != 0)
		goto out;
	if (create_file(public_path, 0644, &fd_pub) != 0) {
		close(fd_priv);
		unlink(private_path);
		goto out;
	}
	/* fchmod: the umask may have taken bits off the private file, never added any; say it exactly. */
	bool written = fchmod(fd_priv, 0600) == 0 && write_all(fd_priv, priv) == 0 && write_all(fd_pub, pub) == 0;
	written &= close(fd_priv) == 0;
	written &= close(fd_pub) == 0;
	if (!written) {
		fprintf(stderr, "guichetctl: cannot write the key files: %s\n", strerror(errno));
		unlink(private_path);
		unlink(public_path);
		goto out;
	}
	fprintf(stderr, "guichetctl: an Ed25519 key pair: keep %s secret (mode 0600); register %s with "
			"`guichetctl org clients add ORG --jwk %s --scopes ...`\n",
		private_path, public_path, public_path);
	rc = 0;
out:
	free_secret(priv, priv != NULL ? strlen(priv) : 0);
	free(pub);
	return rc;
}

/* A client id: 1 to 64 of A-Z a-z 0-9 . _ - */
static bool client_id_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > GX_STORE_CLIENT_ID_MAX - 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static enum gx_db_status write_client(struct gx_store_conn *conn, void *arg)
{
	return gx_store_org_client_add(conn, arg);
}

struct revoke {
	const char *org, *id;
};

static enum gx_db_status write_revoke(struct gx_store_conn *conn, void *arg)
{
	struct revoke *v = arg;
	return gx_store_org_client_revoke(conn, v->org, v->id, gx_wall_us());
}

/* The public key file, checked as the token endpoint will read it: its
 * canonical text into c->jwk (malloc'ed) and its algorithm into c->alg. */
static int load_public_key(const char *path, struct gx_org_client *c)
{
	size_t len;
	char *text = read_small_file(path, &len), err[200];
	if (text == NULL)
		return -1;
	struct gx_jwk key;
	int rc = gx_jwk_parse_client_key(text, len, &key, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "guichetctl: %s: %s\n", path, err);
		free_secret(text, len); /* it may have been a private key */
		return -1;
	}
	snprintf(c->alg, sizeof(c->alg), "%s", gx_jwk_client_alg(&key));
	gx_jwk_clear(&key);
	json_t *j = json_loadb(text, len, 0, NULL);
	c->jwk = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	free(text);
	return c->jwk != NULL ? 0 : -1;
}

/* "a,b" scopes into the store's "a b"; 0, or -1 having said which is unknown. */
static int scopes_option(const char *list, char out[GX_STORE_CLIENT_SCOPES_MAX])
{
	unsigned bits;
	const char *bad;
	size_t bad_len;
	if (gx_scopes_parse(list, strlen(list), ',', &bits, &bad, &bad_len) != 0) {
		fprintf(stderr, "guichetctl: unknown scope \"%.*s\": the scopes are submissions.read, submissions.write, "
				"registers.read and letterbox.send, separated by commas\n",
			(int)bad_len, bad);
		return -1;
	}
	return gx_scopes_format(bits, ' ', out, GX_STORE_CLIENT_SCOPES_MAX);
}

/* The store's list with each client's scopes as an array. */
static void print_list(const char *text)
{
	json_t *list = json_loads(text, 0, NULL);
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		const char *s = json_string_value(json_object_get(c, "scopes"));
		json_t *arr = json_array();
		while (s != NULL && *s != '\0') {
			size_t n = strcspn(s, " ");
			json_array_append_new(arr, json_stringn(s, n));
			s += n + (s[n] == ' ');
		}
		json_object_set_new(c, "scopes", arr);
	}
	char *out = list != NULL ? json_dumps(list, JSON_COMPACT) : NULL;
	printf("%s\n", out != NULL ? out : text);
	free(out);
	json_decref(list);
}

struct options {
	const char *config_file, *private_path, *public_path, *jwk_path, *scopes, *id, *key_path, *client, *audience;
	const char *pos[3];
	size_t npos;
};

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct {
		const char *flag;
		size_t offset;
	} flags[] = {
		{"--config", offsetof(struct options, config_file)}, {"--private", offsetof(struct options, private_path)},
		{"--public", offsetof(struct options, public_path)}, {"--jwk", offsetof(struct options, jwk_path)},
		{"--scopes", offsetof(struct options, scopes)},      {"--id", offsetof(struct options, id)},
		{"--key", offsetof(struct options, key_path)},        {"--client", offsetof(struct options, client)},
		{"--audience", offsetof(struct options, audience)},
	};
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < argc; i++) {
		bool matched = false;
		for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]) && !matched; f++) {
			if (strcmp(argv[i], flags[f].flag) != 0)
				continue;
			const char **slot = (const char **)((char *)o + flags[f].offset);
			if (i + 1 >= argc || *slot != NULL)
				return -1;
			*slot = argv[++i];
			matched = true;
		}
		if (matched)
			continue;
		if (argv[i][0] == '-' || o->npos == 3)
			return -1;
		o->pos[o->npos++] = argv[i];
	}
	return 0;
}

static int load_config(const char *config_file, struct gx_config *c)
{
	struct gx_config_error cerr;
	gx_config_defaults(c);
	if ((config_file != NULL && gx_config_load_file(c, config_file, &cerr) != 0) ||
	    gx_config_apply_env(c, &cerr) != 0 || gx_config_validate(c, &cerr) != 0) {
		fprintf(stderr, "guichetctl: configuration: %s: %s\n", cerr.where, cerr.message);
		return -1;
	}
	return 0;
}

/* add, list and remove: the store, and the organisation checked. */
static int with_store(const struct options *o, bool add, bool list)
{
	struct gx_org_client c = {0};
	if (add) {
		if (o->id != NULL && !client_id_valid(o->id)) {
			fprintf(stderr, "guichetctl: --id must be 1 to 64 of A-Z a-z 0-9 . _ -\n");
			return 2;
		}
		if (scopes_option(o->scopes, c.scopes) != 0)
			return 2;
	}
	struct gx_config cfg;
	struct gx_store *store;
	if (gx_ctl_store_open(o->config_file, &cfg, &store) != 0)
		return 1;
	int rc = 1;
	struct gx_store_conn *conn = gx_store_conn_open(store);
	if (conn == NULL)
		goto out;
	const char *org = o->pos[1];
	if (!gx_ctl_org_known(&cfg, org)) {
		fprintf(stderr, "guichetctl: no organisation %s in %s/organisations.json\n", org, cfg.procedures_dir);
		goto out;
	}
	if (list) {
		char *text = NULL;
		if (gx_store_org_clients_list(conn, org, &text) >= 0) {
			print_list(text);
			rc = 0;
		}
		free(text);
		goto out;
	}
	enum gx_db_status st;
	if (add) {
		if (load_public_key(o->jwk_path, &c) != 0)
			goto out;
		snprintf(c.org, sizeof(c.org), "%s", org);
		c.created_at_us = gx_wall_us();
		int tries = 0;
		do {
			if (o->id != NULL)
				snprintf(c.client_id, sizeof(c.client_id), "%s", o->id);
			else
				gx_org_client_new_id(c.client_id);
			st = gx_store_run_tx(conn, true, write_client, &c);
		} while (st == GX_DB_CONFLICT && o->id == NULL && ++tries < 3);
		if (st == GX_DB_CONFLICT)
			fprintf(stderr, "guichetctl: the client id %s is taken\n", c.client_id);
		else if (st < 0)
			fprintf(stderr, "guichetctl: the store could not be written\n");
		else {
			printf("%s\n", c.client_id);
			rc = 0;
		}
		goto out;
	}
	struct revoke v = {org, o->pos[2]};
	st = gx_store_run_tx(conn, true, write_revoke, &v);
	if (st < 0)
		fprintf(stderr, "guichetctl: the store could not be written\n");
	else if (st == GX_DB_NO_RESULTS)
		fprintf(stderr, "guichetctl: %s has no client %s (or it was removed already)\n", org, o->pos[2]);
	else
		rc = 0;
out:
	free(c.jwk);
	if (conn != NULL)
		gx_store_conn_close(conn);
	gx_store_close(store);
	return rc;
}

int gx_ctl_org_clients(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, &o) != 0 || o.npos == 0 || o.key_path != NULL || o.client != NULL ||
	    o.audience != NULL)
		return usage();
	if (sodium_init() < 0) {
		fprintf(stderr, "guichetctl: libsodium cannot start\n");
		return 1;
	}
	const char *verb = o.pos[0];
	bool store_flags = o.config_file != NULL || o.jwk_path != NULL || o.scopes != NULL || o.id != NULL;
	if (strcmp(verb, "keygen") == 0) {
		if (o.npos != 1 || o.private_path == NULL || o.public_path == NULL || store_flags)
			return usage();
		return keygen(o.private_path, o.public_path);
	}
	if (o.private_path != NULL || o.public_path != NULL)
		return usage();
	bool add = strcmp(verb, "add") == 0, list = strcmp(verb, "list") == 0, remove = strcmp(verb, "remove") == 0;
	if ((add && (o.npos != 2 || o.jwk_path == NULL || o.scopes == NULL)) ||
	    (!add && (o.jwk_path != NULL || o.scopes != NULL || o.id != NULL)) || (list && o.npos != 2) ||
	    (remove && o.npos != 3) || (!add && !list && !remove))
		return usage();
	return with_store(&o, add, list);
}

int gx_ctl_org_client_assertion(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, &o) != 0 || o.npos != 0 || o.key_path == NULL || o.client == NULL ||
	    o.private_path != NULL || o.public_path != NULL || o.jwk_path != NULL || o.scopes != NULL || o.id != NULL)
		return usage();
	struct gx_config cfg;
	if (load_config(o.config_file, &cfg) != 0)
		return 1;
	char audience[sizeof(cfg.site_url) + sizeof(TOKEN_PATH)];
	if (o.audience != NULL) {
		snprintf(audience, sizeof(audience), "%s", o.audience);
	} else {
		size_t n = strlen(cfg.site_url);
		while (n > 0 && cfg.site_url[n - 1] == '/')
			n--;
		snprintf(audience, sizeof(audience), "%.*s%s", (int)n, cfg.site_url, TOKEN_PATH);
	}
	size_t len;
	char *key = read_small_file(o.key_path, &len), err[200];
	if (key == NULL)
		return 1;
	char *assertion = gx_client_assertion_make(key, len, o.client, audience, gx_wall_us() / 1000000,
						   GX_CLIENT_ASSERTION_DEFAULT_LIFETIME, err, sizeof(err));
	free_secret(key, len);
	if (assertion == NULL) {
		fprintf(stderr, "guichetctl: %s: %s\n", o.key_path, err);
		return 1;
	}
	printf("%s\n", assertion);
	free(assertion);
	return 0;
}
