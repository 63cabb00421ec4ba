/** PostgreSQL connections: session settings, prepared statements, lost
 *  connections, transaction control. */

#include "store/pg/pg_int.h"

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Every connection: commits wait for the WAL flush (and for a synchronous
 * standby when the cluster names one), a lock is waited for at most
 * busy_timeout_ms (then the transaction is retried, as SQLite's BUSY), times
 * in UTC, and no NOTICE chatter. */
static const char setup_sql[] =
	"SELECT set_config('synchronous_commit', 'on', false), set_config('lock_timeout', $1, false),"
	" set_config('TimeZone', 'UTC', false), set_config('client_min_messages', 'warning', false)";

/* Whether s is a connection string (keywords or a URI) rather than a database's name. */
static bool is_conninfo(const char *s)
{
	return strchr(s, '=') != NULL || strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

PGconn *gx_pg_connect(const struct gx_pg_state *s, char *err, size_t err_size)
{
	/* conninfo is expanded (expand_dbname); the override's parameters come
	 * after it, and later keywords win. */
	enum { MAX = 48 };
	const char *keys[MAX], *values[MAX];
	PQconninfoOption *override = NULL;
	int n = 0;
	keys[n] = "dbname", values[n++] = s->conninfo;
	if (s->override != NULL && is_conninfo(s->override)) {
		char *msg = NULL;
		override = PQconninfoParse(s->override, &msg);
		if (override == NULL) {
			snprintf(err, err_size, "store: the register's database: %s", msg != NULL ? msg : "out of memory");
			err[strcspn(err, "\n")] = '\0';
			PQfreemem(msg);
			return NULL;
		}
		for (PQconninfoOption *o = override; o->keyword != NULL && n < MAX - 3; o++)
			if (o->val != NULL)
				keys[n] = o->keyword, values[n++] = o->val;
	} else if (s->override != NULL) {
		keys[n] = "dbname", values[n++] = s->override;
	}
	keys[n] = "fallback_application_name", values[n++] = "guichet";
	keys[n] = "client_encoding", values[n++] = "UTF8";
	keys[n] = NULL, values[n] = NULL;
	PGconn *pg = PQconnectdbParams(keys, values, 1);
	PQconninfoFree(override);
	if (pg == NULL) {
		snprintf(err, err_size, "store: PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		char msg[200];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(pg));
		msg[strcspn(msg, "\n")] = '\0';
		snprintf(err, err_size, "store: cannot connect to PostgreSQL: %s", msg);
		PQfinish(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg, notice_ignore, NULL);
	char timeout[24];
	snprintf(timeout, sizeof(timeout), "%d", s->lock_timeout_ms);
	const char *params[1] = {timeout};
	PGresult *r = PQexecParams(pg, setup_sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, err_size, "store: PostgreSQL session settings: %s", PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		PQfinish(pg);
		return NULL;
	}
	PQclear(r);
	return pg;
}

/* Replaces a dead connection: 0, or -1 when the server cannot be reached (the old one is kept, still dead). */
static int reconnect(struct gx_pg_conn *c)
{
	char err[256];
	PGconn *pg = gx_pg_connect(c->state, err, sizeof(err));
	if (pg == NULL)
		return -1;
	PQfinish(c->pg);
	c->pg = pg;
	memset(c->prepared, 0, sizeof(c->prepared));
	c->release_pending = false;
	c->tx_open = false;
	c->ahead_ok = false;
	c->ahead = 0;
	c->ahead_failed = false;
	c->nids = 0; /* taken from the old server: after a failover the new one may give them again */
	return 0;
}

static bool dead(const struct gx_pg_conn *c)
{
	return PQstatus(c->pg) != CONNECTION_OK;
}

enum gx_db_status gx_pg_status(const PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state == NULL)
		return GX_DB_HARD_ERROR;
	/* serialization_failure, deadlock_detected, lock_not_available (lock_timeout) */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return GX_DB_SOFT_ERROR;
	return GX_DB_HARD_ERROR;
}

void gx_pg_param_text(struct gx_pg_params *p, const char *s)
{
	p->values[p->n] = s;
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	p->n++;
}

void gx_pg_param_int(struct gx_pg_params *p, long long v)
{
	snprintf(p->ints[p->n], sizeof(p->ints[p->n]), "%lld", v);
	gx_pg_param_text(p, p->ints[p->n]);
}

void gx_pg_param_bool(struct gx_pg_params *p, bool v)
{
	gx_pg_param_text(p, v ? "t" : "f");
}

void gx_pg_param_bytes(struct gx_pg_params *p, const void *data, size_t len)
{
	p->values[p->n] = data != NULL ? data : "";
	p->lengths[p->n] = (int)len;
	p->formats[p->n] = 1;
	p->n++;
}

enum gx_db_status gx_pg_rows(const PGresult *r)
{
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		return PQntuples(r) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
	const char *changed = PQcmdTuples((PGresult *)r);
	return changed[0] != '\0' && strcmp(changed, "0") != 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_run(struct gx_pg_conn *c, enum gx_pg_stmt_id id, const char *sql, enum gx_pg_access access,
			    const struct gx_pg_params *p, int result_format, PGresult **res)
{
	static const struct gx_pg_params none;
	char name[16];
	snprintf(name, sizeof(name), "gx%d", (int)id);
	if (res != NULL)
		*res = NULL;
	if (p == NULL)
		p = &none;
	if (c->prepared[id] && !dead(c)) {
		/* The writer's batch: a write that needs no answer goes ahead; a
		 * statement behind ones sent ahead reads their answers with its own. */
		if (access == GX_PG_WRITE_AHEAD && c->ahead_ok && c->ahead < GX_PG_AHEAD_MAX)
			return gx_pg_ahead_send(c, name, p);
		if (c->ahead > 0)
			return gx_pg_ahead_with(c, name, p, result_format, res);
	} else if (c->ahead > 0) {
		enum gx_db_status st = gx_pg_ahead_drain(c);
		if (st < 0)
			return st;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if (dead(c)) {
			/* Found dead by an earlier statement: inside a transaction, that
			 * transaction is gone (only BEGIN opens a new connection);
			 * outside one, nothing of this statement was sent yet. */
			if (c->tx_open) {
				c->tx_lost = true;
				return GX_DB_SOFT_ERROR;
			}
			if (reconnect(c) != 0) {
				c->unreachable++;
				return GX_DB_HARD_ERROR;
			}
		}
		bool in_tx = c->tx_open;
		PGresult *r;
		if (!c->prepared[id]) {
			r = PQprepare(c->pg, name, sql, p->n, NULL);
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				enum gx_db_status st = gx_pg_status(r);
				PQclear(r);
				if (!dead(c))
					return st;
				if (in_tx) {
					c->tx_lost = true;
					return GX_DB_SOFT_ERROR;
				}
				continue; /* a PREPARE executes nothing: safe to send again */
			}
			PQclear(r);
			c->prepared[id] = true;
		}
		r = PQexecPrepared(c->pg, name, p->n, p->values, p->lengths, p->formats, result_format);
		ExecStatusType es = PQresultStatus(r);
		if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
			enum gx_db_status st = gx_pg_rows(r);
			if (res != NULL)
				*res = r;
			else
				PQclear(r);
			return st;
		}
		enum gx_db_status st = gx_pg_status(r);
		PQclear(r);
		if (!dead(c))
			return st;
		if (in_tx) {
			c->tx_lost = true;
			return GX_DB_SOFT_ERROR;
		}
		if (access != GX_PG_READ) {
			c->unreachable++;
			return GX_DB_HARD_ERROR; /* a write whose outcome is unknown */
		}
	}
	c->unreachable++;
	return GX_DB_HARD_ERROR;
}

long long gx_pg_int(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void gx_pg_copy_text(const PGresult *r, int row, int col, char *out, size_t size)
{
	if (size == 0)
		return;
	size_t n = PQgetisnull(r, row, col) ? 0 : (size_t)PQgetlength(r, row, col);
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(out, PQgetvalue(r, row, col), n);
	out[n] = '\0';
}

char *gx_pg_dup_text(const PGresult *r, int row, int col)
{
	return strdup(PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col));
}

long long gx_pg_int8_binary(const PGresult *r, int row, int col)
{
	uint64_t v;
	if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != (int)sizeof(v))
		return 0;
	memcpy(&v, PQgetvalue(r, row, col), sizeof(v));
	return (long long)be64toh(v);
}

struct gx_store_conn *gx_pg_conn_open(void *state, bool writer)
{
	char err[256];
	struct gx_pg_conn *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->state = state;
	c->writer = writer;
	/* gx_store_open already reported why the server cannot be reached; the caller logs this failure. */
	c->pg = gx_pg_connect(c->state, err, sizeof(err));
	if (c->pg == NULL) {
		free(c);
		return NULL;
	}
	return &c->base;
}

void gx_pg_conn_close(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	if (gx_pg_in_tx(conn))
		gx_pg_tx_rollback(conn);
	PQfinish(c->pg);
	free(c);
}

/* A transaction-control command; the connection found dead ends the transaction without COMMIT. */
static enum gx_db_status control(struct gx_pg_conn *c, const char *sql)
{
	if (c->ahead > 0) {
		enum gx_db_status st = gx_pg_ahead_drain(c);
		if (st < 0)
			return st;
	}
	if (dead(c)) {
		c->tx_open = false;
		c->tx_lost = true;
		return GX_DB_SOFT_ERROR;
	}
	PGresult *r = PQexec(c->pg, sql);
	enum gx_db_status st = PQresultStatus(r) == PGRES_COMMAND_OK ? GX_DB_NO_RESULTS : gx_pg_status(r);
	PQclear(r);
	if (st < 0 && dead(c)) {
		c->tx_open = false;
		c->tx_lost = true;
		return GX_DB_SOFT_ERROR;
	}
	return st;
}

bool gx_pg_tx_lost(struct gx_store_conn *conn)
{
	return gx_pg_conn(conn)->tx_lost;
}

uint64_t gx_pg_unreachable(struct gx_store_conn *conn)
{
	return gx_pg_conn(conn)->unreachable;
}

/* The writers' lock. Several guichetd on one database each have a
 * group-commit writer; their batches all take the year's reference and
 * organisations' event numbers, one row each: two batches at once would
 * fail each other with serialization failures (40001), over and over under
 * load. So a batch first locks a table no one else writes in EXCLUSIVE mode
 * (reads pass), before its first query takes the transaction's snapshot:
 * the batches of every instance commit one after the other, as SQLite's
 * single writer's do, and never conflict with one another. Workers'
 * transactions do not take it. The lock waits at most lock_timeout (then
 * 55P03: a soft failure, BEGIN is tried again) and ends with the
 * transaction, or with the connection when it dies. */
static const char writer_begin_sql[] =
	"BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE reference_counters IN EXCLUSIVE MODE";

enum gx_db_status gx_pg_tx_begin(struct gx_store_conn *conn, bool write)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	/* Writes are serializable, as SQLite's (one writer at a time): what a
	 * transaction read stays true until it commits, or it fails with
	 * 40001 and runs again. Reads see one snapshot, as in WAL mode. */
	const char *sql = !write ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
		: c->writer && c->state->schema == GX_STORE_SCHEMA_PLATFORM ? writer_begin_sql
									    : "BEGIN ISOLATION LEVEL SERIALIZABLE";
	c->tx_lost = false;
	c->tx_open = false;
	c->release_pending = false;
	c->ahead_ok = false;
	for (int attempt = 0; attempt < 2; attempt++) {
		/* A connection found dead, or dying at BEGIN: nothing was done, a new one is safe. */
		if (dead(c) && reconnect(c) != 0) {
			c->unreachable++;
			return GX_DB_HARD_ERROR;
		}
		PGresult *r = PQexec(c->pg, sql);
		enum gx_db_status st = PQresultStatus(r) == PGRES_COMMAND_OK ? GX_DB_NO_RESULTS : gx_pg_status(r);
		PQclear(r);
		if (st >= 0) {
			c->tx_open = true;
			/* The writer's batch sends what it can ahead, until an item's savepoint says otherwise. */
			c->ahead_ok = write && c->writer;
			return st;
		}
		if (!dead(c)) {
			/* BEGIN went through and the lock did not (lock_timeout): end that transaction. */
			if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
				PQclear(PQexec(c->pg, "ROLLBACK"));
			return st;
		}
	}
	c->unreachable++;
	return GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_tx_commit(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	c->release_pending = false; /* COMMIT releases every savepoint */
	c->ahead_ok = false;
	if (c->ahead > 0) {
		/* Never commit what was sent ahead before its answers say it did what was meant. */
		enum gx_db_status st = gx_pg_ahead_drain(c);
		if (st < 0) {
			if (st != GX_DB_SOFT_ERROR)
				gx_pg_tx_rollback(conn);
			return st;
		}
	}
	if (dead(c)) {
		/* Found dead before COMMIT was sent: nothing was committed. */
		bool was_open = c->tx_open;
		c->tx_open = false;
		c->tx_lost = was_open;
		return was_open ? GX_DB_SOFT_ERROR : GX_DB_HARD_ERROR;
	}
	PGTransactionStatusType ts = PQtransactionStatus(c->pg);
	if (ts == PQTRANS_IDLE) {
		c->tx_open = false;
		return GX_DB_HARD_ERROR; /* nothing to commit: never report one that did not happen */
	}
	if (ts == PQTRANS_INERROR) {
		/* A statement failed inside the transaction: PostgreSQL would answer COMMIT with ROLLBACK. */
		gx_pg_tx_rollback(conn);
		return GX_DB_HARD_ERROR;
	}
	PGresult *r = PQexec(c->pg, "COMMIT");
	c->tx_open = false;
	enum gx_db_status st;
	if (PQresultStatus(r) == PGRES_COMMAND_OK)
		st = strcmp(PQcmdStatus(r), "COMMIT") == 0 ? GX_DB_NO_RESULTS : GX_DB_HARD_ERROR;
	else if (dead(c)) {
		st = GX_DB_HARD_ERROR; /* the answer was lost: committed or not, nobody knows; not retried */
		c->unreachable++;
	}
	else if ((st = gx_pg_status(r)) == GX_DB_SOFT_ERROR)
		c->tx_lost = true; /* a serialization failure at COMMIT: rolled back, may run again */
	PQclear(r);
	return st;
}

void gx_pg_tx_rollback(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	if (c->ahead > 0)
		(void)gx_pg_ahead_drain(c); /* their answers do not matter any more */
	c->ahead_ok = false;
	c->tx_open = false;
	c->release_pending = false;
	if (gx_pg_in_tx(conn))
		PQclear(PQexec(c->pg, "ROLLBACK"));
}

bool gx_pg_in_tx(struct gx_store_conn *conn)
{
	PGTransactionStatusType ts = PQtransactionStatus(gx_pg_conn(conn)->pg);
	return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

/* The group commit's item savepoints. A RELEASE is sent with the next
 * command (the next item's SAVEPOINT, or nothing: COMMIT releases), which
 * saves a round trip per item. */
enum gx_db_status gx_pg_savepoint(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	bool release = c->release_pending;
	c->release_pending = false;
	c->ahead_ok = false; /* each item answers for itself */
	return control(c, release ? "RELEASE gx_item; SAVEPOINT gx_item" : "SAVEPOINT gx_item");
}

enum gx_db_status gx_pg_savepoint_release(struct gx_store_conn *conn)
{
	gx_pg_conn(conn)->release_pending = true;
	return GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_savepoint_rollback(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	c->release_pending = false;
	return control(c, "ROLLBACK TO gx_item; RELEASE gx_item");
}

enum gx_db_status gx_pg_ping(struct gx_store_conn *conn)
{
	/* Ready means the primary answers: a standby (in recovery) does not count. */
	return gx_pg_run(gx_pg_conn(conn), GX_PG_PING, "SELECT 1 WHERE NOT pg_is_in_recovery()", GX_PG_READ, NULL, 0,
			 NULL);
}
