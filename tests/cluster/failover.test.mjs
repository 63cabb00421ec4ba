// The cluster loses no acknowledged submission (make test-cluster, issue 12).
// Three guichetd behind HAProxy on one PostgreSQL primary with a synchronous
// standby under Patroni (scripts/cluster/up.sh). Under a steady load of
// submissions through HAProxy: kill -9 of the primary's PostgreSQL; Patroni
// promotes the standby; guichetd answers again within 30 s and /readyz said
// not ready meanwhile. Then kill -9 of one guichetd: HAProxy stops sending
// to it. At the end every submission answered 201 — before, during or after
// either failure — is in the database as answered, and its receipt verifies
// with the published key; no request outlived its deadline; every request
// that failed was told so (503 problem JSON), never a 500, except those in
// flight on the guichetd that was killed (HAProxy cuts them, or answers 502).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { CookieJar, loginThroughForm } from '../../idp/testing.mjs';
import { startCluster, stopCluster, killPrimary, members, healthy, psql, backendStates, until } from './lib/cluster.mjs';

const DEADLINE_MS = 10000;   // a client's deadline for any one request
const WORKERS = 8;
const PERSONS = ['1985031410148', '1972110213859', '1990072117589', '1981053021216'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let c;
const killed = [];
const requests = [];   // { what, start, end, status, code, error }
const accepted = [];   // the 201 answers to submissions
let running = true;
let load;
const instanceKill = {};   // when the guichetd was killed, and when HAProxy marked it down
const primaryKill = {};    // when the primary was killed, and when a submission was accepted again

before(async () => {
  c = await startCluster({ instances: 3 });
});

after(async () => {
  running = false;
  await load;
  if (c) await stopCluster(c, { killed, keep: 'build/test-logs/cluster/failover' });
});

async function login(nationalId) {
  const start = await fetch(`${c.site}/login?next=%2Fspace`, { redirect: 'manual' });
  const callback = await loginThroughForm(new CookieJar(), start.headers.get('location'), { nationalId });
  const res = await fetch(callback, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().find((x) => x.startsWith('__Host-guichet=')).split(';')[0];
  const me = await (await fetch(`${c.site}/api/v1/me`, { headers: { cookie } })).json();
  return { cookie, csrf: me.csrf_token, space: me.active_space.id };
}

// One request with the client's deadline; every outcome is recorded.
async function call(what, s, method, path, body) {
  const r = { what, start: Date.now() };
  requests.push(r);
  try {
    const res = await fetch(`${c.site}${path}`, {
      method, signal: AbortSignal.timeout(DEADLINE_MS),
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    r.status = res.status;
    r.type = res.headers.get('content-type');
    try { r.json = JSON.parse(text); } catch { r.json = null; }
    r.code = r.json?.code;
  } catch (e) {
    r.error = e.name === 'TimeoutError' ? 'deadline' : String(e.cause?.code ?? e.name);
    r.detail = String(e.cause?.message ?? e.message);
  }
  r.end = Date.now();
  return r;
}

const data = {
  given_name: 'Marie', family_name: 'Schmit', birth_date: '1985-03-14', street: 'Rue de la Gare', house_number: '12',
  postcode: 'L-1611', locality: 'Luxembourg', commune: 'Luxembourg',
  certificate_type: 'residence', certificate_language: 'fr', copies: 1, delivery: 'letterbox',
};

// A draft opened, answered and submitted, again and again.
async function worker(s) {
  while (running) {
    const d = await call('create', s, 'POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: 'certificate-of-residence' });
    if (d.status !== 201) { await sleep(50); continue; }
    const saved = await call('save', s, 'PUT', `/api/v1/spaces/${s.space}/drafts/${d.json.id}`, { data, step: 1 });
    if (saved.status !== 200) { await sleep(50); continue; }
    const sub = await call('submit', s, 'POST', `/api/v1/spaces/${s.space}/drafts/${d.json.id}/submit`);
    if (sub.status === 201) accepted.push({ ...sub.json, at: sub.end });
  }
}

const acceptedSince = (t) => accepted.filter((a) => a.at > t).length;

test('under load, kill -9 of the primary: the synchronous standby is promoted, guichetd answers again within 30 s', async () => {
  assert.ok(await healthy(c), 'a primary with its synchronous standby before the load');
  const sessions = [];
  for (const id of PERSONS) sessions.push(await login(id));
  load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(sessions[i % sessions.length])));
  await until(() => accepted.length >= 100, 60000, '100 submissions before the failure');

  const before = (await members(c)).find((m) => m.role === 'sync_standby').name;
  // One guichetd's readiness, polled directly through the failover.
  const g = c.guichetd[0];
  const readiness = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      try {
        const res = await fetch(`${g.base}/readyz`, { signal: AbortSignal.timeout(DEADLINE_MS) });
        readiness.push({ at: Date.now(), status: res.status, body: await res.json() });
      } catch (e) { readiness.push({ at: Date.now(), error: String(e) }); }
      await sleep(100);
    }
  })();

  const primary = await killPrimary(c);
  const killedAt = Date.now();
  assert.notEqual(primary, before);
  await until(() => requests.some((r) => r.what === 'submit' && r.status === 201 && r.start > killedAt), 30000,
    'a submission sent after the kill answered 201');
  const back = Math.min(...requests.filter((r) => r.what === 'submit' && r.status === 201 && r.start > killedAt).map((r) => r.end)) - killedAt;
  Object.assign(primaryKill, { killedAt, backAt: killedAt + back });
  polling = false;
  await poller;
  const leader = (await members(c)).find((m) => m.role === 'leader');
  assert.equal(leader?.name, before, 'the synchronous standby is the new primary');
  const notReady = readiness.filter((x) => x.status === 503);
  assert.ok(notReady.length > 0, '/readyz said not ready while the primary was gone');
  for (const x of notReady) assert.deepEqual([x.body.status, x.body.store_reachable], ['not_ready', false]);
  assert.equal(readiness.at(-1).status, 200, '/readyz ready again');
  console.log(`failover: a submission sent after the kill was answered 201 after ${back} ms;`
    + ` /readyz not ready for ${notReady.at(-1).at - notReady[0].at} ms`);
  await until(() => acceptedSince(killedAt) >= 100, 60000, '100 submissions after the failover');
});

