#ifndef GX_CONFIG_H
#define GX_CONFIG_H

/** guichetd's settings: defaults that serve the demo, then one file
 *  (etc/guichet.conf documents every key), then GUICHET_* environment
 *  variables, then command-line flags. Read once at start; immutable after. */

#include <stdbool.h>
#include <stddef.h>

/** How the mailer protects its SMTP session (mail.starttls). */
enum gx_starttls {
	GX_STARTTLS_NONE,          /* plain SMTP: a server on this machine or a trusted link only */
	GX_STARTTLS_OPPORTUNISTIC, /* STARTTLS when the server offers it (a man in the middle can hide it) */
	GX_STARTTLS_REQUIRED,      /* STARTTLS or nothing: no byte of a message in clear */
};

/** The SMTP server notifications go through (docs/mail.md). */
struct gx_config_mail {
	char host[256];
	unsigned port;
	char from[256];               /* envelope sender and From address */
	char from_name[128];          /* From display name (UTF-8) */
	char username[256];           /* "": no SMTP AUTH */
	char password[256];
	enum gx_starttls starttls;
	char ca_file[512];            /* "": the system's CAs */
	unsigned connect_timeout_ms;
	unsigned timeout_ms;          /* one whole send, connection included */
	unsigned retry_initial_ms;    /* backoff after the first failed attempt */
	unsigned retry_max_ms;        /* the backoff's cap */
	unsigned max_attempts;        /* then the notification is marked failed */
	char code_key_file[512];      /* the secret e-mail verification codes are hashed with (created when missing) */
	unsigned poll_ms;             /* the sender looks at the outbox at least this often */
};

/** The letter box (docs/letterbox.md). */
struct gx_config_letterbox {
	char types_file[512];         /* the document types per organisation (etc/letterbox.json) */
	size_t max_bytes;             /* the largest document accepted */
	unsigned due_reminder_days;   /* a reminder this many days before a document's due date (0: none) */
	unsigned purge_interval_s;    /* expired documents are purged this often */
	char platform[64];            /* the platform's name on the certificates it issues */
	char fonts_dir[512];          /* the certificates' fonts (DejaVu); "" for Debian's */
};

/** How guichetd keeps the registers told of correction requests (docs/corrections.md). */
struct gx_config_corrections {
	unsigned sync_ms;             /* how often the outbox is sent and the registers' decisions read */
	unsigned retry_initial_ms;    /* a register that did not take a request is asked again after this */
	unsigned retry_max_ms;        /* the backoff's cap */
};

struct gx_config {
	char listen_address[64];
	unsigned listen_port;
	unsigned threads;             /* 0: one per core */
	unsigned shutdown_grace_ms;

	size_t json_body_max;
	size_t upload_body_max;
	unsigned header_count_max;
	size_t header_bytes_max;
	size_t url_length_max;
	unsigned json_depth_max;
	unsigned read_timeout_ms;
	unsigned idle_timeout_ms;

	/* Rate limits (limits.rate.*): token buckets; a rate of 0 turns a kind off. */
	unsigned rate_address_per_s, rate_address_burst;   /* every request, per source address */
	unsigned rate_login_per_min, rate_login_burst;     /* login and token paths, per source address */
	unsigned rate_verify_per_min, rate_verify_burst;   /* /verify, per source address */
	unsigned rate_session_per_s, rate_session_burst;   /* per session */
	unsigned rate_client_per_s, rate_client_burst;     /* per organisation API client */
	unsigned rate_table_slots;                         /* buckets kept; the idlest is forgotten beyond */
	bool rate_trust_forwarded_for;                     /* a proxy in front sets X-Forwarded-For */

	char store_backend[16];       /* "sqlite" or "postgresql" */
	char sqlite_path[512];
	char pg_conninfo[1024];       /* libpq connection string (store.postgresql.conninfo) */
	unsigned busy_timeout_ms;
	unsigned group_commit_max_batch;
	unsigned group_commit_max_wait_us;
	unsigned group_commit_queue_cap;  /* durable writes waiting beyond this many are refused (503) */

