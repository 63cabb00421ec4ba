// Rate limits and slow clients. Token buckets per source address (every
// request), per address on the login paths (stricter), per session and per
// organisation client: over a limit, 429 problem JSON (or the error page)
// with Retry-After, and the refusal counted on /metrics; another actor is
// not held back. X-Forwarded-For counts only when the operator says a proxy
// sets it. A client trickling its headers or its body a byte at a time is
// cut off by the read timeout, and guichetd serves others meanwhile.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startStack, login } from './lib/stack.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { stopAll } from './lib/exit.mjs';

const cleanups = [];
after(async () => { await stopAll(...cleanups.reverse()); });

async function guichetd(env) {
  const g = await startGuichetd({ env });
  cleanups.push(g, () => g.cleanup());
  return g;
}

async function refused(res, wait) {
  assert.equal(res.status, 429);
  const retry = Number(res.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= wait, `Retry-After ${res.headers.get('retry-after')}`);
  return res;
}

test('per address: the burst passes, then 429 problem JSON or the error page, with Retry-After; counted', async () => {
  const g = await guichetd({ GUICHET_LIMITS_RATE_ADDRESS_PER_S: '1', GUICHET_LIMITS_RATE_ADDRESS_BURST: '4' });
  for (let i = 0; i < 4; i++) assert.equal((await fetch(`${g.base}/hello`)).status, 200);
  const res = await refused(await fetch(`${g.base}/hello`), 1);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  const p = await res.json();
  assert.equal(p.type.endsWith('too_many_requests'), true, p.type);
  assert.equal(p.status, 429);
  await new Promise((r) => setTimeout(r, 1100));
  const page = await fetch(`${g.base}/`, { headers: { accept: 'text/html', 'accept-language': 'fr' } });
  assert.equal(page.status, 200, 'a token came back after a second');
  const html = await refused(await fetch(`${g.base}/`, { headers: { accept: 'text/html', 'accept-language': 'fr' } }), 1);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(await html.text(), /Trop de demandes/);
  await new Promise((r) => setTimeout(r, 1100));
  const metrics = await (await fetch(`${g.base}/metrics`)).text();
  assert.match(metrics, /^guichet_http_throttled_total\{kind="address"\} 2$/m);
  assert.match(metrics, /^guichet_http_throttled_total\{kind="session"\} 0$/m);
});

test('X-Forwarded-For is believed only when limits.rate.trust_forwarded_for says a proxy sets it', async () => {
  const limits = { GUICHET_LIMITS_RATE_ADDRESS_PER_S: '1', GUICHET_LIMITS_RATE_ADDRESS_BURST: '2' };
  const spoof = (g, from) => fetch(`${g.base}/hello`, { headers: { 'x-forwarded-for': from } });
  const plain = await guichetd(limits);
  assert.equal((await spoof(plain, '192.0.2.1')).status, 200);
  assert.equal((await spoof(plain, '192.0.2.2')).status, 200);
  await refused(await spoof(plain, '192.0.2.3'), 1); // one address, whatever the header says
  const proxied = await guichetd({ ...limits, GUICHET_LIMITS_RATE_TRUST_FORWARDED_FOR: 'true' });
  for (const from of ['192.0.2.1', '198.51.100.7, 192.0.2.1']) assert.equal((await spoof(proxied, from)).status, 200);
  await refused(await spoof(proxied, '192.0.2.1'), 1); // the last entry is the client
  assert.equal((await spoof(proxied, '192.0.2.9')).status, 200, 'another client has its own bucket');
});

