// registryd's correction queue over the source protocol (docs/source-protocol.md,
// "Corrections") and its operators' tools (docs/registryd.md): filing with
// evidence, idempotent by the client's request id; every bad input refused
// naming the member and storing nothing; reading, withdrawing, the feed of
// decisions; `registryd corrections …` and the operator page deciding, an
// acceptance changing the record (version + 1, as of today) in the same
// transaction; overdue after the deadline; every read and write in the
// register's access log, and no national id in its operational log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCleanExit, runSanitized, sanitizerEnv } from './lib/exit.mjs';
import { onPostgres, createDatabase, dropDatabase, serverEnv, sql as storeSql } from './lib/store.mjs';

const REGISTRYD = process.env.REGISTRYD || 'build/asan/registryd';
const KEY = 'demo-guichet-registry-key-0001';
const SCOPED_KEY = 'demo-scoped-test-key-0002';   // persons: given_name, family_name, address.locality
const OPERATOR = ['registry-operator', 'demo-registry-operator-key-0003'];
const ANNE = '1985031410148';
const PAUL = '1972110213859';
const NOBODY = '1999123112345';

const records = [
  { key_type: 'national_id', key: ANNE, as_of: '2026-01-03', version: 4,
    data: { given_name: 'Anne', address: { street: 'Rue des Vignerons-Test', postcode: 'L-6700' } } },
  { key_type: 'national_id', key: PAUL, as_of: '2025-06-30', version: 1,
    data: { given_name: 'Paul', 'address.street': 'Rue Haute', 'address.postcode': 'L-1111' } },
];