test('the old primary comes back as the synchronous standby', async () => {
  await until(() => healthy(c), 90000, 'a primary with its synchronous standby again');
});

test('kill -9 of one guichetd: HAProxy stops sending to it, the others take the load', async () => {
  const victim = 1;
  const killedAt = Date.now();
  c.guichetd[victim].child.kill('SIGKILL');
  killed.push(victim);
  await until(async () => (await backendStates(c))[`g${victim + 1}`]?.startsWith('DOWN'), 10000, 'HAProxy marks it down');
  const downAt = Date.now();
  Object.assign(instanceKill, { killedAt, downAt });
  console.log(`guichetd g${victim + 1} killed; HAProxy marked it down after ${downAt - killedAt} ms`);
  const n = accepted.length;
  await until(() => accepted.length >= n + 100, 60000, '100 submissions after the kill');
  const afterDown = requests.filter((r) => r.start > downAt + 100 && r.end !== undefined);
  assert.ok(afterDown.length > 0);
  for (const r of afterDown) assert.ok(r.status === 200 || r.status === 201, `${r.what} after the instance was marked down: ${r.status ?? r.error}`);
  running = false;
  await load;
});

test('every submission answered 201 is stored as answered and its receipt verifies; no request outlived its deadline; failures were 503, never 500', async () => {
  assert.ok(accepted.length >= 300);
  const key = createPublicKey({ key: await (await fetch(`${c.site}/api/v1/receipts/key`)).json(), format: 'jwk' });
  const ids = accepted.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, 'one submission per 201');
  const rows = JSON.parse(psql(c, `SELECT coalesce(json_agg(json_build_object('id', id, 'reference', reference,
    'receipt', receipt, 'signature', signature, 'data', data)), '[]') FROM submissions WHERE id IN (${ids.join(',')})`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const a of accepted) {
    const row = byId.get(a.id);
    assert.ok(row, `submission ${a.reference} (answered 201) is stored`);
    assert.equal(row.reference, a.reference);
    assert.equal(row.receipt, a.receipt_text);
    assert.equal(row.signature, a.signature);
    assert.equal(verify(null, Buffer.from(row.receipt), key, Buffer.from(row.signature, 'base64url')), true, `${a.reference}: the receipt verifies`);
    assert.equal(JSON.parse(row.receipt).data_sha256, createHash('sha256').update(row.data).digest('hex'), `${a.reference}: the receipt names the stored data`);
  }
  // Submissions stored but not answered 201 can only be those whose answer was lost (a 503, a 502, a broken connection).
  const stored = Number(psql(c, 'SELECT count(*) FROM submissions'));
  const lost = requests.filter((r) => r.what === 'submit' && r.status !== 201 && r.status !== 422).length;
  assert.ok(stored >= accepted.length && stored - accepted.length <= lost, `${stored} stored, ${accepted.length} answered 201, ${lost} unanswered`);

  // What each request got, by when it was sent.
  const phase = (t) => (t < primaryKill.killedAt ? 'before' : t <= primaryKill.backAt ? 'primary failing over'
    : t < instanceKill.killedAt ? 'between' : t <= instanceKill.downAt ? 'instance failing' : 'after');
  const outcomes = {};
  for (const r of requests) {
    const p = (outcomes[phase(r.start)] ??= {});
    const k = r.error ? `${r.what} ${r.error}` : `${r.what} ${r.status}`;
    p[k] = (p[k] || 0) + 1;
    p['longest ms'] = Math.max(p['longest ms'] ?? 0, (r.end ?? Infinity) - r.start);
  }
  console.log(`${requests.length} requests, ${accepted.length} submissions accepted: ${JSON.stringify(outcomes)}`);
  const hung = requests.filter((r) => r.error === 'deadline' || r.end === undefined);
  assert.equal(hung.length, 0, `${hung.length} requests outlived their ${DEADLINE_MS} ms deadline`);
  // In flight on the guichetd when it was killed: HAProxy cuts the
  // connection or answers 502; the client cannot know whether it was done.
  const onKilledInstance = (r) => r.start <= instanceKill.downAt && r.end >= instanceKill.killedAt;
  for (const r of requests) {
    if (r.status === 200 || r.status === 201) continue;
    if (r.error || r.status === 502) {
      assert.ok(onKilledInstance(r), `${r.what} sent at ${new Date(r.start).toISOString()}: ${r.error ?? r.status} ${r.detail ?? ''}`);
      continue;
    }
    assert.equal(r.status, 503, `${r.what} answered ${r.status} ${r.code ?? ''}`);
    assert.match(r.type ?? '', /^application\/problem\+json/, `${r.what}: a 503 is problem JSON`);
    assert.equal(r.code, 'unavailable');
  }
});
