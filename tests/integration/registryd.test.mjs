// registryd, the reference authentic source, against the source protocol
// (docs/source-protocol.md): authentication, validation, data minimisation,
// scoped clients, one durable access-log row per accepted lookup (names, never
// values), no national id in the operational log, clean exit on SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCleanExit, runSanitized, sanitizerEnv } from './lib/exit.mjs';
import { onPostgres, createDatabase, dropDatabase, serverEnv, sql as storeSql } from './lib/store.mjs';

const REGISTRYD = process.env.REGISTRYD || 'build/asan/registryd';
const KEY = 'demo-guichet-registry-key-0001';         // client "guichet": every attribute
const SCOPED_KEY = 'demo-scoped-test-key-0002';        // client "scoped-test": given_name, family_name, address.locality
const ANNE = '1985031410148';
const NOBODY = '1999123112345';

const records = [
  { key_type: 'national_id', key: ANNE, as_of: '2026-01-03', version: 4,
    data: { given_name: 'Anne-Marguerite', family_name: 'Kieffer-Zanetti', 'address.street': 'Rue des Vignerons-Test',
      'address.house_number': '17', 'address.locality': 'Grevenmacher', children: ['2015061210011'] } },
  { key_type: 'national_id', key: '1972110213859', as_of: '2025-06-30', version: 1,
    data: { given_name: 'Paul', family_name: 'Weber' } },
  // Stored as a nested object (as guichetctl seed writes addresses): still served by dotted name.
  { key_type: 'national_id', key: '1960020312345', as_of: '2024-02-01', version: 2,
    data: { given_name: 'Marie', address: { street: 'Rue Haute', postcode: 'L-9999' } } },
];

let dir, db, logPath, child, exited, base, stderr = '';

// The register's database (SQLite's file or PostgreSQL's: lib/store.mjs), rows as JSON.
function sql(q, { json = true } = {}) {
  return storeSql(db, q, { json });
}

async function waitForPort() {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`registryd exited ${child.exitCode}: ${stderr}`);
    let text = '';
    try { text = readFileSync(logPath, 'utf8'); } catch { /* not yet */ }
    const m = text.match(/"event":"listening","msg":"http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`registryd did not start: ${stderr}`);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-registryd-'));
  db = onPostgres ? createDatabase('registryd') : join(dir, 'registers', 'persons.db');
  const dbArg = onPostgres ? db.override : db;
  logPath = join(dir, 'registryd.log');
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(records));
  runSanitized(REGISTRYD, ['--register', 'registers/persons.json', '--db', dbArg, '--seed-json', seedFile],
    { name: 'registryd --seed-json', env: { GUICHET_LOG_PATH: join(dir, 'seed.log'), ...serverEnv() } });
  child = spawn(REGISTRYD, ['--register', 'registers/persons.json', '--db', dbArg, '--clients',
    'etc/registry-clients.json', '--port', '0', '--threads', '2'], {
    env: { ...process.env, ...sanitizerEnv(), ...serverEnv(), GUICHET_LOG_PATH: logPath }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => { stderr += d; });
  exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  base = `http://127.0.0.1:${await waitForPort()}`;
});

// Stops registryd unless the SIGTERM test did, and judges its exit either way
// (status 0, no sanitizer report: lib/exit.mjs).
after(async () => {
  try {
    if (child) {
      if (child.exitCode === null && child.signalCode === null && !child.killed) child.kill('SIGTERM');
      assertCleanExit('registryd', await exited, stderr);
    }
  } finally {
    if (db) dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
});

function lookupBody(over = {}) {
  return {
    request_id: `req-${Math.random().toString(16).slice(2)}`,
    subject: { type: 'national_id', value: ANNE },
    attributes: ['address.street', 'given_name'],
    requester: { organisation: 'guichet', on_behalf_of: ANNE },
    purpose: { procedure: 'my-data', legal_basis: 'test basis' },
    ...over,
  };
}

async function lookup(body, { key = KEY, raw, contentType = 'application/json' } = {}) {
  const headers = { 'content-type': contentType };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${base}/v1/lookup`, {
    method: 'POST', headers, body: raw !== undefined ? raw : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const logRows = () => JSON.parse(sql('SELECT count(*) AS n FROM access_log'))[0].n;

test('healthz answers without a key; description needs one and has no data', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/v1/description`)).status, 401);
  const res = await fetch(`${base}/v1/description`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(res.status, 200);
  const d = await res.json();
  assert.equal(d.name, 'persons');
  assert.deepEqual(d.keys, ['national_id']);
  assert.deepEqual(Object.keys(d.titles).sort(), ['de', 'en', 'fr']);
  assert.equal(d.attributes['address.street'].correctable, true);
  assert.ok(!JSON.stringify(d).includes(ANNE));
});

