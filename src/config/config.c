#include "config/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum setting_kind { SET_STRING, SET_UINT, SET_SIZE, SET_BOOL, SET_ENUM };

struct setting {
	const char *key;
	enum setting_kind kind;
	size_t offset;
	size_t size;                 /* strings: capacity */
	unsigned long long min, max; /* numbers */
	const char *const *names;    /* enums: the values' names, by value, NULL-terminated */
};

static const char *const starttls_names[] = {"none", "opportunistic", "required", NULL};
_Static_assert(sizeof(enum gx_starttls) == sizeof(int), "SET_ENUM stores an int");

#define STR(k, f) {k, SET_STRING, offsetof(struct gx_config, f), sizeof(((struct gx_config *)0)->f), 0, 0, NULL}
#define UINT(k, f, lo, hi) {k, SET_UINT, offsetof(struct gx_config, f), 0, lo, hi, NULL}
#define SIZE(k, f, lo, hi) {k, SET_SIZE, offsetof(struct gx_config, f), 0, lo, hi, NULL}
#define BOOL(k, f) {k, SET_BOOL, offsetof(struct gx_config, f), 0, 0, 1, NULL}
#define ENUM(k, f, n) {k, SET_ENUM, offsetof(struct gx_config, f), sizeof(((struct gx_config *)0)->f), 0, 0, n}

