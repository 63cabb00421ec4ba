// Out of memory on guichetd's request paths (the ASan build's allocation
// wrappers, src/util/alloc_fault.h): the Nth allocation of our own code
// after arming fails, for every N the workload of store_faults.test.mjs's
// kind reaches (self-declared data, a draft opened, saved and submitted,
// feedback). Each time every request is answered, its success or 503
// problem JSON (never 500, never a hang or a crash); guichetd stays up; and
// once disarmed the same workload goes through whole.
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
function arm(n) {
  const b = readFileSync(control);
  gen = n === 0 ? 0 : gen + 1;
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
    if (ok('save', await call('PUT', `/api/v1/spaces/${person.space}/drafts/${id}`, { data: { note: label }, step: 1 }), 200))
      ok('submit', await call('POST', `/api/v1/spaces/${person.space}/drafts/${id}/submit`), 201);
  }
  ok('page', await call('GET', `/spaces/${person.space}`), 200);
  return answers;
}

// Every ALLOC_SWEEP_STEP-th N up to the workload's last allocation: 37 in
// make test (about 150 faults), 1 in make torture (every one of ~5,000).
const STEP = Number(process.env.ALLOC_SWEEP_STEP || 37);

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
  assert.ok(faulted > 10 && refused > 0, `allocations failed: ${faulted}, requests refused: ${refused}`);
  console.log(`alloc faults: ${faulted} allocations failed one at a time (every ${STEP}th), ${refused} requests answered 503, the others 2xx`);
});
