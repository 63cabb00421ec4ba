// guichetd on PostgreSQL when the database goes away (tests/run.sh runs this
// file in its PostgreSQL pass only): it has a cluster of its own
// (tests/pg_cluster.sh) to terminate connections of, stop and start again.
// A lost connection: reads run again on a new one, writes commit on a new
// one. The server down: a write in flight answers 503 (problem JSON) and
// stores nothing, reads answer 503, /readyz says not ready; the server back:
// everything works again, without restarting guichetd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { stopAll } from './lib/exit.mjs';

let dir, conninfo, stack, cookie, csrf, space;

const cluster = (cmd) => execFileSync('sh', ['tests/pg_cluster.sh', cmd, join(dir, 'cluster')], { encoding: 'utf8' }).trim();
const psql = (q, db = 'guichet_loss') => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
  '-d', `${conninfo} dbname=${db}`, '-c', q], { encoding: 'utf8' }).trim();
// guichetd's connections (its workers' and its group-commit writer's).
const connections = () => Number(psql("SELECT count(*) FROM pg_stat_activity WHERE datname = 'guichet_loss'"
  + " AND application_name = 'guichet'"));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-loss-'));
  chmodSync(dir, 0o755); // the cluster's owner (postgres, when run as root) goes through it
  conninfo = cluster('start');
  psql('CREATE DATABASE guichet_loss', 'postgres');
  stack = await startStack({
    env: {
      GUICHET_STORE_BACKEND: 'postgresql',
      GUICHET_STORE_POSTGRESQL_CONNINFO: `${conninfo} dbname=guichet_loss`,
      // the mail sender looks at the outbox every poll_ms on a connection of its own: not while
      // the test counts guichetd's connections after terminating them
      GUICHET_MAIL_POLL_MS: '600000',
      // A durable write waits this long for its batch: the test stops the server meanwhile.
      GUICHET_STORE_GROUP_COMMIT_MAX_WAIT_US: '400000',
      // The checkpoint signer (docs/transparency.md) has a connection of its
      // own and would open a new one within its interval: an hour here, so
      // that the requests' connections are the ones counted.
      GUICHET_TRANSLOG_CHECKPOINT_INTERVAL_MS: '3600000',
    },
  });
  const l = await login(stack);
  cookie = l.cookie;
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie } })).json();
  csrf = me.csrf_token;
  space = me.active_space.id;
});

after(async () => {
  await stopAll(() => stack?.stop(), () => dir && cluster('remove'), () => dir && rmSync(dir, { recursive: true, force: true }));
});

const overview = () => fetch(`${stack.site}/api/v1/spaces/${space}/overview`, { headers: { cookie } });
const feedback = (page) => fetch(`${stack.site}/api/v1/feedback`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
  body: JSON.stringify({ page, useful: true }),
});
const readyz = async () => {
  const res = await fetch(`${stack.site}/readyz`);
  return { status: res.status, body: await res.json() };
};
const stored = (page) => Number(psql(`SELECT count(*) FROM feedback WHERE page = '${page}'`));

async function assertUnavailable(res, what) {
  assert.equal(res.status, 503, what);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/, what);
  assert.equal((await res.json()).code, 'unavailable', what);
}

test('connections lost: reads run again on a new one, writes commit on a new one', async () => {
  assert.equal((await overview()).status, 200);
  assert.equal((await feedback('/before')).status, 201);
  assert.ok(connections() >= 2, 'guichetd holds its connections');

  psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'guichet_loss' AND pid <> pg_backend_pid()");
  for (let i = 0; i < 200 && connections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(connections(), 0, 'every connection of guichetd was terminated');

  // Each worker's next read finds its connection dead and asks again on a new one.
  for (let i = 0; i < 4; i++) assert.equal((await overview()).status, 200, `read ${i} after the loss`);
  const ready = await readyz();
  assert.equal(ready.status, 200);
  assert.equal(ready.body.store_reachable, true);
  // The writer's next batch opens a new connection: acknowledged, and stored once.
  assert.equal((await feedback('/after-loss')).status, 201);
  assert.equal(stored('/after-loss'), 1);
  assert.ok(connections() >= 2, 'new connections');
});

test('the server down: a write in flight answers 503 and stores nothing, reads 503, not ready; back up: all works', async () => {
  // Queued for its batch (max_wait 400 ms) when the server stops.
  const inFlight = feedback('/in-flight');
  await new Promise((r) => setTimeout(r, 50));
  cluster('stop');
  await assertUnavailable(await inFlight, 'the write in flight');

  await assertUnavailable(await feedback('/while-down'), 'a write while the server is down');
  await assertUnavailable(await overview(), 'a read while the server is down');
  const down = await readyz();
  assert.equal(down.status, 503);
  assert.deepEqual(down.body, { status: 'not_ready', store_reachable: false, migrations_applied: false });
  assert.equal((await fetch(`${stack.site}/healthz`)).status, 200, 'alive, though not ready');

  cluster('resume');
  const up = await readyz();
  assert.equal(up.status, 200);
  assert.deepEqual(up.body, { status: 'ready', store_reachable: true, migrations_applied: true });
  assert.equal((await overview()).status, 200);
  assert.equal((await feedback('/back')).status, 201);
  assert.equal(stored('/back'), 1);
  assert.equal(stored('/in-flight'), 0, 'the write answered 503 was not stored');
  assert.equal(stored('/while-down'), 0);
  // The operator sees the two durable writes that did not commit.
  const metrics = await (await fetch(`${stack.site}/metrics`)).text();
  assert.equal(Number(metrics.match(/^guichet_store_durable_failed_total (\d+)$/m)?.[1]), 2);
});
