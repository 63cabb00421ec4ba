// guichetctl backup and restore. On SQLite: while submissions pour in, a
// backup is taken; guichetd is stopped, the backup restored, guichetd
// started again on it; every submission acknowledged (201) before the
// backup began is there, and its receipt verifies with the platform's key.
// Restoring is refused while guichetd runs, over a store holding data
// without --replace, from a file that is no store or a damaged one, and a
// backup never overwrites a file. What was written after the backup began
// is not in the restored store. On PostgreSQL both commands refuse and
// name pg_basebackup (docs/backup.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { runSanitized, runSanitizedAsync } from './lib/exit.mjs';
import { onPostgres, dbEnv } from './lib/store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const FIXTURE = caseFixture('backup-fixture', 'commune');
let stack, work, env, person, g2;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-backup-'));
  env = { GUICHET_PATHS_PROCEDURES: catalogWith(work, FIXTURE) };
  stack = await startStack({ env });
  const l = await login(stack);
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  person = { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id };
});

after(async () => {
  await g2?.stop();
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function api(site, method, path, json) {
  const headers = { cookie: person.cookie, 'x-csrf-token': person.csrf };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${site}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
}

async function submit(site, note) {
  const opened = await api(site, 'POST', `/api/v1/spaces/${person.space}/drafts`, { procedure: FIXTURE.id });
  if (opened.status !== 201) return null;
  const draft = await opened.json();
  const saved = await api(site, 'PUT', `/api/v1/spaces/${person.space}/drafts/${draft.id}`, { data: { note }, step: 1 });
  if (saved.status !== 200) return null;
  const res = await api(site, 'POST', `/api/v1/spaces/${person.space}/drafts/${draft.id}/submit`);
  if (res.status !== 201) return null;
  return { ...(await res.json()), ackedAt: Date.now() };
}

// The store's settings as guichetd has them, for guichetctl.
const ctlEnv = () => ({ ...dbEnv(stack.g.db), GUICHET_STORE_SQLITE_PATH: join(stack.g.workdir, 'guichet.db') });
const ctl = (args, expect) => runSanitized(GUICHETCTL, args, { env: ctlEnv(), expect });

test('PostgreSQL: backup and restore name pg_basebackup and do nothing', { skip: !onPostgres }, () => {
  const file = join(work, 'pg.backup');
  for (const args of [['backup', '--to', file], ['restore', '--from', file, '--replace']]) {
    const r = ctl(args, { code: 1 });
    assert.match(r.stderr, /pg_basebackup/);
  }
  assert.equal(existsSync(file), false);
});

test('a backup under load holds every submission acknowledged before it began; restored, they are all there and verify',
  { skip: onPostgres }, async () => {
    const file = join(work, 'guichet.backup');
    const acked = [];
    let loading = true, n = 0;
    const worker = async () => {
      while (loading) {
        const s = await submit(stack.site, `note ${n++}`);
        if (s) acked.push(s);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    const began = Date.now();
    const backup = await runSanitizedAsync(GUICHETCTL, ['backup', '--to', file], { env: ctlEnv() });
    assert.match(backup.stdout, /^backup: .*: \d+ pages, \d+ bytes, schema \d{4}, every write committed before /);
    // Sent after the backup ended: written after its snapshot, so not in it.
    const late = await submit(stack.site, 'after the backup');
    assert.ok(late, 'a submission after the backup');
    loading = false;
    await Promise.all(workers);
    const before = acked.filter((s) => s.ackedAt < began);
    assert.ok(before.length >= 5, `submissions acknowledged before the backup: ${before.length}`);
    assert.ok(acked.length > before.length, 'submissions went on while the backup ran');

    // A backup never overwrites; a restore under a running guichetd is refused.
    assert.match(ctl(['backup', '--to', file], { code: 1 }).stderr, /exists/);
    assert.match(ctl(['restore', '--from', file, '--replace'], { code: 1 }).stderr, /in use .*stop it first/);

    const key = createPublicKey({ key: await (await fetch(`${stack.site}/api/v1/receipts/key`)).json(), format: 'jwk' });
    await stack.g.stop();
    // Over a store holding data, only with --replace; never from what is not an intact store.
    assert.match(ctl(['restore', '--from', file], { code: 1 }).stderr, /already holds a store; restore --replace/);
    const junk = join(work, 'junk');
    writeFileSync(junk, 'this is not a database, only text: '.repeat(200));
    assert.match(ctl(['restore', '--from', junk, '--replace'], { code: 1 }).stderr, /junk: /);
    const damaged = join(work, 'damaged');
    copyFileSync(file, damaged);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096 * 2, 4096 * 6); // pages 3 to 6 overwritten
    writeFileSync(damaged, bytes);
    assert.match(ctl(['restore', '--from', damaged, '--replace'], { code: 1 }).stderr, /damaged|malformed|not a database/);
    assert.match(ctl(['restore', '--from', join(work, 'absent'), '--replace'], { code: 1 }).stderr, /absent/);

    const restored = ctl(['restore', '--from', file, '--replace']);
    assert.match(restored.stdout, /^restore: .*: \d+ pages, schema \d{4}, now the store/);
    g2 = await startGuichetd({ dir: stack.g.workdir, env: { ...env, GUICHET_LISTEN_PORT: String(stack.g.port),
      GUICHET_SITE_URL: stack.site, GUICHET_OIDC_ISSUER: stack.idp.issuer,
      GUICHET_OIDC_REDIRECT_URI: `${stack.site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${stack.site}/` } });
    for (const s of before) {
      const res = await api(g2.base, 'GET', `/api/v1/spaces/${person.space}/submissions/${s.id}`);
      assert.equal(res.status, 200, `submission ${s.id} acknowledged before the backup is restored`);
      const got = await res.json();
      assert.equal(got.reference, s.reference);
      assert.equal(got.signature, s.signature);
      assert.equal(verify(null, Buffer.from(s.receipt_text), key, Buffer.from(got.signature, 'base64url')), true);
    }
    const lost = await api(g2.base, 'GET', `/api/v1/spaces/${person.space}/submissions/${late.id}`);
    assert.equal(lost.status, 404, 'the store is the backup: what was written after it is not there');
    // The restored store takes new submissions after the ones it holds.
    const again = await submit(g2.base, 'after the restore');
    assert.ok(again, 'a submission after the restore');
  });