static const struct setting settings[] = {
	STR("listen.address", listen_address),
	UINT("listen.port", listen_port, 0, 65535),
	UINT("server.threads", threads, 0, 256),
	UINT("server.shutdown_grace_ms", shutdown_grace_ms, 0, 600000),
	SIZE("limits.json_body", json_body_max, 2, 1ull << 30),
	SIZE("limits.upload_body", upload_body_max, 1024, 1ull << 32),
	UINT("limits.header_count", header_count_max, 4, 100),
	SIZE("limits.header_bytes", header_bytes_max, 512, 256 * 1024),
	SIZE("limits.url_length", url_length_max, 64, 64 * 1024),
	UINT("limits.json_depth", json_depth_max, 1, 1000),
	UINT("limits.read_timeout_ms", read_timeout_ms, 100, 3600000),
	UINT("limits.idle_timeout_ms", idle_timeout_ms, 100, 3600000),
	UINT("limits.rate.address_per_s", rate_address_per_s, 0, 1000000),
	UINT("limits.rate.address_burst", rate_address_burst, 1, 10000000),
	UINT("limits.rate.login_per_min", rate_login_per_min, 0, 1000000),
	UINT("limits.rate.login_burst", rate_login_burst, 1, 1000000),
	UINT("limits.rate.verify_per_min", rate_verify_per_min, 0, 1000000),
	UINT("limits.rate.verify_burst", rate_verify_burst, 1, 1000000),
	UINT("limits.rate.session_per_s", rate_session_per_s, 0, 1000000),
	UINT("limits.rate.session_burst", rate_session_burst, 1, 10000000),
	UINT("limits.rate.client_per_s", rate_client_per_s, 0, 1000000),
	UINT("limits.rate.client_burst", rate_client_burst, 1, 10000000),
	UINT("limits.rate.table_slots", rate_table_slots, 64, 16777216),
	BOOL("limits.rate.trust_forwarded_for", rate_trust_forwarded_for),
	STR("store.backend", store_backend),
	STR("store.sqlite.path", sqlite_path),
	STR("store.postgresql.conninfo", pg_conninfo),
	UINT("store.busy_timeout_ms", busy_timeout_ms, 0, 600000),
	UINT("store.group_commit.max_batch", group_commit_max_batch, 1, 100000),
	UINT("store.group_commit.max_wait_us", group_commit_max_wait_us, 0, 1000000),
	UINT("store.group_commit.queue", group_commit_queue_cap, 1, 1000000),
	STR("site.url", site_url),
	UINT("session.idle_timeout_s", session_idle_s, 1, 7 * 24 * 3600),
	UINT("session.absolute_timeout_s", session_absolute_s, 60, 30 * 24 * 3600),
	UINT("session.cache_ms", session_cache_ms, 0, 60000),
	UINT("orgapi.token_lifetime_s", orgapi_token_lifetime_s, 1, 300),
	UINT("testing.clock_offset_s", clock_offset_s, 0, 400000000),
	UINT("operator.sample_interval_s", operator_sample_interval_s, 0, 3600),
	UINT("operator.retention_days", operator_retention_days, 1, 3660),
	UINT("operator.minute_retention_hours", operator_minute_retention_hours, 2, 24 * 3660),
	STR("operator.instance", operator_instance),
	UINT("operator.probe_timeout_ms", operator_probe_timeout_ms, 100, 60000),
	UINT("guest.per_address_per_hour", guest_per_address_hour, 1, 100000),
	UINT("guest.per_mailbox_per_day", guest_per_mailbox_day, 1, 1000),
	STR("oidc.issuer", oidc_issuer),
	STR("oidc.client_id", oidc_client_id),
	STR("oidc.client_secret", oidc_client_secret),
	STR("oidc.redirect_uri", oidc_redirect_uri),
	STR("oidc.post_logout_redirect_uri", oidc_post_logout_uri),
	STR("oidc.scopes", oidc_scopes),
	STR("oidc.national_id_claim", oidc_national_id_claim),
	STR("sources.registers", registers_file),
	STR("sources.descriptions", register_descriptions_dir),
	STR("paths.procedures", procedures_dir),
	STR("paths.openapi", openapi_file),
	STR("paths.org_openapi", org_openapi_file),
	STR("paths.transparency_openapi", transparency_openapi_file),
	STR("receipts.key_file", receipt_key_file),
	STR("translog.key_file", translog_key_file),
	STR("translog.origin", translog_origin),
	STR("translog.witnesses", translog_witnesses),
	UINT("translog.witness_quorum", translog_witness_quorum, 1, 16),
	UINT("translog.checkpoint_interval_ms", translog_checkpoint_interval_ms, 50, 3600000),
	STR("paths.templates", templates_dir),
	STR("paths.i18n", i18n_dir),
	STR("paths.assets", assets_dir),
	STR("log.path", log_path),
	BOOL("log.requests", log_requests),
	STR("mail.host", mail.host),
	UINT("mail.port", mail.port, 1, 65535),
	STR("mail.from", mail.from),
	STR("mail.from_name", mail.from_name),
	STR("mail.username", mail.username),
	STR("mail.password", mail.password),
	ENUM("mail.starttls", mail.starttls, starttls_names),
	STR("mail.ca_file", mail.ca_file),
	UINT("mail.connect_timeout_ms", mail.connect_timeout_ms, 100, 600000),
	UINT("mail.timeout_ms", mail.timeout_ms, 1000, 3600000),
	UINT("mail.retry.initial_ms", mail.retry_initial_ms, 100, 86400000),
	UINT("mail.retry.max_ms", mail.retry_max_ms, 100, 7 * 86400000u),
	UINT("mail.retry.max_attempts", mail.max_attempts, 1, 1000),
	UINT("corrections.sync_ms", corrections.sync_ms, 50, 3600000),
	UINT("corrections.retry.initial_ms", corrections.retry_initial_ms, 50, 86400000),
	UINT("corrections.retry.max_ms", corrections.retry_max_ms, 50, 7 * 86400000u),
	STR("mail.code_key_file", mail.code_key_file),
	UINT("mail.poll_ms", mail.poll_ms, 10, 600000),
	STR("letterbox.types", letterbox.types_file),
	SIZE("letterbox.max_bytes", letterbox.max_bytes, 1024, 1ull << 30),
	UINT("letterbox.due_reminder_days", letterbox.due_reminder_days, 0, 365),
	UINT("letterbox.purge_interval_s", letterbox.purge_interval_s, 1, 7 * 86400),
	STR("certificates.platform", letterbox.platform),
	STR("certificates.fonts_dir", letterbox.fonts_dir),
};