const PDF = Buffer.from('%PDF-1.4\n% a lease\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const EXE = Buffer.from('MZ\x90\x00 not a document');

let dir, db, dbArg, logPath, child, exited, base, stderr = '';

const sql = (q) => JSON.parse(storeSql(db, q, { json: true }));
const count = (q) => Number(sql(q)[0].n);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-registryd-corr-'));
  db = onPostgres ? createDatabase('registryd_corr') : join(dir, 'persons.db');
  dbArg = onPostgres ? db.override : db;
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
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registryd exited: ${stderr}`);
    let text = '';
    try { text = readFileSync(logPath, 'utf8'); } catch { /* not yet */ }
    const m = text.match(/"event":"listening","msg":"http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) { base = `http://127.0.0.1:${m[1]}`; break; }
    if (Date.now() > deadline) throw new Error(`registryd did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

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

let n = 0;
function filing(over = {}) {
  return {
    request_id: `cor_${process.pid}_${++n}`,
    subject: { type: 'national_id', value: ANNE },
    attribute: 'address.street',
    current: { value: 'Rue des Vignerons-Test', version: 4 },
    proposed: 'Rue Neuve',
    explanation: 'I moved on 1 March; my lease is attached.',
    requester: { organisation: 'guichet', on_behalf_of: ANNE },
    evidence: [{ name: 'lease.pdf', data: PDF.toString('base64') }],
    ...over,
  };
}

async function call(method, path, { body, raw, key = KEY } = {}) {
  const headers = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const file = (body, opts) => call('POST', '/v1/corrections', { body, ...opts });

function cli(args, expect = { code: 0 }) {
  return runSanitized(REGISTRYD, ['corrections', ...args, '--register', 'registers/persons.json', '--db', dbArg],
    { name: `registryd corrections ${args[0]}`, env: { GUICHET_LOG_PATH: join(dir, 'cli.log'), ...serverEnv() }, expect });
}

const record = (key) => {
  const r = sql(`SELECT data, as_of, version FROM records WHERE key = '${key}'`)[0];
  return { ...r, data: JSON.parse(r.data), version: Number(r.version) };
};

test('a request is filed once with its evidence, and the same request id answers the first answer again', async () => {
  const body = filing();
  const rowsBefore = count('SELECT count(*) AS n FROM access_log');
  const first = await file(body);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.register, 'persons');
  assert.equal(first.body.status, 'open');
  assert.equal(first.body.request_id, body.request_id);
  assert.match(first.body.due, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(first.body.due > first.body.received_at.slice(0, 10), 'due some working days later');
  const again = await file(body);
  assert.equal(again.status, 201);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get('idempotency-replayed'), 'true');
  assert.equal(count(`SELECT count(*) AS n FROM corrections WHERE request_id = '${body.request_id}'`), 1);
  const ev = sql(`SELECT name, content_type, size FROM correction_evidence WHERE correction_id = ${first.body.id}`);
  assert.deepEqual(ev.map((e) => [e.name, e.content_type, Number(e.size)]), [['lease.pdf', 'application/pdf', PDF.length]]);
  // One access-log row for the filing (the replay wrote nothing: it read nothing new).
  assert.equal(count('SELECT count(*) AS n FROM access_log') - rowsBefore, 1);
  const row = sql(`SELECT client, organisation, on_behalf_of, attributes, procedure, request_id FROM access_log ORDER BY id DESC LIMIT 1`)[0];
  assert.deepEqual(row, { client: 'guichet', organisation: 'guichet', on_behalf_of: ANNE, attributes: '["address.street"]',
    procedure: 'correction.file', request_id: body.request_id });
  // The same id with another body: refused, naming the id.
  const other = await file({ ...body, explanation: 'something else' });
  assert.equal(other.status, 422);
  assert.equal(other.body.code, 'idempotency_key_reused');
  assert.equal(other.body.field, '/request_id');
});

test('bad input: 4xx naming the member, nothing stored', async () => {
  const before = count('SELECT count(*) AS n FROM corrections');
  const logBefore = count('SELECT count(*) AS n FROM access_log');
  const big = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024)]);
  const cases = [
    [filing({ attribute: 'children' }), 400, 'invalid_field', '/attribute', /children cannot be corrected/],
    [filing({ attribute: 'shoe_size' }), 400, 'invalid_field', '/attribute', /does not serve/],
    [filing({ proposed: 'Rue des Vignerons-Test' }), 400, 'invalid_field', '/proposed', /current one/],
    [filing({ current: { value: 'Rue X', version: 4 }, proposed: 'Rue des Vignerons-Test' }), 400, 'invalid_field', '/proposed', /already holds/],
    [filing({ attribute: 'address.postcode', current: { value: 'L-6700', version: 4 }, proposed: 'X-6701' }), 400, 'invalid_field', '/proposed', /form/],
    [filing({ proposed: 'x'.repeat(101) }), 400, 'invalid_field', '/proposed', /longer than 100/],
    [filing({ evidence: [{ name: 'big.pdf', data: big.toString('base64') }] }), 400, 'invalid_field', '/evidence/0/data', /larger than 2097152/],
    [filing({ evidence: [{ name: 'x.exe', data: EXE.toString('base64') }] }), 400, 'invalid_field', '/evidence/0/data', /type/],
    [filing({ evidence: [{ name: 'x.pdf', data: 'not base64!' }] }), 400, 'invalid_field', '/evidence/0/data', /base64/],
    [filing({ evidence: [{ name: '../x.pdf', data: PDF.toString('base64') }] }), 400, 'invalid_field', '/evidence/0/name', /slashes/],
    [filing({ evidence: Array(4).fill({ name: 'a.pdf', data: PDF.toString('base64') }) }), 400, 'invalid_field', '/evidence', /at most 3/],
    [filing({ attribute: 'given_name', current: { value: 'Anne', version: 4 }, proposed: 'Anna', evidence: null }), 400, 'missing_field', '/evidence', /needs evidence/],
    [filing({ subject: { type: 'national_id', value: NOBODY } }), 400, 'invalid_field', '/subject/value', /no record/],
    [filing({ subject: { type: 'rcs_number', value: 'B1' } }), 400, 'invalid_field', '/subject/type', /subjects of this type/],
    [{ ...filing(), extra: 1 }, 400, 'unknown_field', '/extra', /./],
    [(({ explanation, ...b }) => b)(filing()), 400, 'missing_field', '/explanation', /./],
  ];
  for (const [body, status, code, field, detail] of cases) {
    const r = await file(body);
    assert.equal(r.status, status, `${field}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.code, code, field);
    assert.equal(r.body.field, field);
    assert.match(r.body.detail, detail, field);
    assert.ok(!JSON.stringify(r.body).includes('Vignerons'), 'no value repeated');
  }
  assert.equal((await file(null, { raw: '{"request_id":' })).body.code, 'malformed_json');
  assert.equal((await file(filing(), { key: null })).status, 401);
  assert.equal((await file(filing(), { key: 'nope' })).status, 401);
  // A scoped client may not correct what it may not read.
  const scoped = await file(filing(), { key: SCOPED_KEY });
  assert.equal(scoped.status, 403);
  assert.equal(scoped.body.field, '/attribute');
  assert.equal(count('SELECT count(*) AS n FROM corrections'), before);
  assert.equal(count('SELECT count(*) AS n FROM correction_evidence WHERE correction_id NOT IN (SELECT id FROM corrections)'), 0);
  assert.equal(count('SELECT count(*) AS n FROM access_log'), logBefore, 'refused requests read nothing');
});

