// make run-cluster as a user runs it (scripts/cluster/run.sh, the release
// build, the repository's var/): it says what it started; a person logs in
// through HAProxy and is served by the three guichetd in turn; Patroni has a
// primary and its synchronous standby; Ctrl-C (SIGINT to its process group,
// as a terminal sends it) stops every process it started. HAProxy, the
// provider and the mail server listen on free ports here (the registers on
// 9101–9106, as etc/registers.json says).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CookieJar, loginThroughForm } from '../../idp/testing.mjs';
import { freePort } from '../integration/lib/stack.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RUN = 'var/cluster/run';
let child, out = '';

after(() => {
  if (child && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
});

// Whether the process recorded as "pid start-time" (scripts/cluster/lib.sh)
// still runs: the same pid with the same start time, not a zombie.
function running(recorded) {
  const [pid, start] = recorded.trim().split(/\s+/);
  let stat;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return false; }
  const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return f[0] !== 'Z' && f[19] === start;
}

test('make run-cluster: starts, serves a login through HAProxy, stops everything on Ctrl-C', async () => {
  const [web, idp, smtp, mailweb] = [await freePort(), await freePort(), await freePort(), await freePort()];
  child = spawn('sh', ['scripts/cluster/run.sh'], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GUICHET_LISTEN_PORT: String(web), IDP_PORT: String(idp), MAIL_PORT: String(smtp),
      MAIL_WEB_PORT: String(mailweb) },
  });
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 300000;
  while (!out.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await sleep(200);
  assert.ok(out.includes('Press Ctrl-C'), `make run-cluster did not come up:\n${out.slice(-3000)}`);
  for (const what of ['HAProxy', 'guichetd-1', 'guichetd-2', 'guichetd-3', 'PostgreSQL 15', 'etcd', 'identity provider', 'registers'])
    assert.ok(out.includes(what), `it says it started ${what}`);

  // var/cluster/ is kept from one run to the next: only what is logged from now on counts.
  const logFrom = [1, 2, 3].map((n) => readFileSync(`var/cluster/guichetd-${n}.log`).length);
  const site = `http://127.0.0.1:${web}`;
  const nationalId = out.match(/for example (\d{13})/)[1];
  const start = await fetch(`${site}/login?next=%2Fspace`, { redirect: 'manual' });
  const callback = await loginThroughForm(new CookieJar(), start.headers.get('location'), { nationalId });
  const res = await fetch(callback, { redirect: 'manual' });
  assert.equal(res.status, 303);
  const cookie = res.headers.getSetCookie().find((x) => x.startsWith('__Host-guichet=')).split(';')[0];
  for (let i = 0; i < 6; i++) assert.equal((await fetch(`${site}/api/v1/me`, { headers: { cookie } })).status, 200);
  // Every guichetd served some of it (HAProxy's round robin).
  for (const n of [1, 2, 3]) {
    const log = readFileSync(`var/cluster/guichetd-${n}.log`).subarray(logFrom[n - 1]).toString('utf8');
    assert.match(log, /"route":"\/api\/v1\/me","status":200/, `guichetd-${n} answered`);
  }
  const list = execFileSync('patronictl', ['-c', 'var/cluster/pg1/patroni.yml', 'list'], { encoding: 'utf8' });
  assert.match(list, /Leader/);
  assert.match(list, /Sync Standby/);

  const recorded = readdirSync(RUN).map((f) => readFileSync(join(RUN, f), 'utf8'));
  assert.ok(recorded.length >= 7, `the cluster's servers are recorded: ${recorded.length}`);
  for (const r of recorded) assert.ok(running(r), `recorded process ${r.trim()} runs`);
  process.kill(-child.pid, 'SIGINT');
  const end = await Promise.race([exited, sleep(120000).then(() => null)]);
  assert.ok(end, 'it stops within two minutes of Ctrl-C');
  assert.equal(end.code, 130);
  for (const r of recorded) assert.equal(running(r), false, `process ${r.trim()} was stopped`);
  assert.equal(existsSync(RUN) ? readdirSync(RUN).length : 0, 0, 'no pid left recorded');
  for (const port of [web, idp]) {
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'nothing listens any more');
  }
});
