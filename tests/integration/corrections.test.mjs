// Corrections end to end (docs/corrections.md): a person logged in through
// the real provider reports wrong data of the persons register over the
// citizen API; guichetd keeps the request with a signed receipt and tells
// the register (a real registryd, behind a switch that can take it down or
// lose its answer); the register's operators decide with `registryd
// corrections …`; the decisions come back to the person. Every bad input
// the issue lists is refused naming what is wrong, storing nothing; every
// read and write of a request is an access record on both sides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, startFaultyRegister, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { FAST_SYNC, PDF, api, fileCorrection, registerRow, registryCli, startSwitch, waitFor } from './lib/corrections.mjs';

let pop, work, persons, companies, sw, idp, g, site, anne, ben;

async function session(nationalId) {
  const l = await login({ site, g, idp }, { nationalId });
  assert.ok(l.cookie, 'logged in');
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { site, cookie: l.cookie, csrf: me.csrf_token, nationalId };
}

before(async () => {
  pop = seed({ persons: 300 });
  work = mkdtempSync(join(tmpdir(), 'guichet-corrections-'));
  persons = await startRegistryd('persons', pop.dir);
  companies = await startRegistryd('companies', pop.dir);
  sw = await startSwitch(persons.url);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: sw.url, companies: companies.url }), ...FAST_SYNC,
  } });
  const adults = pop.population.filter((p) => Number(p.national_id.slice(0, 4)) < 2000);
  anne = await session(adults[0].national_id);
  ben = await session(adults[1].national_id);
});

after(async () => {
  await stopAll(g, idp, () => g?.cleanup(), sw && (() => sw.stop()), persons, companies, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

// What the persons register holds of p's attribute, read over the API (My data).
async function held(p, attribute) {
  const body = (await api(p, 'GET', '/api/v1/my-data')).body;
  return body.registers.find((r) => r.name === 'persons').values.find((v) => v.attribute === attribute);
}

function streetRequest(current, over = {}) {
  return { register: 'persons', attribute: 'address.street', current: { value: current, version: 1 },
    proposed: 'Rue des Corrections', explanation: 'I moved; my lease is attached.', ...over };
}

async function currentStreet(p) {
  const v = await held(p, 'address.street');
  const rec = JSON.parse(sql(persons.db, `SELECT version FROM records WHERE key = '${p.nationalId}'`, { json: true }))[0];
  return { value: v.value, version: Number(rec.version) };
}

const platformRows = (q) => JSON.parse(sql(g.db, q, { json: true }) || '[]') || [];

test('bad input is refused, naming what is wrong, and nothing is stored or sent', async () => {
  const cur = await currentStreet(anne);
  const big = Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024 + 1)]);
  const exe = Buffer.from('MZ\x90\x00 a program');
  const cases = [
    [{ ...streetRequest(cur.value), attribute: 'children' }, [], 400, '/attribute', /children cannot be corrected/],
    [{ ...streetRequest(cur.value), register: 'cadastre' }, [], 400, '/register', /no register/],
    [streetRequest(cur.value, { proposed: cur.value }), [], 422, '/proposed', 'same_value'],
    [streetRequest(cur.value, { attribute: 'address.postcode', proposed: 'A-1234' }), [], 422, '/proposed', 'pattern'],
    [streetRequest(cur.value, { proposed: '' }), [], 422, '/proposed', 'required'],
    [streetRequest(cur.value, { explanation: '  ' }), [], 422, '/explanation', 'required'],
    [streetRequest(cur.value), [{ name: 'big.pdf', data: big }], 422, '/evidence/0', 'too_large'],
    [streetRequest(cur.value), [{ name: 'x.pdf', data: exe }], 422, '/evidence/0', 'wrong_type'],
    [streetRequest(cur.value), Array(4).fill({ name: 'a.pdf', data: PDF }), 422, '/evidence', 'too_many'],
    [streetRequest(cur.value, { attribute: 'given_name', proposed: 'Zoé' }), [], 422, '/evidence', 'required'],
  ];
  for (const [request, files, status, field, what] of cases) {
    const r = await fileCorrection(anne, request, { files });
    assert.equal(r.status, status, `${field}: ${JSON.stringify(r.body)}`);
    if (status === 400) {
      assert.equal(r.body.field, field);
      assert.match(r.body.detail, what);
    } else {
      assert.equal(r.body.code, 'validation_failed', JSON.stringify(r.body));
      assert.ok(r.body.errors.some((e) => e.field === field && e.code === what), `${field} ${what}: ${JSON.stringify(r.body.errors)}`);
    }
    assert.ok(!JSON.stringify(r.body).includes(cur.value), 'no value repeated');
  }
  assert.equal((await fileCorrection(anne, streetRequest(cur.value), { key: null })).status, 400);
  const noPart = await fetch(`${site}/api/v1/corrections`, { method: 'POST', body: new FormData(),
    headers: { cookie: anne.cookie, 'x-csrf-token': anne.csrf, 'idempotency-key': 'k' } });
  assert.equal(noPart.status, 400);
  assert.equal((await fileCorrection({ ...anne, csrf: 'wrong' }, streetRequest(cur.value))).status, 403);
  assert.deepEqual((await api(anne, 'GET', '/api/v1/corrections')).body.corrections, []);
  assert.equal(platformRows('SELECT id FROM corrections').length, 0);
  assert.equal(Number(sql(persons.db, 'SELECT count(*) FROM corrections')), 0);
});