test('401 without a key, with a wrong key, and before the body is looked at', async () => {
  const before = logRows();
  for (const key of [null, 'wrong-key', `${KEY}x`, '']) {
    const r = await lookup(lookupBody(), { key });
    assert.equal(r.status, 401, `key ${key}`);
    assert.equal(r.body.code, 'login_required');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    assert.equal(r.body.values, undefined);
  }
  const bad = await lookup(null, { key: null, raw: '{not json' });
  assert.equal(bad.status, 401);
  assert.equal(logRows(), before);
});

test('200 with only the attributes asked for, with as_of and version', async () => {
  const body = lookupBody({ attributes: ['address.street', 'given_name', 'partner'] });
  const r = await lookup(body);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    register: 'persons',
    request_id: body.request_id,
    values: {
      'address.street': { value: 'Rue des Vignerons-Test', as_of: '2026-01-03', version: 4 },
      given_name: { value: 'Anne-Marguerite', as_of: '2026-01-03', version: 4 },
      partner: { value: null, as_of: '2026-01-03', version: 4 },
    },
    errors: {},
  });
  const nested = await lookup(lookupBody({ subject: { type: 'national_id', value: '1960020312345' },
    attributes: ['address.street', 'address.locality'] }));
  assert.deepEqual(nested.body.values, {
    'address.street': { value: 'Rue Haute', as_of: '2024-02-01', version: 2 },
    'address.locality': { value: null, as_of: '2024-02-01', version: 2 },
  });
  // Values of any JSON type.
  const kids = await lookup(lookupBody({ attributes: ['children'] }));
  assert.deepEqual(kids.body.values.children.value, ['2015061210011']);
});

test('an unknown subject: 200, every attribute in errors', async () => {
  const r = await lookup(lookupBody({ subject: { type: 'national_id', value: NOBODY } }));
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.values, {});
  assert.deepEqual(r.body.errors, { 'address.street': { code: 'unknown_subject' }, given_name: { code: 'unknown_subject' } });
});

test('a scoped client gets not_allowed for attributes outside its scope', async () => {
  const r = await lookup(lookupBody({ attributes: ['given_name', 'address.street', 'address.locality'] }),
    { key: SCOPED_KEY });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.values).sort(), ['address.locality', 'given_name']);
  assert.deepEqual(r.body.errors, { 'address.street': { code: 'not_allowed' } });
  assert.ok(!JSON.stringify(r.body).includes('Vignerons'));
});

test('400 naming the field: unserved attribute, bad key type, bad JSON, unknown/missing/mistyped fields', async () => {
  const before = logRows();
  const cases = [
    [lookupBody({ attributes: ['given_name', 'family_name', 'address.street', 'shoe_size'] }), 'invalid_field', '/attributes/3'],
    [lookupBody({ attributes: ['given_name', 'given_name'] }), 'invalid_field', '/attributes/1'],
    [lookupBody({ subject: { type: 'rcs_number', value: 'B123' } }), 'invalid_field', '/subject/type'],
    [{ ...lookupBody(), extra: 1 }, 'unknown_field', '/extra'],
    [lookupBody({ subject: { type: 'national_id', value: ANNE, name: 'x' } }), 'unknown_field', '/subject/name'],
    [(({ purpose, ...b }) => b)(lookupBody()), 'missing_field', '/purpose'],
    [lookupBody({ request_id: 7 }), 'invalid_field', '/request_id'],
    [lookupBody({ attributes: [] }), 'invalid_field', '/attributes'],
    [lookupBody({ attributes: Array.from({ length: 65 }, () => 'given_name') }), 'invalid_field', '/attributes'],
  ];
  for (const [body, code, field] of cases) {
    const r = await lookup(body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 120));
    assert.equal(r.body.code, code, field);
    assert.equal(r.body.field, field);
    assert.equal(r.body.values, undefined);
  }
  const malformed = await lookup(null, { raw: '{"request_id": "x",' });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.code, 'malformed_json');
  const wrongType = await lookup(lookupBody(), { contentType: 'text/plain' });
  assert.equal(wrongType.status, 415);
  assert.equal(logRows(), before, 'refused requests leave no access log row');
});