void gx_config_defaults(struct gx_config *c)
{
	*c = (struct gx_config){
		.listen_address = "127.0.0.1",
		.listen_port = 8080,
		.threads = 0,
		.shutdown_grace_ms = 10000,
		.json_body_max = 64 * 1024,
		.upload_body_max = 10 * 1024 * 1024,
		.header_count_max = 64,
		.header_bytes_max = 16 * 1024,
		.url_length_max = 4096,
		.json_depth_max = 32,
		.read_timeout_ms = 10000,
		.idle_timeout_ms = 60000,
		.rate_address_per_s = 100,
		.rate_address_burst = 400,
		.rate_login_per_min = 30,
		.rate_login_burst = 15,
		.rate_verify_per_min = 10,
		.rate_verify_burst = 10,
		.rate_session_per_s = 30,
		.rate_session_burst = 150,
		.rate_client_per_s = 100,
		.rate_client_burst = 400,
		.rate_table_slots = 65536,
		.store_backend = "sqlite",
		.sqlite_path = "var/guichet.db",
		.pg_conninfo = "dbname=guichet",
		.busy_timeout_ms = 5000,
		.group_commit_max_batch = 256,
		.group_commit_max_wait_us = 0,
		.group_commit_queue_cap = 8192,
		.site_url = "http://127.0.0.1:8080",
		.session_idle_s = 30 * 60,
		.session_absolute_s = 12 * 3600,
		.session_cache_ms = 5000,
		.orgapi_token_lifetime_s = 300,
		.operator_sample_interval_s = 60,
		.operator_retention_days = 35,
		.operator_minute_retention_hours = 48,
		.operator_probe_timeout_ms = 2000,
		.guest_per_address_hour = 10,
		.guest_per_mailbox_day = 3,
		.oidc_issuer = "http://127.0.0.1:9000",
		.oidc_client_id = "guichet-demo",
		.oidc_client_secret = "guichet-demo-client-secret-not-for-production",
		.oidc_redirect_uri = "http://127.0.0.1:8080/auth/callback",
		.oidc_post_logout_uri = "http://127.0.0.1:8080/",
		.oidc_scopes = "openid profile national_id",
		.oidc_national_id_claim = "national_id",
		.registers_file = "etc/registers.json",
		.register_descriptions_dir = "registers",
		.procedures_dir = "procedures",
		.openapi_file = "api/openapi.json",
		.org_openapi_file = "api/org-openapi.json",
		.transparency_openapi_file = "api/transparency-openapi.json",
		.receipt_key_file = "var/receipt-signing.key",
		.translog_key_file = "var/translog-signing.key",
		.translog_origin = "guichet.localhost/access-log",
		.translog_witnesses = "",
		.translog_witness_quorum = 1,
		.translog_checkpoint_interval_ms = 1000,
		.templates_dir = "templates",
		.i18n_dir = "i18n",
		.assets_dir = "build/static",
		.log_path = "-",
		.log_requests = true,
		.corrections = {.sync_ms = 5000, .retry_initial_ms = 10000, .retry_max_ms = 3600000},
		.mail = {
			.host = "127.0.0.1",
			.port = 1025,
			.from = "noreply@guichet.localhost",
			.from_name = "Guichet",
			.starttls = GX_STARTTLS_NONE,
			.connect_timeout_ms = 10000,
			.timeout_ms = 60000,
			.retry_initial_ms = 30000,
			.retry_max_ms = 3600000,
			.max_attempts = 48,
			.code_key_file = "var/mail-code.key",
			.poll_ms = 1000,
		},
		.letterbox = {
			.types_file = "etc/letterbox.json",
			.max_bytes = 10 * 1024 * 1024,
			.due_reminder_days = 3,
			.purge_interval_s = 3600,
			.platform = "Guichet",
			.fonts_dir = "",
		},
	};
}

static const struct setting *find_setting(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strlen(settings[i].key) == len && memcmp(settings[i].key, key, len) == 0)
			return &settings[i];
	return NULL;
}

static int fail(struct gx_config_error *err, const char *where, const char *fmt, const char *arg)
{
	if (err != NULL) {
		snprintf(err->where, sizeof(err->where), "%s", where);
		snprintf(err->message, sizeof(err->message), fmt, arg);
	}
	return -1;
}

static int parse_number(const char *value, unsigned long long *out)
{
	char *end;
	if (!isdigit((unsigned char)value[0]))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(value, &end, 10);
	if (errno != 0)
		return -1;
	unsigned long long mult = 1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024 * 1024, end++;
	if (*end != '\0' || v > ULLONG_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static int apply(struct gx_config *c, const struct setting *s, const char *value, const char *where,
		 struct gx_config_error *err)
{
	char *field = (char *)c + s->offset;
	unsigned long long n;

	switch (s->kind) {
	case SET_STRING:
		if (strlen(value) >= s->size)
			return fail(err, where, "%s: value too long", s->key);
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case SET_BOOL:
		if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0 || strcmp(value, "yes") == 0)
			*(bool *)field = true;
		else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0 || strcmp(value, "no") == 0)
			*(bool *)field = false;
		else
			return fail(err, where, "%s: expected true or false", s->key);
		return 0;
	case SET_UINT:
	case SET_SIZE:
		if (parse_number(value, &n) != 0)
			return fail(err, where, "%s: expected a whole number (k and M suffixes allowed)", s->key);
		if (n < s->min || n > s->max)
			return fail(err, where, "%s: out of range", s->key);
		if (s->kind == SET_UINT)
			*(unsigned *)field = (unsigned)n;
		else
			*(size_t *)field = (size_t)n;
		return 0;
	case SET_ENUM:
		for (int i = 0; s->names[i] != NULL; i++)
			if (strcmp(value, s->names[i]) == 0) {
				*(int *)field = i;
				return 0;
			}
		return fail(err, where, "%s: not one of the allowed values", s->key);
	}
	return fail(err, where, "%s: unsupported setting", s->key);
}

