/** Statements sent ahead: in the group-commit writer's batch, a write whose
 *  caller needs no row back (a draft's removal, a case opened, a submission
 *  whose id was taken beforehand) is sent in libpq's pipeline mode without
 *  waiting for its answer, and taken as having changed its row. Its answer
 *  is read with the next statement that needs one, in the same round trip,
 *  or before COMMIT (gx_pg_flush). When one of them failed or changed no
 *  row, the statement being run reports a failure instead: the group commit
 *  then rolls the batch back and runs it again with a savepoint per item,
 *  where nothing is sent ahead and every statement answers for itself. So a
 *  submission costs one round trip (the year's reference) instead of four. */

#include "store/pg/pg_int.h"

/* Reads the answers of what was sent ahead, up to and including the pipeline's sync. */
static enum gx_db_status read_ahead(struct gx_pg_conn *c)
{
	while (c->ahead > 0) {
		PGresult *r = PQgetResult(c->pg);
		if (r == NULL) {
			c->ahead_failed = true;
			break;
		}
		ExecStatusType es = PQresultStatus(r);
		if ((es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) || gx_pg_rows(r) != GX_DB_ONE_RESULT)
			c->ahead_failed = true;
		PQclear(r);
		PQclear(PQgetResult(c->pg)); /* the NULL that ends each statement's results */
		c->ahead--;
	}
	return c->ahead_failed ? GX_DB_HARD_ERROR : GX_DB_NO_RESULTS;
}

/* After the sync: its result, then out of pipeline mode. */
static void end_pipeline(struct gx_pg_conn *c)
{
	PGresult *r;
	while ((r = PQgetResult(c->pg)) != NULL) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	PQexitPipelineMode(c->pg);
}

/* The transaction is gone with its connection: nothing of the batch was committed. */
static enum gx_db_status lost(struct gx_pg_conn *c)
{
	c->ahead = 0;
	c->ahead_failed = false;
	c->tx_open = false;
	c->tx_lost = true;
	return GX_DB_SOFT_ERROR;
}

enum gx_db_status gx_pg_ahead_send(struct gx_pg_conn *c, const char *name, const struct gx_pg_params *p)
{
	if (PQpipelineStatus(c->pg) == PQ_PIPELINE_OFF && PQenterPipelineMode(c->pg) != 1)
		return GX_DB_HARD_ERROR;
	if (PQsendQueryPrepared(c->pg, name, p->n, p->values, p->lengths, p->formats, 0) != 1)
		return PQstatus(c->pg) != CONNECTION_OK ? lost(c) : GX_DB_HARD_ERROR;
	c->ahead++;
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_ahead_with(struct gx_pg_conn *c, const char *name, const struct gx_pg_params *p,
				   int result_format, PGresult **res)
{
	if (PQsendQueryPrepared(c->pg, name, p->n, p->values, p->lengths, p->formats, result_format) != 1 ||
	    PQpipelineSync(c->pg) != 1)
		return PQstatus(c->pg) != CONNECTION_OK ? lost(c) : GX_DB_HARD_ERROR;
	bool failed = read_ahead(c) < 0;
	PGresult *r = PQgetResult(c->pg);
	if (r != NULL)
		PQclear(PQgetResult(c->pg));
	end_pipeline(c);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		PQclear(r);
		return lost(c);
	}
	ExecStatusType es = PQresultStatus(r);
	enum gx_db_status st;
	if (failed || r == NULL)
		st = GX_DB_HARD_ERROR; /* the batch runs again, each item in its savepoint */
	else if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK)
		st = gx_pg_rows(r);
	else
		st = gx_pg_status(r);
	c->ahead_failed = false;
	if (st >= 0 && res != NULL)
		*res = r;
	else
		PQclear(r);
	return st;
}

enum gx_db_status gx_pg_ahead_drain(struct gx_pg_conn *c)
{
	if (c->ahead == 0)
		return GX_DB_NO_RESULTS;
	if (PQpipelineSync(c->pg) != 1)
		return PQstatus(c->pg) != CONNECTION_OK ? lost(c) : GX_DB_HARD_ERROR;
	enum gx_db_status st = read_ahead(c);
	end_pipeline(c);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return lost(c);
	c->ahead_failed = false;
	return st;
}

enum gx_db_status gx_pg_flush(struct gx_store_conn *conn)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	/* What the batch runs after its items (the transparency log's appends)
	 * answers for itself: a failure there is not an item's. */
	c->ahead_ok = false;
	return gx_pg_ahead_drain(c);
}