test('the access log: one row per accepted lookup, attribute names, never values', async () => {
  const before = logRows();
  const ids = [];
  for (const [over, key] of [
    [{ attributes: ['family_name', 'address.house_number'] }, KEY],
    [{ subject: { type: 'national_id', value: NOBODY } }, KEY],
    [{ attributes: ['address.street'] }, SCOPED_KEY],   // nothing allowed: still one row
  ]) {
    const body = lookupBody(over);
    ids.push(body.request_id);
    assert.equal((await lookup(body, { key })).status, 200);
  }
  assert.equal(logRows(), before + 3);
  const rows = JSON.parse(sql(`SELECT * FROM access_log WHERE request_id IN ('${ids.join("','")}') ORDER BY id`));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => r.request_id), ids);
  assert.deepEqual(JSON.parse(rows[0].attributes), ['family_name', 'address.house_number']);
  assert.equal(rows[0].client, 'guichet');
  assert.equal(rows[0].organisation, 'guichet');
  assert.equal(rows[0].on_behalf_of, ANNE);
  assert.equal(rows[0].subject_type, 'national_id');
  assert.equal(rows[0].subject, ANNE);
  assert.equal(rows[0].procedure, 'my-data');
  assert.equal(rows[0].legal_basis, 'test basis');
  assert.equal(rows[1].subject, NOBODY);
  assert.equal(rows[2].client, 'scoped-test');
  // No value ever reaches the log table.
  const all = sql('SELECT * FROM access_log');
  for (const value of ['Anne-Marguerite', 'Kieffer', 'Vignerons', 'Grevenmacher', '2015061210011', '"17"']) {
    assert.ok(!all.includes(value), `access_log holds ${value}`);
  }
  // Every request_id that got a 200 in this file has exactly one row.
  const dup = JSON.parse(sql('SELECT count(*) AS n FROM (SELECT request_id FROM access_log GROUP BY request_id HAVING count(*) > 1) AS dups'))[0].n;
  assert.equal(dup, 0);
});

test('the access log is written before the answer: a failing log means 503 and no values', async () => {
  // Make the log table refuse inserts from outside; registryd must fail closed.
  sql({
    sqlite: "CREATE TRIGGER refuse_log BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'refused'); END",
    postgresql: "CREATE FUNCTION refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END; $$;"
      + ' CREATE TRIGGER refuse_log BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse_log()',
  }, { json: false });
  try {
    const r = await lookup(lookupBody());
    assert.equal(r.status, 503);
    assert.equal(r.body.code, 'unavailable');
    assert.equal(r.body.values, undefined);
  } finally {
    sql({ sqlite: 'DROP TRIGGER refuse_log', postgresql: 'DROP TRIGGER refuse_log ON access_log' }, { json: false });
  }
  assert.equal((await lookup(lookupBody())).status, 200);
});

test('SIGTERM: exit 0; the operational log has no national id and no value', async () => {
  child.kill('SIGTERM');
  assertCleanExit('registryd', await exited, stderr);
  const log = readFileSync(logPath, 'utf8');
  assert.ok(log.includes('"event":"listening"'));
  assert.ok(log.includes('"route":"/v1/lookup"'));
  for (const s of [ANNE, NOBODY, '1972110213859', 'Anne-Marguerite', 'Vignerons', 'my-data']) {
    assert.ok(!log.includes(s), `operational log holds ${s}`);
  }
  assert.ok(!stderr.includes(ANNE));
});
