// The store the integration tests run against: SQLite (the default) or, with
// GX_TEST_STORE=postgresql, PostgreSQL. tests/run.sh runs every test file on
// both, with one throwaway cluster (tests/pg_cluster.sh) named by
// GX_TEST_PG_CONNINFO; a file run alone on PostgreSQL starts its own and
// removes it when it exits. Each guichetd and each register gets a database
// of its own: an empty schema in the tests' database gx_it, which its
// connections reach through their search_path (a connection string's
// options); a schema is made and dropped in milliseconds, where each DROP
// DATABASE costs a checkpoint. A test's SQL goes through sql() below, in the
// backend's dialect.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const BACKEND = process.env.GX_TEST_STORE === 'postgresql' ? 'postgresql' : 'sqlite';
export const onPostgres = BACKEND === 'postgresql';

let own = null;

// The cluster's maintenance connection string (its "postgres" database).
export function pgConninfo() {
  if (process.env.GX_TEST_PG_CONNINFO) return process.env.GX_TEST_PG_CONNINFO;
  if (!own) {
    const parent = mkdtempSync(join(tmpdir(), 'guichet-pg-'));
    chmodSync(parent, 0o755); // the cluster's owner (postgres, when run as root) goes through it
    const dir = join(parent, 'cluster');
    const conninfo = execFileSync('sh', ['tests/pg_cluster.sh', 'start', dir], { encoding: 'utf8' }).trim();
    own = { dir, conninfo };
    process.on('exit', () => {
      spawnSync('sh', ['tests/pg_cluster.sh', 'remove', dir]);
      rmSync(dirname(dir), { recursive: true, force: true });
    });
  }
  return own.conninfo;
}

function psql(conninfo, query, extra = []) {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-d', conninfo, ...extra, '-c', query],
    { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

const DATABASE = 'gx_it';

// What a connection string adds to the cluster's to reach schema.
export const schemaConninfo = (schema) => `dbname=${DATABASE} options=-csearch_path=${schema}`;

// A database of the test cluster (a schema of gx_it), as tests hold it (g.db, regs.persons.db).
export class PgDatabase {
  constructor(schema) { this.schema = schema; }
  // What registryd --db takes: the parameters that override the cluster's.
  get override() { return schemaConninfo(this.schema); }
  get conninfo() { return `${pgConninfo()} ${this.override}`; }
  // Not a file: where a path is expected (GUICHET_STORE_SQLITE_PATH), use dbEnv(db).
  toString() { throw new Error(`PostgreSQL database ${this.schema} used as a path: use dbEnv()`); }
}

let counter = 0;
let databaseMade = false;
// A new, empty database; its name starts with label (or is exact).
export function createDatabase(label = 'db', { exact } = {}) {
  if (!databaseMade) {
    try {
      psql(pgConninfo(), `CREATE DATABASE ${DATABASE}`);
    } catch (e) {
      if (!/already exists/.test(String(e.stderr))) throw e;
    }
    databaseMade = true;
  }
  const name = exact ?? `t${process.pid}_${++counter}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63);
  psql(`${pgConninfo()} dbname=${DATABASE}`, `CREATE SCHEMA ${name}`);
  return new PgDatabase(name);
}

export function dropDatabase(db) {
  if (db instanceof PgDatabase) psql(`${pgConninfo()} dbname=${DATABASE}`, `DROP SCHEMA IF EXISTS ${db.schema} CASCADE`);
}

// The environment that points guichetd or guichetctl at db (a PgDatabase);
// nothing on SQLite (the caller names the file).
export function storeEnv(db) {
  if (!(db instanceof PgDatabase)) return {};
  return { GUICHET_STORE_BACKEND: 'postgresql', GUICHET_STORE_POSTGRESQL_CONNINFO: db.conninfo };
}

// The environment that points guichetctl (or a guichetd started by hand) at
// db, whichever backend holds it.
export function dbEnv(db) {
  return db instanceof PgDatabase ? storeEnv(db) : { GUICHET_STORE_SQLITE_PATH: db };
}

// Everything db holds, as text (a test checks a secret is nowhere in it):
// sqlite3's .dump, or pg_dump's of the schema.
export function dump(db) {
  if (!(db instanceof PgDatabase)) return execFileSync('sqlite3', [db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('pg_dump', ['-d', `${pgConninfo()} dbname=${DATABASE}`, '--schema', db.schema],
    { encoding: 'utf8', maxBuffer: 256 << 20 });
}

// The environment for a program that names its database itself (registryd
// --db NAME, guichetctl seed --db-prefix): the server, not the database.
export function serverEnv() {
  if (!onPostgres) return {};
  return { GUICHET_STORE_BACKEND: 'postgresql', GUICHET_STORE_POSTGRESQL_CONNINFO: pgConninfo() };
}

// Runs a query on db (a SQLite file's path, or a PgDatabase) and returns its
// output as the sqlite3 shell prints it: rows on lines, columns split by
// '|', NULL as nothing. q is a string both dialects read alike, or
// { sqlite, postgresql } when they differ. json: the rows as a JSON array of
// objects (nothing when there is none), as `sqlite3 -json` prints them.
export function sql(db, q, { json = false, readonly = false } = {}) {
  const isPg = db instanceof PgDatabase;
  const text = typeof q === 'string' ? q : q[isPg ? 'postgresql' : 'sqlite'];
  if (text === undefined) throw new Error(`no ${isPg ? 'PostgreSQL' : 'SQLite'} dialect of the query`);
  if (!isPg) {
    const args = [...(readonly ? ['-readonly'] : []), ...(json ? ['-json'] : []), db, text];
    return execFileSync('sqlite3', args, { encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
  }
  const query = json ? `SELECT json_agg(q) FROM (${text}) q` : text;
  return psql(db.conninfo, query, [...(readonly ? ['-c', 'SET default_transaction_read_only = on'] : []),
    '-c', 'SET client_min_messages = warning']).trim();
}