test('a request is kept with a signed receipt, sent once, under review, and idempotent by its key', async () => {
  const cur = await currentStreet(anne);
  const request = streetRequest(cur.value, { current: cur });
  const r = await fileCorrection(anne, request, { files: [{ name: 'lease.pdf', data: PDF, type: 'application/pdf' }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const c = r.body;
  assert.match(c.reference, /^\d{4}-GX-\d{6}$/);
  assert.equal(c.evidence.length, 1);
  assert.equal(c.evidence[0].content_type, 'application/pdf');
  // The receipt verifies with the platform's published key.
  const jwk = await (await fetch(`${site}/api/v1/receipts/key`)).json();
  assert.ok(verify(null, Buffer.from(c.receipt.text), createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(c.receipt.signature, 'base64url')));
  assert.match(c.receipt.text, /"type":"guichet-correction-receipt\/1"/);
  // The same key and request: the same request; the same key, another request: refused.
  const again = await fileCorrection(anne, request, { key: r.key, files: [{ name: 'lease.pdf', data: PDF }] });
  assert.equal(again.status, 201);
  assert.equal(again.body.id, c.id);
  assert.equal(again.headers.get('idempotency-replayed'), 'true');
  const other = await fileCorrection(anne, { ...request, proposed: 'Rue Autre' }, { key: r.key });
  assert.equal(other.status, 422);
  assert.equal(other.body.code, 'idempotency_key_reused');
  // guichetd's sync sends it: open at the register, with its due date.
  const open = await waitFor(async () => {
    const got = (await api(anne, 'GET', `/api/v1/corrections/${c.id}`)).body;
    return got.status === 'open' && got;
  }, { what: 'the request to reach the register' });
  assert.match(open.due, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(open.timeline.map((e) => e.kind), ['filed', 'sent']);
  const requestId = platformRows(`SELECT request_id FROM corrections WHERE id = ${c.id}`)[0].request_id;
  assert.equal(registerRow(persons, requestId).length, 1);
  // Under review on My data.
  const v = await held(anne, 'address.street');
  assert.equal(v.correctable, true);
  assert.equal(v.correction.open, true);
  assert.equal(v.correction.id, c.id);
  // Both sides recorded the filing under the same request id.
  const mine = platformRows(`SELECT purpose, source, attributes FROM access_records WHERE request_id = '${requestId}'`);
  assert.deepEqual(mine, [{ purpose: 'correction.file', source: 'persons', attributes: '["address.street"]' }]);
  const theirs = JSON.parse(sql(persons.db, `SELECT procedure FROM access_log WHERE request_id = '${requestId}'`, { json: true }));
  assert.deepEqual(theirs.map((x) => x.procedure), ['correction.file']);
  // Another person sees nothing of it.
  assert.equal((await api(ben, 'GET', `/api/v1/corrections/${c.id}`)).status, 404);
  assert.equal((await api(ben, 'POST', `/api/v1/corrections/${c.id}/withdraw`)).status, 404);
  assert.equal((await api(ben, 'GET', `/api/v1/corrections/${c.id}/evidence/1`)).status, 404);
  const file = await fetch(`${site}/api/v1/corrections/${c.id}/evidence/1`, { headers: { cookie: anne.cookie } });
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);

  // The register accepts: the value changes there at once, and the decision comes back.
  const regId = registerRow(persons, requestId)[0].id;
  registryCli(persons, ['accept', String(regId), '--operator', 'anne.op']);
  const accepted = await waitFor(async () => {
    const got = (await api(anne, 'GET', `/api/v1/corrections/${c.id}`)).body;
    return got.status === 'accepted' && got;
  }, { what: 'the acceptance' });
  assert.equal(accepted.decision.version, cur.version + 1);
  assert.deepEqual(accepted.timeline.map((e) => e.kind), ['filed', 'sent', 'accepted']);
  const now = await held(anne, 'address.street');
  assert.equal(now.value, 'Rue des Corrections');
  assert.equal(now.correction.open, false);
  assert.equal(now.correction.status, 'accepted');
  // The decision is marked for the person's notification, and its read is recorded on both sides.
  const ev = platformRows(`SELECT kind, notify FROM correction_events WHERE correction_id = ${c.id} ORDER BY seq`);
  assert.deepEqual(ev.map((e) => [e.kind, Number(e.notify)]), [['filed', 0], ['sent', 0], ['accepted', 1]]);
  assert.ok(platformRows(`SELECT purpose FROM access_records WHERE request_id = '${requestId}'`)
    .some((x) => x.purpose === 'correction.decision'));
});

test('rejected with a reason, re-routed to another register, withdrawn while open', async () => {
  const cur = await currentStreet(ben);
  const ids = [];
  for (const proposed of ['Rue Un', 'Rue Deux', 'Rue Trois']) {
    const r = await fileCorrection(ben, streetRequest(cur.value, { current: cur, proposed }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  const reqIds = ids.map((id) => platformRows(`SELECT request_id FROM corrections WHERE id = ${id}`)[0].request_id);
  await waitFor(() => reqIds.every((rid) => registerRow(persons, rid).length === 1), { what: 'the three to be sent' });
  const regIds = reqIds.map((rid) => registerRow(persons, rid)[0].id);
  registryCli(persons, ['reject', String(regIds[0]), '--operator', 'op', '--reason', 'Your lease names another street.']);
  registryCli(persons, ['reroute', String(regIds[1]), '--operator', 'op', '--to', 'companies']);
  const w = await api(ben, 'POST', `/api/v1/corrections/${ids[2]}/withdraw`);
  assert.equal(w.status, 200);
  assert.equal(w.body.status, 'withdrawn');
  assert.equal((await api(ben, 'POST', `/api/v1/corrections/${ids[2]}/withdraw`)).status, 409);
  await waitFor(() => registerRow(persons, reqIds[2])[0].status === 'withdrawn', { what: 'the register to be told' });
  const rejected = await waitFor(async () => {
    const got = (await api(ben, 'GET', `/api/v1/corrections/${ids[0]}`)).body;
    return got.status === 'rejected' && got;
  }, { what: 'the rejection' });
  assert.equal(rejected.decision.reason, 'Your lease names another street.');
  const rerouted = await waitFor(async () => {
    const got = (await api(ben, 'GET', `/api/v1/corrections/${ids[1]}`)).body;
    return got.status === 'rerouted' && got;
  }, { what: 'the re-routing' });
  assert.equal(rerouted.decision.rerouted_to, 'companies');
  const list = (await api(ben, 'GET', '/api/v1/corrections')).body.corrections;
  assert.deepEqual(list.map((x) => x.status).sort(), ['rejected', 'rerouted', 'withdrawn']);
  assert.equal((await held(ben, 'address.street')).value, cur.value, 'nothing changed at the register');
  // A decided request cannot be withdrawn.
  assert.equal((await api(ben, 'POST', `/api/v1/corrections/${ids[0]}/withdraw`)).status, 409);
});

test('a register that is down: the request is kept, sent when it is back, once; a lost answer is not a duplicate', async () => {
  const cur = await currentStreet(ben);
  await sw.down();
  let id, requestId;
  try {
    const r = await fileCorrection(ben, streetRequest(cur.value, { current: cur, proposed: 'Rue de la Panne' }));
    assert.equal(r.status, 201, 'accepted while the register is down');
    id = r.body.id;
    assert.equal(r.body.status, 'pending');
    requestId = platformRows(`SELECT request_id FROM corrections WHERE id = ${id}`)[0].request_id;
    await waitFor(() => Number(platformRows(`SELECT attempts FROM corrections WHERE id = ${id}`)[0].attempts) >= 2,
      { what: 'two attempts while down' });
    assert.equal((await api(ben, 'GET', `/api/v1/corrections/${id}`)).body.status, 'pending');
  } finally {
    await sw.up();
  }
  await waitFor(async () => (await api(ben, 'GET', `/api/v1/corrections/${id}`)).body.status === 'open',
    { what: 'the request to be sent once the register is back' });
  assert.equal(registerRow(persons, requestId).length, 1);

  // The register takes a request but its answer is lost: sent again, stored once.
  sw.loseFilings(2);
  const sentBefore = sw.filings;
  const r2 = await fileCorrection(ben, streetRequest(cur.value, { current: cur, proposed: 'Rue Perdue' }));
  const rid2 = platformRows(`SELECT request_id FROM corrections WHERE id = ${r2.body.id}`)[0].request_id;
  await waitFor(async () => (await api(ben, 'GET', `/api/v1/corrections/${r2.body.id}`)).body.status === 'open',
    { what: 'the request whose answer was lost to be sent again' });
  assert.equal(registerRow(persons, rid2).length, 1, 'one request at the register');
  assert.ok(sw.filings - sentBefore >= 3, 'sent three times: twice lost, then answered');
  assert.ok(Number(platformRows(`SELECT attempts FROM corrections WHERE id = ${r2.body.id}`)[0].attempts) >= 2);
});

test('a request not taken up by its due date is overdue for the person', async () => {
  const list = (await api(anne, 'GET', '/api/v1/corrections')).body.corrections;
  const cur = await currentStreet(anne);
  const r = await fileCorrection(anne, streetRequest(cur.value, { current: cur, proposed: 'Rue du Retard' }));
  await waitFor(async () => (await api(anne, 'GET', `/api/v1/corrections/${r.body.id}`)).body.status === 'open',
    { what: 'sent' });
  sql(g.db, `UPDATE corrections SET due = '2020-01-06' WHERE id = ${r.body.id}`);
  const got = (await api(anne, 'GET', `/api/v1/corrections/${r.body.id}`)).body;
  assert.equal(got.overdue, true);
  assert.ok(list.length >= 1);
});

test('a shutdown while the sync waits on a register that hangs ends cleanly (past the grace period)', async () => {
  const hang = await startFaultyRegister('hang');
  const dir = mkdtempSync(join(work, 'hang-'));
  const h = await startGuichetd({ env: { GUICHET_SOURCES_REGISTERS: registersFile(dir, { persons: hang.url }),
    GUICHET_SERVER_SHUTDOWN_GRACE_MS: '100', ...FAST_SYNC } });
  let log = '';
  try {
    await waitFor(() => /task_started/.test(h.log()), { what: 'the sync to start' });
    await new Promise((r) => setTimeout(r, 600)); // a run is now waiting on the register's feed
  } finally {
    await stopAll(h, () => { log = h.log(); }, () => h.cleanup(), () => hang.stop()); // judged: exit status 0, no leak
  }
  assert.match(log, /shutdown_grace_exceeded/, 'the run was still waiting when the grace period ended');
});

test('the operational log names no person and no value', () => {
  const log = g.log();
  for (const s of [anne.nationalId, ben.nationalId, 'Rue des Corrections', 'Rue Perdue', 'lease']) assert.ok(!log.includes(s), s);
});
