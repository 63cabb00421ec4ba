// The store's disk failing under guichetd (SQLite; PostgreSQL's lost
// connections are postgresql_connection_loss.test.mjs). A fixed workload of
// five writes (self-declared data, a draft opened, saved and submitted,
// page feedback) runs once per fault: the Nth read, write or sync of the
// store's files fails with EIO, or with ENOSPC, for every N until the
// workload no longer reaches it (the fault-injecting VFS of the test build,
// src/store/sqlite/fault_vfs.h). Each time: every request is answered, its
// success or 503 problem JSON (never 500, never a hang); nothing of a
// refused write is stored (a refused submission leaves its draft, and no
// submission or case); guichetd stays up; with the fault cleared the same
// workload goes through whole; and PRAGMA integrity_check passes. Then a
// disk full from some write on: every write refused until it is cleared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { onPostgres, sql } from './lib/store.mjs';

const FIXTURE = caseFixture('faults-fixture', 'commune');
let stack, work, control, person, gen = 0;

before(async () => {
  if (onPostgres) return;
  work = mkdtempSync(join(tmpdir(), 'guichet-faults-'));
  control = join(work, 'faults');
  writeFileSync(control, '0 none 0 eio\n');
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalogWith(work, FIXTURE), GX_STORE_FAULT_FILE: control } });
  const l = await login(stack);
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  person = { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Arms a fault (a new generation), or clears it (op none).
function arm(op, n, err = 'eio', mode = 'once') {
  gen++;
  writeFileSync(control, `${gen} ${op} ${n} ${err} ${mode}\n`);
  return gen;
}
const fired = (g) => existsSync(`${control}.fired`) && Number(readFileSync(`${control}.fired`, 'utf8')) === g;

async function call(method, path, json) {
  const headers = { cookie: person.cookie, 'x-csrf-token': person.csrf };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.site}${path}`, { method, headers, signal: AbortSignal.timeout(15000),
    body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await res.text();
  if (res.status === 503) {
    assert.match(res.headers.get('content-type'), /^application\/problem\+json/, `${method} ${path}`);
    assert.equal(res.headers.get('retry-after'), '1');
  }
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const count = (table) => Number(sql(stack.g.db, `SELECT count(*) FROM ${table}`));

// The workload; checks each answer and what the store holds after it.
async function workload(label) {
  const answers = [];
  const ok = (what, r, want) => {
    answers.push(r.status);
    assert.ok(r.status === want || r.status === 503, `${label}: ${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.status === want;
  };
  const phone = `+352 621 ${String(gen).padStart(6, '0')}`;
  if (ok('self-declared', await call('PUT', '/api/v1/self-declared/phone', { value: phone }), 200)) {
    const v = await call('GET', '/api/v1/self-declared');
    if (v.status === 200) assert.equal(v.body.values.phone.value, phone, `${label}: the value answered 200 is stored`);
  }
  const drafts = count('drafts');
  const opened = await call('POST', `/api/v1/spaces/${person.space}/drafts`, { procedure: FIXTURE.id });
  if (!ok('draft', opened, 201)) {
    assert.equal(count('drafts'), drafts, `${label}: a refused draft is not stored`);
  } else {
    const id = opened.body.id;
    ok('save', await call('PUT', `/api/v1/spaces/${person.space}/drafts/${id}`, { data: { note: label }, step: 1 }), 200);
    const subs = count('submissions'), cases = count('cases');
    const submitted = await call('POST', `/api/v1/spaces/${person.space}/drafts/${id}/submit`);
    if (submitted.status === 422) {
      answers.push(422); // the save before it was refused: the draft lacks its note
      assert.equal(count('submissions'), subs);
    } else if (ok('submit', submitted, 201)) {
      assert.equal(count('submissions'), subs + 1);
      assert.equal(count('cases'), cases + 1, `${label}: a submission opens its case in the same transaction`);
      assert.equal(Number(sql(stack.g.db, `SELECT count(*) FROM drafts WHERE id = ${id}`)), 0);
    } else {
      assert.equal(count('submissions'), subs, `${label}: a refused submission stores nothing`);
      assert.equal(count('cases'), cases);
      assert.equal(Number(sql(stack.g.db, `SELECT count(*) FROM drafts WHERE id = ${id}`)), 1, `${label}: its draft stays`);
    }
  }
  const fb = await fetch(`${stack.site}/api/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ page: '/', useful: true }), signal: AbortSignal.timeout(15000) });
  ok('feedback', { status: fb.status, body: null }, 204 === fb.status ? 204 : 201);
  return answers;
}

async function healthyAfter(label) {
  arm('none', 0);
  assert.equal((await fetch(`${stack.site}/healthz`)).status, 200, `${label}: guichetd is up`);
  const answers = await workload(`${label}, cleared`);
  assert.ok(answers.every((s) => s < 300), `${label}: once cleared, every write succeeds: ${answers}`);
  assert.equal(sql(stack.g.db, 'PRAGMA integrity_check'), 'ok');
}

for (const op of ['write', 'sync', 'read']) {
  test(`every ${op} of the workload failing once with EIO, then ENOSPC: answered, nothing partial, guichetd stays up`,
    { skip: onPostgres }, async () => {
      let faulted = 0;
      for (const err of ['eio', 'enospc']) {
        for (let n = 1; n < 2000; n++) {
          const g = arm(op, n, err);
          const answers = await workload(`${op} ${n} ${err}`);
          if (!fired(g)) break; // the workload no longer reaches the Nth
          faulted++;
          assert.ok(answers.includes(503) || op === 'read', `${op} ${n} ${err}: the failed I/O was seen: ${answers}`);
          await healthyAfter(`${op} ${n} ${err}`);
        }
      }
      assert.ok(faulted > 0, `some ${op} was faulted`);
      console.log(`${op}: ${faulted} faults injected and checked`);
    });
}

test('a disk full from some write on: every write refused, reads answered; cleared, all goes through', { skip: onPostgres }, async () => {
  const g = arm('write', 3, 'enospc', 'from');
  const answers = await workload('disk full');
  assert.ok(fired(g));
  assert.ok(answers.filter((s) => s === 503).length >= 2, `writes refused: ${answers}`);
  assert.equal((await call('GET', '/api/v1/me')).status, 200, 'reading still works');
  await healthyAfter('disk full');
});
