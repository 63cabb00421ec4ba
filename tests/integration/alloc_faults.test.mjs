// Out of memory on guichetd's request paths (the ASan build's allocation
// wrappers, src/util/alloc_fault.h): the Nth allocation of our own code
// after arming fails, for every N the workload reaches (self-declared data,
// the overview API, a draft opened, saved, shown and submitted, and the
// pages a person reads). Each time every request is answered, its success
// or 503 (never 500, never a hang or a crash), and the request during which
// the allocation failed is the 503, not a page or answer missing what could
// not be allocated; guichetd stays up; and once disarmed the same workload
// goes through whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';

const FIXTURE = caseFixture('alloc-fixture', 'commune');
let stack, work, control, person, gen = 0;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-alloc-'));
  control = join(work, 'alloc');
  writeFileSync(control, Buffer.alloc(24));
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalogWith(work, FIXTURE), GX_ALLOC_FAULT_FILE: control } });
  const l = await login(stack);
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  person = { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Writes GEN and N in place (the file is mapped by guichetd; its size stays).
// Each arming takes a new GEN, never one used before: guichetd restarts its
// count only when GEN changes, and FIRED keeps the last GEN that fired.
function arm(n) {
  const b = readFileSync(control);
  if (n !== 0) gen++;
  b.writeBigInt64LE(BigInt(n === 0 ? 0 : gen), 0);
  b.writeBigInt64LE(BigInt(n), 8);
  writeFileSync(control, b, { flag: 'r+' });
  return gen;
}
const fired = (g) => readFileSync(control).readBigInt64LE(16) === BigInt(g);

async function call(method, path, json) {
  const headers = { cookie: person.cookie, 'x-csrf-token': person.csrf };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.site}${path}`, { method, headers, signal: AbortSignal.timeout(15000),
    body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function workload(label) {
  const answers = [];
  const ok = (what, r, want) => {
    answers.push(r.status);
    assert.ok(r.status === want || r.status === 503, `${label}: ${what} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.status === want;
  };
  ok('self-declared', await call('PUT', '/api/v1/self-declared/phone', { value: `+352 621 ${String(gen).padStart(6, '0')}` }), 200);
  ok('overview', await call('GET', `/api/v1/spaces/${person.space}/overview`), 200);
  const opened = await call('POST', `/api/v1/spaces/${person.space}/drafts`, { procedure: FIXTURE.id });
  if (ok('draft', opened, 201)) {
    const id = opened.body.id;
    if (ok('save', await call('PUT', `/api/v1/spaces/${person.space}/drafts/${id}`, { data: { note: label }, step: 1 }), 200)) {
      ok('step page', await call('GET', `/spaces/${person.space}/drafts/${id}/steps/1`), 200);
      ok('submit', await call('POST', `/api/v1/spaces/${person.space}/drafts/${id}/submit`), 201);
    }
  }
  for (const page of [`/spaces/${person.space}`, `/spaces/${person.space}/overview`, '/procedures', '/my-data',
    '/access-log', `/spaces/${person.space}/letterbox`])
    ok(`page ${page}`, await call('GET', page), 200);
  return answers;
}

// Every ALLOC_SWEEP_STEP-th N up to the workload's last allocation: every
// one unless told otherwise (the workload makes a few dozen allocations of
// our own; the rest are jansson's, SQLite's and libh2o's).
const STEP = Number(process.env.ALLOC_SWEEP_STEP || 1);

test('every allocation of the workload failing once: answered 2xx or 503, guichetd up, then whole again', { timeout: 1800000 }, async () => {
  let faulted = 0, refused = 0;
  for (let n = 1; n < 100000; n += STEP) {
    const g = arm(n);
    refused += (await workload(`allocation ${n}`)).filter((s) => s === 503).length;
    const hit = fired(g);
    arm(0);
    assert.equal((await fetch(`${stack.site}/healthz`)).status, 200, `allocation ${n}: guichetd is up`);
    if (!hit) break;
    faulted++;
    const again = await workload(`allocation ${n}, disarmed`);
    assert.ok(again.every((s) => s < 300), `allocation ${n}: once disarmed, all succeeds: ${again}`);
  }
  // A request during which an allocation failed is never answered as a
  // success (a few faults may fall on a background thread instead).
  assert.ok(faulted > 10 && refused >= Math.ceil(faulted * 0.9), `allocations failed: ${faulted}, requests refused: ${refused}`);
  console.log(`alloc faults: ${faulted} allocations failed one at a time (every ${STEP}th), ${refused} requests answered 503, the others 2xx`);
});
