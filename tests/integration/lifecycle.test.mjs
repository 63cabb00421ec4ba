// guichetd's life: graceful shutdown under load, acknowledged writes that
// survive kill -9, timeouts, refusing a bad configuration or a procedure
// whose statuses the pages cannot name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from './lib/store.mjs';
import { startGuichetd, rawRequest, GUICHETD } from './lib/guichetd.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';

function rows(db) {
  return Number(sql(db, 'SELECT count(*) FROM feedback'));
}

function feedbackRequest(i) {
  const body = JSON.stringify({ page: `/p/${i}`, useful: i % 2 === 0 });
  return `POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

test('SIGTERM under load: in-flight requests complete, then exit 0', async () => {
  // Commits wait up to 400 ms for a fuller batch, so the requests are still
  // in flight (accepted, waiting for their commit) when the signal arrives.
  const g = await startGuichetd({ env: { GUICHET_STORE_GROUP_COMMIT_MAX_WAIT_US: '400000' } });
  try {
    const n = 40;
    const pending = [];
    for (let i = 0; i < n; i++) pending.push(rawRequest(g.port, feedbackRequest(i), { timeoutMs: 10000 }));
    // Wait until all 40 are inside guichetd (the metrics gauge counts them).
    const deadline = Date.now() + 5000;
    for (;;) {
      const m = await (await fetch(`${g.base}/metrics`)).text();
      const inflight = Number(m.match(/guichet_http_in_flight_requests (\d+)/)[1]);
      if (inflight >= n + 1 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    g.child.kill('SIGTERM');
    const answers = await Promise.all(pending);
    const statuses = answers.map((a) => a.status);
    assert.deepEqual(statuses, Array(n).fill(201), 'every in-flight request answered 201');
    await g.stop();   // the SIGTERM above: exit 0, no sanitizer report
    assert.equal(rows(g.db), n);
    // After the signal nothing new is accepted.
    const late = await fetch(`${g.base}/healthz`).then(() => 'answered', () => 'refused');
    assert.equal(late, 'refused');
    const log = g.logLines();
    assert.ok(log.some((l) => l.event === 'shutdown'));
    assert.ok(log.some((l) => l.event === 'stopped'));
  } finally {
    await stopAll(g, () => g.cleanup());
  }
});

test('a write acknowledged with 201 survives kill -9', async () => {
  const g = await startGuichetd({ env: { ASAN_OPTIONS: 'detect_leaks=0' } });
  try {
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${g.base}/api/v1/feedback`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ page: '/kill', useful: true }),
      });
      assert.equal(res.status, 201);
      ids.push((await res.json()).id);
    }
    await g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
    const stored = sql(g.db, "SELECT id FROM feedback WHERE page = '/kill' ORDER BY id").split('\n').map(Number);
    assert.deepEqual(stored, ids);
  } finally {
    await stopAll(() => g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } }), () => g.cleanup());
  }
});

test('a client that stalls mid-request is cut off by the read timeout', async () => {
  const g = await startGuichetd({ env: { GUICHET_LIMITS_READ_TIMEOUT_MS: '300' } });
  try {
    const started = Date.now();
    const r = await rawRequest(g.port, 'GET /hello HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 5000 });
    assert.equal(r.closed, true);
    assert.ok(Date.now() - started < 4000, 'closed by the server, not by the test');
    const res = await fetch(`${g.base}/hello`);
    assert.equal(res.status, 200);
  } finally {
    await stopAll(g, () => g.cleanup());
  }
});

test('a bad configuration is refused, naming the setting', () => {
  // Exit status 2 and no sanitizer report (lib/exit.mjs).
  const refused = { expect: { code: 2 } };
  let r = runSanitized(GUICHETD, [], { ...refused, env: { GUICHET_LISTEN_PORT: 'eighty' } });
  assert.match(r.stderr, /GUICHET_LISTEN_PORT/);
  r = runSanitized(GUICHETD, ['--config', 'tests/integration/fixtures/bad.conf'], refused);
  assert.match(r.stderr, /bad\.conf:3: unknown setting 'listen.prot'/);
  runSanitized(GUICHETD, ['--bogus'], refused);
});

test('a procedure status without a label in every language stops the start, naming the file and the status', () => {
  const work = mkdtempSync(join(tmpdir(), 'guichet-labels-'));
  try {
    const procedures = join(work, 'procedures');
    mkdirSync(procedures);
    copyFileSync('procedures/organisations.json', join(procedures, 'organisations.json'));
    copyFileSync('tests/fixtures/procedures/broken/statuses-no-label.json', join(procedures, 'statuses-no-label.json'));
    const r = runSanitized(GUICHETD, [], { expect: { code: 1 }, env: {
      GUICHET_LISTEN_PORT: '0', GUICHET_PATHS_PROCEDURES: procedures, GUICHET_LOG_PATH: join(work, 'guichetd.log'),
      GUICHET_STORE_SQLITE_PATH: join(work, 'guichet.db'), GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key') } });
    assert.match(r.stderr, /statuses-no-label\.json: \/statuses\/on_hold: no label proc\.status\.on_hold in fr/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
