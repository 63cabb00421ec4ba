// Durable writes end in exactly one answer on every path. guichetd runs with
// a group-commit queue of 2 whose writer waits up to 200 ms for a fuller
// batch, so a burst of writes overflows it: every write of the burst
// (drafts opened with their prefill, drafts saved, self-declared data,
// prefill choices, page feedback, submissions) is answered, either done or
// 503 problem JSON, and nothing of a refused one is stored. Then clients
// hang up while their writes wait in the queue: guichetd keeps serving. At
// the end guichetd must exit cleanly under AddressSanitizer and
// LeakSanitizer: a refused or abandoned write that leaked would fail it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql as query } from './lib/store.mjs';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login, freePort } from './lib/stack.mjs';
import { registersFile } from './lib/registers.mjs';

let stack, work, cookie, csrf, space;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-durable-'));
  // The registers a draft asks are configured, but nothing listens there:
  // the prefill ends quickly with "unavailable", then the draft is written.
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  stack = await startStack({ env: {
    GUICHET_STORE_GROUP_COMMIT_QUEUE: '2',
    GUICHET_STORE_GROUP_COMMIT_MAX_WAIT_US: '200000',
    GUICHET_STORE_GROUP_COMMIT_MAX_BATCH: '1000',
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: nowhere, social_security: nowhere }, { deadlineMs: 500 }),
  } });
  const l = await login(stack);
  cookie = l.cookie;
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie } })).json();
  csrf = me.csrf_token;
  space = me.active_space.id;
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function api(method, path, body) {
  const headers = { cookie, 'x-csrf-token': csrf, origin: stack.site };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${stack.site}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function count(sql) {
  return Number(query(stack.g.db, sql));
}

// Each write of the burst: its request, and what success looks like.
function burst(n, draftId) {
  const kinds = [
    () => api('POST', `/api/v1/spaces/${space}/drafts`, { procedure: 'certificate-of-residence' }),
    () => api('PUT', `/api/v1/spaces/${space}/drafts/${draftId}`, { data: {}, step: 0 }),
    () => api('PUT', '/api/v1/self-declared/phone', { value: '+352 621 000 001' }),
    () => api('PUT', '/api/v1/my-data/choices', { register: 'persons', allow: false }),
    () => fetch(`${stack.site}/api/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ page: '/', useful: true }) }),
  ];
  return Array.from({ length: n }, (_, i) => kinds[i % kinds.length]());
}

test('a burst larger than the queue: every write answered, done or 503, nothing half-stored', async () => {
  const opened = await api('POST', `/api/v1/spaces/${space}/drafts`, { procedure: 'certificate-of-residence' });
  const text = await opened.text();
  assert.equal(opened.status, 201, text);
  const draft = JSON.parse(text);
  const draftsBefore = count('SELECT count(*) FROM drafts');
  const results = await Promise.all(burst(60, draft.id));
  const statuses = await Promise.all(results.map(async (res) => {
    const text = await res.text();
    if (res.status === 503) {
      assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(JSON.parse(text).status, 503);
      assert.equal(res.headers.get('retry-after'), '1');
    } else {
      assert.ok([200, 201].includes(res.status), `${res.status} ${text}`);
    }
    return res.status;
  }));
  const refused = statuses.filter((s) => s === 503).length;
  assert.ok(refused > 0, 'the queue overflowed');
  assert.ok(refused < statuses.length, 'some writes went through');
  // Each draft answered 201 is stored, and only those.
  const opens = statuses.filter((s, i) => i % 5 === 0 && s === 201).length;
  assert.equal(count('SELECT count(*) FROM drafts'), draftsBefore + opens);
  // The queue's refusals were counted for the operators.
  const metrics = await (await fetch(`${stack.site}/metrics`)).text();
  assert.match(metrics, /^guichet_store_refused_items_total [1-9]/m);
});

test('a submission refused by a full queue leaves the draft; once the queue drains it goes through', async () => {
  const opened = await (await api('POST', `/api/v1/spaces/${space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  // Fill the queue with feedback, and submit while it is full.
  const noise = burst(20, opened.id);
  const submitted = await api('POST', `/api/v1/spaces/${space}/drafts/${opened.id}/submit`);
  await Promise.all(noise);
  if (submitted.status === 503) {
    assert.equal(count(`SELECT count(*) FROM drafts WHERE id = ${opened.id}`), 1);
    const again = await api('POST', `/api/v1/spaces/${space}/drafts/${opened.id}/submit`);
    assert.ok([201, 422].includes(again.status), String(again.status));
  } else {
    assert.ok([201, 422].includes(submitted.status), String(submitted.status));
  }
});

// Sends a whole request and closes the socket at once, without reading.
function hangUp(bytes) {
  return new Promise((resolve) => {
    const sock = net.connect(stack.g.port, '127.0.0.1', () => {
      sock.write(bytes, () => { sock.destroy(); resolve(); });
    });
    sock.on('error', resolve);
  });
}

test('clients that hang up while their writes wait in the queue: guichetd keeps serving', async () => {
  const body = JSON.stringify({ value: '+352 621 000 002' });
  const request = `PUT /api/v1/self-declared/phone HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n` +
    `X-CSRF-Token: ${csrf}\r\nOrigin: ${stack.site}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  await Promise.all(Array.from({ length: 30 }, () => hangUp(request)));
  const feedback = JSON.stringify({ page: '/', useful: false });
  await Promise.all(Array.from({ length: 10 }, () => hangUp(`POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${feedback.length}\r\n\r\n${feedback}`)));
  // The writes still waiting commit (or are refused) and their answers go nowhere.
  await new Promise((r) => setTimeout(r, 600));
  const res = await api('GET', '/api/v1/self-declared');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).values.phone.value, '+352 621 000 002');
});