test('GET and withdraw: the client\'s own only; a withdrawal is final and idempotent', async () => {
  const filed = (await file(filing())).body;
  const got = await call('GET', `/v1/corrections/${filed.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.status, 'open');
  assert.equal(got.body.overdue, false);
  assert.equal((await call('GET', `/v1/corrections/${filed.id}`, { key: SCOPED_KEY })).status, 404);
  assert.equal((await call('GET', '/v1/corrections/999999')).status, 404);
  assert.equal((await call('GET', '/v1/corrections/abc')).status, 404);
  assert.equal((await call('POST', `/v1/corrections/${filed.id}/withdraw`, { key: SCOPED_KEY })).status, 404);
  const w = await call('POST', `/v1/corrections/${filed.id}/withdraw`);
  assert.equal(w.status, 200);
  assert.equal(w.body.status, 'withdrawn');
  const w2 = await call('POST', `/v1/corrections/${filed.id}/withdraw`);
  assert.equal(w2.status, 200);
  assert.equal(w2.body.status, 'withdrawn');
  // An operator cannot decide a withdrawn request.
  cli(['accept', String(filed.id), '--operator', 'anne.op'], { code: 1 });
  const reads = sql(`SELECT procedure FROM access_log WHERE request_id = '${filed.request_id}' ORDER BY id`).map((r) => r.procedure);
  assert.deepEqual(reads, ['correction.file', 'correction.read', 'correction.withdraw']);
});

test('operators decide from the command line: accept changes the record at once; reject and re-route; the feed tells the client', async () => {
  const { last: start } = (await call('GET', '/v1/corrections/decisions?after=0&limit=100')).body;
  const accepted = (await file(filing({ subject: { type: 'national_id', value: PAUL }, current: { value: 'Rue Haute', version: 1 }, proposed: 'Rue Basse' }))).body;
  const rejected = (await file(filing())).body;
  const rerouted = (await file(filing())).body;
  const listed = JSON.parse(cli(['list', '--json']).stdout);
  for (const id of [accepted.id, rejected.id, rerouted.id]) assert.ok(listed.some((r) => r.id === id && r.status === 'open'));
  cli(['take-up', String(accepted.id), '--operator', 'anne.op']);
  cli(['take-up', String(accepted.id), '--operator', 'anne.op'], { code: 1 });
  const out = cli(['accept', String(accepted.id), '--operator', 'anne.op']).stdout;
  assert.match(out, /version 2/);
  const rec = record(PAUL);
  assert.equal(rec.data['address.street'], 'Rue Basse');
  assert.equal(rec.version, 2);
  assert.equal(rec.as_of, new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date()));
  assert.equal(rec.data.given_name, 'Paul', 'the rest of the record is kept');
  cli(['reject', String(rejected.id), '--operator', 'anne.op'], { code: 2 });   // no reason
  cli(['reject', String(rejected.id), '--operator', 'anne.op', '--reason', 'The lease does not show the new address.']);
  cli(['reroute', String(rerouted.id), '--operator', 'anne.op', '--to', 'persons'], { code: 2 });   // itself
  cli(['reroute', String(rerouted.id), '--operator', 'anne.op', '--to', 'companies']);
  assert.equal(record(ANNE).data.address.street, 'Rue des Vignerons-Test', 'a rejection changes nothing');
  const feed = await call('GET', `/v1/corrections/decisions?after=${start}&limit=100`);
  assert.equal(feed.status, 200);
  const mine = feed.body.decisions.filter((d) => [accepted.id, rejected.id, rerouted.id].includes(d.id));
  assert.deepEqual(mine.map((d) => [d.id, d.status]), [[accepted.id, 'in_review'], [accepted.id, 'accepted'],
    [rejected.id, 'rejected'], [rerouted.id, 'rerouted']]);
  assert.equal(mine[1].version, 2);
  assert.equal(mine[2].reason, 'The lease does not show the new address.');
  assert.equal(mine[3].rerouted_to, 'companies');
  assert.ok(!JSON.stringify(feed.body).includes(ANNE) && !JSON.stringify(feed.body).includes(PAUL), 'no subject on the feed');
  assert.ok(feed.body.last > start);
  // Paging: after the last, nothing; limit 1 gives one.
  assert.deepEqual((await call('GET', `/v1/corrections/decisions?after=${feed.body.last}`)).body.decisions, []);
  assert.equal((await call('GET', `/v1/corrections/decisions?after=${start}&limit=1`)).body.decisions.length, 1);
  assert.equal((await call('GET', '/v1/corrections/decisions?after=-1')).status, 400);
  assert.equal((await call('GET', '/v1/corrections/decisions?limit=101')).status, 400);
  // Another client's feed does not hold them.
  assert.deepEqual((await call('GET', '/v1/corrections/decisions?after=0', { key: SCOPED_KEY })).body.decisions, []);
  const got = await call('GET', `/v1/corrections/${accepted.id}`);
  assert.equal(got.body.status, 'accepted');
  assert.equal(got.body.version, 2);
  // The register's access log has each move, by whom, and each delivery on the feed.
  const moves = sql(`SELECT client, procedure FROM access_log WHERE request_id = '${accepted.request_id}' ORDER BY id`);
  assert.deepEqual(moves.map((m) => `${m.client} ${m.procedure}`).slice(0, 3),
    ['guichet correction.file', 'operator:anne.op correction.take_up', 'operator:anne.op correction.accept']);
  assert.ok(moves.some((m) => m.procedure === 'correction.decision'));
  // A decided request cannot be withdrawn: 409 with its status.
  const late = await call('POST', `/v1/corrections/${rejected.id}/withdraw`);
  assert.equal(late.status, 409);
  assert.match(late.body.detail, /rejected/);
});

test('a request not taken up by its due date is overdue on GET, in the list and on the page', async () => {
  const filed = (await file(filing())).body;
  storeSql(db, `UPDATE corrections SET due = '2020-01-06' WHERE id = ${filed.id}`);
  assert.equal((await call('GET', `/v1/corrections/${filed.id}`)).body.overdue, true);
  assert.match(cli(['list']).stdout, new RegExp(`^${filed.id}\\s.*OVERDUE`, 'm'));
  const auth = { authorization: `Basic ${Buffer.from(OPERATOR.join(':')).toString('base64')}` };
  const page = await (await fetch(`${base}/operator/corrections?lang=en`, { headers: auth })).text();
  assert.match(page, new RegExp(`/operator/corrections/${filed.id}\\?lang=en">${filed.id}</a>.*Overdue`));
  cli(['take-up', String(filed.id), '--operator', 'anne.op']);
  assert.equal((await call('GET', `/v1/corrections/${filed.id}`)).body.overdue, false, 'taken up: no longer overdue');
});

test('the operator page: Basic authentication, a form token, decisions, files, fr/de/en', async () => {
  const filed = (await file(filing())).body;
  assert.equal((await fetch(`${base}/operator/corrections`)).status, 401);
  assert.match((await fetch(`${base}/operator/corrections`)).headers.get('www-authenticate'), /^Basic/);
  const wrong = { authorization: `Basic ${Buffer.from('registry-operator:demo-guichet-registry-key-0001').toString('base64')}` };
  assert.equal((await fetch(`${base}/operator/corrections`, { headers: wrong })).status, 401, 'a client key is no operator key');
  const auth = { authorization: `Basic ${Buffer.from(OPERATOR.join(':')).toString('base64')}` };
  for (const [lang, h1] of [['fr', 'Demandes de rectification'], ['de', 'Berichtigungsanträge'], ['en', 'Correction requests']]) {
    const res = await fetch(`${base}/operator/corrections`, { headers: { ...auth, 'accept-language': lang } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    const html = await res.text();
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    assert.match(html, new RegExp(`<h1>${h1}</h1>`));
  }
  const detail = await (await fetch(`${base}/operator/corrections/${filed.id}?lang=en`, { headers: auth })).text();
  assert.match(detail, /id="proposed">Rue Neuve</);
  const token = detail.match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  const fileHref = detail.match(/href="(\/operator\/corrections\/\d+\/evidence\/1)"/)[1];
  const dl = await fetch(`${base}${fileHref}`, { headers: auth });
  assert.equal(dl.status, 200);
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PDF);
  const post = (form, headers = auth) => fetch(`${base}/operator/corrections/${filed.id}?lang=en`, { method: 'POST', redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  assert.equal((await post({ action: 'accept' })).status, 403, 'no form token');
  assert.equal((await post({ action: 'accept', csrf_token: 'a'.repeat(64) })).status, 403);
  assert.equal((await post({ action: 'reject', csrf_token: token })).status, 400, 'a rejection needs a reason');
  assert.equal((await post({ action: 'accept', csrf_token: token }, {})).status, 401);
  assert.equal((await post({ action: 'take_up', csrf_token: token })).status, 303);
  assert.match(await (await fetch(`${base}/operator/corrections/${filed.id}?lang=en`, { headers: auth })).text(),
    /id="status">Being reviewed</);
  assert.equal((await post({ action: 'take_up', csrf_token: token })).status, 409, 'taken up already');
  assert.equal((await post({ action: 'reroute', to: 'Not A Register', csrf_token: token })).status, 400);
  const ok = await post({ action: 'reject', reason: 'Not enough evidence.', csrf_token: token });
  assert.equal(ok.status, 303);
  assert.equal((await post({ action: 'accept', csrf_token: token })).status, 409, 'decided already');
  const after = await (await fetch(`${base}/operator/corrections/${filed.id}?lang=en`, { headers: auth })).text();
  assert.match(after, /id="status">Rejected</);
  assert.match(after, /Not enough evidence\./);
  assert.ok(!after.includes('name="action"'), 'no more forms once decided');
  const logged = sql(`SELECT procedure, client FROM access_log WHERE request_id = '${filed.request_id}' ORDER BY id`).map((r) => r.procedure);
  assert.ok(logged.includes('correction.view') && logged.includes('correction.evidence') && logged.includes('correction.reject'));
  assert.ok(logged.includes('correction.take_up'));
});

test('the operational log names no subject and no value', () => {
  const log = readFileSync(logPath, 'utf8');
  assert.ok(log.includes('correction_filed'));
  for (const s of [ANNE, PAUL, 'Rue Neuve', 'Vignerons', 'lease']) assert.ok(!log.includes(s), s);
});
