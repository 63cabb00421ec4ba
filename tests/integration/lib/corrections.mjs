// Helpers of the corrections' tests (corrections.test.mjs, corrections_browser.test.mjs):
// a register that can be taken down and brought back on the same address,
// the register's operators' command, filing over the citizen API, waiting
// for guichetd's sync.
import http from 'node:http';
import { runSanitized } from './exit.mjs';
import { REGISTRYD, sql } from './registers.mjs';
import { onPostgres, serverEnv } from './store.mjs';

// A stand-in in front of a register, on a fixed port: up (forwarding),
// down (the port closed: connection refused), or losing the answers of the
// next n POSTs to /v1/corrections (forwarded, then the connection cut
// before the answer: the platform cannot know the register took it).
// filings counts the POSTs to /v1/corrections the register received.
export async function startSwitch(target) {
  const sockets = new Set();
  let lose = 0;
  let filings = 0;
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', async () => {
      try {
        const up = await fetch(`${target}${req.url}`, { method: req.method, headers: req.headers,
          body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
        const body = Buffer.from(await up.arrayBuffer());
        if (req.method === 'POST' && req.url === '/v1/corrections') {
          filings++;
          if (lose > 0) {
            lose--;
            req.socket.destroy();
            return;
          }
        }
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') || 'application/json' });
        res.end(body);
      } catch {
        req.socket.destroy();
      }
    });
  };
  let server = http.createServer(handler);
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const close = () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); });
  return {
    url: `http://127.0.0.1:${port}`,
    async down() { await close(); },
    async up() {
      server = http.createServer(handler);
      server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
      await new Promise((r, j) => { server.once('error', j); server.listen(port, '127.0.0.1', r); });
    },
    loseFilings(n) { lose = n; },
    get filings() { return filings; },
    stop: close,
  };
}

// `registryd corrections …` on a started register (lib/registers.mjs), judged by lib/exit.mjs.
export function registryCli(reg, args, expect = { code: 0 }) {
  const db = onPostgres ? reg.db.override : reg.db;
  return runSanitized(REGISTRYD, ['corrections', ...args, '--register', `registers/${reg.name}.json`, '--db', db],
    { name: `registryd corrections ${args[0]}`, env: serverEnv(), expect }).stdout;
}

// The register's request filed for the platform's request id (its row), or undefined.
export function registerRow(reg, requestId) {
  const rows = JSON.parse(sql(reg.db, `SELECT id, status, request_id FROM corrections WHERE request_id = '${requestId}'`,
    { json: true }) || '[]') || [];
  return rows;
}

// POST /api/v1/corrections as person p ({site, cookie, csrf}).
export async function fileCorrection(p, request, { key = `k-${Math.random().toString(16).slice(2)}`, files = [] } = {}) {
  const form = new FormData();
  form.append('request', JSON.stringify(request));
  for (const f of files) form.append('evidence', new Blob([f.data], { type: f.type || 'application/octet-stream' }), f.name);
  const headers = { cookie: p.cookie, 'x-csrf-token': p.csrf };
  if (key !== null) headers['idempotency-key'] = key;
  const res = await fetch(`${p.site}/api/v1/corrections`, { method: 'POST', headers, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, key };
}

export async function api(p, method, path) {
  const headers = { cookie: p.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = p.csrf;
  const res = await fetch(`${p.site}${path}`, { method, headers });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

// Polls until check() returns a truthy value (guichetd's sync runs every few hundred ms in the tests).
export async function waitFor(check, { timeoutMs = 15000, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The settings that make guichetd's sync quick in tests.
export const FAST_SYNC = { GUICHET_CORRECTIONS_SYNC_MS: '150', GUICHET_CORRECTIONS_RETRY_INITIAL_MS: '200',
  GUICHET_CORRECTIONS_RETRY_MAX_MS: '400' };

export const PDF = Buffer.from('%PDF-1.4\n% a lease for the new address\n');