int gx_config_set(struct gx_config *c, const char *key, const char *value, struct gx_config_error *err)
{
	const struct setting *s = find_setting(key, strlen(key));
	if (s == NULL)
		return fail(err, key, "unknown setting %s", key);
	return apply(c, s, value, key, err);
}

static const char *trim(char *s, char **end_out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	if (end_out != NULL)
		*end_out = e;
	return s;
}

int gx_config_parse(struct gx_config *c, const char *name, const char *text, size_t len,
		    struct gx_config_error *err)
{
	char line[1024], where[600];
	unsigned lineno = 0;
	size_t pos = 0;

	while (pos < len) {
		size_t start = pos;
		while (pos < len && text[pos] != '\n')
			pos++;
		size_t n = pos - start;
		pos++; /* past '\n' */
		lineno++;
		snprintf(where, sizeof(where), "%.500s:%u", name, lineno);
		if (n >= sizeof(line))
			return fail(err, where, "%s", "line too long");
		memcpy(line, text + start, n);
		line[n] = '\0';
		if (memchr(line, '\0', n) != NULL)
			return fail(err, where, "%s", "NUL byte in line");
		const char *l = trim(line, NULL);
		if (*l == '\0' || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (eq == NULL)
			return fail(err, where, "%s", "expected key = value");
		*eq = '\0';
		const char *key = trim((char *)l, NULL);
		const char *value = trim(eq + 1, NULL);
		const struct setting *s = find_setting(key, strlen(key));
		if (s == NULL)
			return fail(err, where, "unknown setting '%.100s'", key);
		if (apply(c, s, value, where, err) != 0)
			return -1;
	}
	return 0;
}

int gx_config_load_file(struct gx_config *c, const char *path, struct gx_config_error *err)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return fail(err, path, "cannot open: %s", strerror(errno));
	char *text = NULL;
	size_t len = 0, cap = 0;
	int rc = -1;
	for (;;) {
		if (len == cap) {
			if (cap >= 1024 * 1024) {
				fail(err, path, "%s", "file larger than 1 MiB");
				goto done;
			}
			cap = cap ? cap * 2 : 4096;
			char *p = realloc(text, cap);
			if (p == NULL) {
				fail(err, path, "%s", "out of memory");
				goto done;
			}
			text = p;
		}
		size_t got = fread(text + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	rc = gx_config_parse(c, path, text, len, err);
done:
	free(text);
	fclose(f);
	return rc;
}

int gx_config_apply_env(struct gx_config *c, struct gx_config_error *err)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		char name[128] = "GUICHET_";
		size_t n = strlen(name);
		for (const char *k = settings[i].key; *k != '\0' && n + 1 < sizeof(name); k++)
			name[n++] = *k == '.' ? '_' : (char)toupper((unsigned char)*k);
		name[n] = '\0';
		const char *value = getenv(name);
		if (value != NULL && apply(c, &settings[i], value, name, err) != 0)
			return -1;
	}
	return 0;
}

/* A host that names this machine: localhost, ::1 or 127.0.0.0/8, written as an address. */
static bool is_loopback(const char *host)
{
	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0;
}

int gx_config_validate(const struct gx_config *c, struct gx_config_error *err)
{
	bool pg = strcmp(c->store_backend, "postgresql") == 0;
	if (!pg && strcmp(c->store_backend, "sqlite") != 0)
		return fail(err, "store.backend", "unsupported store backend '%s' (supported: sqlite, postgresql)",
			    c->store_backend);
	if (!pg && c->sqlite_path[0] == '\0')
		return fail(err, "store.sqlite.path", "%s", "must not be empty");
	if (c->json_body_max > c->upload_body_max)
		return fail(err, "limits.json_body", "%s", "must not exceed limits.upload_body");
	if (c->mail.host[0] == '\0')
		return fail(err, "mail.host", "%s", "must not be empty");
	if (c->mail.retry_initial_ms > c->mail.retry_max_ms)
		return fail(err, "mail.retry.initial_ms", "%s", "must not exceed mail.retry.max_ms");
	if (c->mail.password[0] != '\0' && c->mail.username[0] == '\0')
		return fail(err, "mail.password", "%s", "given without mail.username");
	if (c->mail.username[0] != '\0' && c->mail.starttls != GX_STARTTLS_REQUIRED && !is_loopback(c->mail.host))
		return fail(err, "mail.username", "%s",
			    "SMTP credentials go only over mail.starttls = required (or to a server on this machine)");
	return 0;
}