test('login paths are limited more strictly than the rest, per address', async () => {
  const g = await guichetd({ GUICHET_LIMITS_RATE_LOGIN_PER_MIN: '1', GUICHET_LIMITS_RATE_LOGIN_BURST: '2' });
  const token = () => fetch(`${g.base}/api/org/v1/token`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  for (let i = 0; i < 2; i++) assert.equal((await token()).status, 400, 'answered, not limited');
  await refused(await token(), 60);
  await refused(await fetch(`${g.base}/login`, { redirect: 'manual' }), 60);
  await refused(await fetch(`${g.base}/auth/callback?code=x&state=y`, { redirect: 'manual' }), 60);
  assert.equal((await fetch(`${g.base}/hello`)).status, 200, 'the rest of the site is not held back');
});

test('per session and per client: one actor over its limit does not hold back another', async () => {
  const stack = await startStack({ env: { GUICHET_LIMITS_RATE_SESSION_PER_S: '1', GUICHET_LIMITS_RATE_SESSION_BURST: '3',
    GUICHET_LIMITS_RATE_CLIENT_PER_S: '1', GUICHET_LIMITS_RATE_CLIENT_BURST: '2' } });
  cleanups.push(stack);
  const a = await login(stack, { nationalId: '1985031410148' });
  const b = await login(stack, { nationalId: '1990072117589' });
  const me = (who) => fetch(`${stack.site}/api/v1/me`, { headers: { cookie: who.cookie } });
  for (let i = 0; i < 3; i++) assert.equal((await me(a)).status, 200);
  await refused(await me(a), 1);
  assert.equal((await me(b)).status, 200, 'another session');
  assert.equal((await fetch(`${stack.site}/hello`)).status, 200, 'anonymous');

  const keys = clientKeys();
  cleanups.push(() => keys.remove());
  const c = orgClient(stack, keys, 'commune', 'submissions.read');
  const token = await c.token();
  const whoami = () => fetch(`${stack.site}/api/org/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  for (let i = 0; i < 2; i++) assert.equal((await whoami()).status, 200);
  await refused(await whoami(), 1);
  const metrics = await (await fetch(`${stack.site}/metrics`)).text();
  assert.match(metrics, /^guichet_http_throttled_total\{kind="session"\} 1$/m);
  assert.match(metrics, /^guichet_http_throttled_total\{kind="client"\} 1$/m);
});

// Sends head, then body, a byte every stepMs; resolves when the server
// closes the connection: { closedAfterMs, sent, of }.
function trickle(port, head, body, stepMs) {
  return new Promise((resolve) => {
    const bytes = Buffer.from(head + body);
    const start = Date.now();
    let sent = 0, timer;
    const sock = net.connect(port, '127.0.0.1', () => {
      timer = setInterval(() => {
        if (sent < bytes.length && !sock.destroyed) sock.write(bytes.subarray(sent, ++sent));
      }, stepMs);
    });
    const done = () => { clearInterval(timer); resolve({ closedAfterMs: Date.now() - start, sent, of: bytes.length }); };
    sock.on('close', done);
    sock.on('error', () => {});
  });
}

test('a client trickling its headers or its body is cut off by the read timeout; others are served meanwhile', async () => {
  const g = await guichetd({ GUICHET_LIMITS_READ_TIMEOUT_MS: '1000' });
  const headers = 'GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: ' + 'a'.repeat(60) + '\r\n\r\n';
  const body = 'x'.repeat(200);
  const bodyHead = `POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const slow = [
    trickle(g.port, headers, '', 100),
    trickle(g.port, '', '', 100), // connects and sends nothing
  ];
  // The body trickle starts once its headers are all there: they go at once.
  const bodySock = new Promise((resolve) => {
    const start = Date.now();
    let sent = 0, timer;
    const sock = net.connect(g.port, '127.0.0.1', () => {
      sock.write(bodyHead);
      timer = setInterval(() => { if (sent < body.length && !sock.destroyed) sock.write(body[sent++]); }, 100);
    });
    sock.on('close', () => { clearInterval(timer); resolve({ closedAfterMs: Date.now() - start, sent, of: body.length }); });
    sock.on('error', () => {});
  });
  const served = [];
  for (let i = 0; i < 5; i++) {
    served.push((await fetch(`${g.base}/hello`)).status);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(served, [200, 200, 200, 200, 200]);
  const [head, silent] = await Promise.all(slow);
  for (const r of [head, await bodySock]) {
    assert.ok(r.sent < r.of, `cut off before the request was whole (${r.sent} of ${r.of} bytes)`);
    assert.ok(r.closedAfterMs < 6000, `closed after ${r.closedAfterMs} ms`);
  }
  assert.ok(silent.closedAfterMs < 6000, `a silent connection closed after ${silent.closedAfterMs} ms`);
});
