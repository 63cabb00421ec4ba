// Helpers for tests that need the demo identity provider: start it on a free
// loopback port, keep cookies like a browser would (by path), and log a demo
// person in by submitting the real login form (no bypass).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
export const DEMO_PASSWORD = 'guichet-demo';

/**
 * Starts `node idp/server.mjs` with IDP_PORT=0 plus env, waits for the
 * "listening" line. Returns { issuer, child, events, waitFor(event), stop() }.
 */
export async function startIdp({ env = {}, timeoutMs = 15000 } = {}) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, IDP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const events = [];
  const waiters = [];
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Do not leave the provider behind if the test process dies first.
  const reap = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.on('exit', reap);
  exited.then(() => process.off('exit', reap));
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    let ev;
    try { ev = JSON.parse(line); } catch { return; }
    events.push(ev);
    for (const w of [...waiters]) {
      if (w.event === ev.event && events.indexOf(ev) >= w.from) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(ev);
      }
    }
  });

  function waitFor(event, { from = 0, ms = timeoutMs } = {}) {
    const seen = events.slice(from).find((e) => e.event === event);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { event, from, resolve };
      waiters.push(w);
      const t = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error(`idp: no ${event} event within ${ms} ms; stderr: ${stderr}`));
      }, ms);
      t.unref();
      exited.then(() => reject(new Error(`idp exited before ${event}; stderr: ${stderr}`)));
    });
  }

  const listening = await waitFor('listening');
  return {
    issuer: listening.issuer,
    child,
    events,
    exited,
    waitFor,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A minimal cookie jar: keeps name, value and path; sends what matches the path. */
export class CookieJar {
  constructor() {
    this.cookies = new Map(); // `${path}\n${name}` -> { name, value, path, attrs }
  }

  store(res, url) {
    const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    const defaultPath = new URL(url).pathname.replace(/\/[^/]*$/, '') || '/';
    for (const line of list) {
      const [pair, ...attrParts] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attrs = {};
      for (const a of attrParts) {
        const i = a.indexOf('=');
        const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
        attrs[k] = i < 0 ? true : a.slice(i + 1).trim();
      }
      const path = typeof attrs.path === 'string' ? attrs.path : defaultPath;
      const key = `${path}\n${name}`;
      const expired = (attrs.expires && Date.parse(attrs.expires) <= Date.now()) || attrs['max-age'] === '0' || value === '';
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path, attrs });
    }
  }

  header(url) {
    const p = new URL(url).pathname;
    const match = (cp) => p === cp || (p.startsWith(cp) && (cp.endsWith('/') || p[cp.length] === '/'));
    return [...this.cookies.values()].filter((c) => match(c.path)).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** fetch without following redirects, with this jar's cookies. */
  async fetch(url, init = {}) {
    const headers = new Headers(init.headers || {});
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res, url);
    return res;
  }
}

/** Absolute URL of a Location header. */
export function locationOf(res, base) {
  const loc = res.headers.get('location');
  return loc ? new URL(loc, base).href : undefined;
}

/**
 * Follows the redirects of an authorization request by hand, through the
 * login page, until one leaves the identity provider. Returns the URL it
 * leaves to (the client's redirect_uri with code or error).
 */
export async function loginThroughForm(jar, authorizationUrl, {
  nationalId, person, password = DEMO_PASSWORD, headers = {},
} = {}) {
  const { origin } = new URL(authorizationUrl);
  let url = authorizationUrl;
  for (let hops = 0; hops < 10; hops++) {
    const res = await jar.fetch(url, { headers });
    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      const next = locationOf(res, url);
      if (new URL(next).origin !== origin) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const m = /<form method="post" action="([^"]+\/login)"/.exec(html);
    if (res.status !== 200 || !m) throw new Error(`unexpected page at ${url}: ${res.status}`);
    const form = new URLSearchParams({ national_id: nationalId || '', person: person || '', password });
    const post = await jar.fetch(new URL(m[1].replace(/&#47;/g, '/'), url).href, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    await post.arrayBuffer();
    if (post.status !== 303) throw new Error(`login refused (${post.status})`);
    url = locationOf(post, url);
  }
  throw new Error('too many redirects');
}