	char site_url[256];           /* how browsers reach guichetd: Origin checks, absolute links */

	unsigned session_idle_s;
	unsigned session_absolute_s;
	unsigned session_cache_ms;   /* how long a session read from the store is trusted (other instances' logouts) */

	unsigned orgapi_token_lifetime_s;  /* organisation API access tokens live this long (at most 300) */
	unsigned clock_offset_s;      /* tests only: the platform's clock (util/clock.h gx_now_us) runs this far ahead */

	unsigned operator_sample_interval_s;  /* the dashboard's rows are this far apart (docs/dashboard.md); 0: none */
	unsigned operator_retention_days;     /* and kept this long, by the hour */
	unsigned operator_minute_retention_hours;  /* each row itself this long */
	char operator_instance[128];          /* names this guichetd in them; "": the host's name */
	unsigned operator_probe_timeout_ms;   /* a register's availability probe gives up after */

	unsigned guest_per_address_hour;   /* procedures submitted without logging in, per client address and hour */
	unsigned guest_per_mailbox_day;    /* their receipts mailed to one address, per day */

	char oidc_issuer[256];
	char oidc_client_id[128];
	char oidc_client_secret[256];
	char oidc_redirect_uri[256];
	char oidc_post_logout_uri[256];
	char oidc_scopes[256];
	char oidc_national_id_claim[64];

	char registers_file[512];     /* the registers the platform reads (etc/registers.json) */
	char procedures_dir[512];     /* procedure definitions */
	char openapi_file[512];       /* the API's OpenAPI document, served at /api/v1/openapi.json */
	char org_openapi_file[512];   /* the organisation API's, served at /api/org/v1/openapi.json */
	char transparency_openapi_file[512]; /* the transparency log's, served at /transparency/v1/openapi.json */
	char register_descriptions_dir[512]; /* what each register serves (prefill mappings are checked against it) */
	char receipt_key_file[512];   /* the Ed25519 seed receipts are signed with (created when missing) */

	/* The transparency log (docs/transparency.md). */
	char translog_key_file[512];  /* the log's signed-note key (created when missing) */
	char translog_origin[256];    /* the log's origin: its key's name */
	char translog_witnesses[4096];/* the witnesses' verifier keys, separated by spaces or commas */
	unsigned translog_witness_quorum;       /* cosignatures that make a checkpoint witnessed */
	unsigned translog_checkpoint_interval_ms; /* a checkpoint is signed this often when the tree grew */

	char templates_dir[512];      /* Mustache page templates */
	char i18n_dir[512];           /* message catalogs fr/de/en/lb.json */
	char assets_dir[512];         /* built CSS and other static files */

	char log_path[512];           /* "-": standard error */
	bool log_requests;

	struct gx_config_mail mail;
	struct gx_config_corrections corrections;
	struct gx_config_letterbox letterbox;
};

struct gx_config_error {
	char where[600];   /* "file:line" or the environment variable's name */
	char message[200];
};

/** Fills c with the defaults. */
void gx_config_defaults(struct gx_config *c);

/** Applies "key = value" lines from text (comments start with '#'). An
 *  unknown key, a malformed line or a bad value is an error naming the line. */
int gx_config_parse(struct gx_config *c, const char *name, const char *text, size_t len,
		    struct gx_config_error *err);

/** Reads and applies a file. */
int gx_config_load_file(struct gx_config *c, const char *path, struct gx_config_error *err);

/** Applies GUICHET_<KEY> variables from the environment: the key upper-cased
 *  with dots as underscores, e.g. GUICHET_LISTEN_PORT for listen.port. */
int gx_config_apply_env(struct gx_config *c, struct gx_config_error *err);

/** Sets one key, as the file or environment would. */
int gx_config_set(struct gx_config *c, const char *key, const char *value, struct gx_config_error *err);

/** Checks cross-setting constraints after everything was applied. */
int gx_config_validate(const struct gx_config *c, struct gx_config_error *err);

#endif
