// Several guichetd on one database (tests/run.sh runs this on SQLite and
// on PostgreSQL): what one instance keeps in memory across requests must not
// outlive what another did. A login started on one instance finishes on the
// other (the login state is in the store); a logout on one is honoured by
// the other within session.cache_ms (docs/identity.md); an organisation's
// client assertion is used once across instances, and a removed client's
// token stops on every instance at once (tokens are read from the store on
// every request); a person's No to a register, said on one instance, counts
// on the other at once (docs/identity.md: the session keeps the No's with
// the version of the person's choices, and prefill reads the version with
// the person); both publish the same receipt and transparency log keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp, CookieJar, loginThroughForm } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, cookieFrom } from './lib/stack.mjs';
import { dbEnv } from './lib/store.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { registersFile } from './lib/registers.mjs';

const CACHE_MS = 1000;
const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let idp, a, b, work, site;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-instances-'));
  // Both are the same site to browsers and to the provider (behind one
  // HAProxy in a cluster): the site is the first one's address.
  site = `http://127.0.0.1:${await freePort()}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/` } });
  const env = {
    GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer, GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
    GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    // The secrets a cluster's instances share (docs/operations.md); the first makes them.
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'), GUICHET_TRANSLOG_KEY_FILE: join(work, 'translog.key'),
    GUICHET_MAIL_CODE_KEY_FILE: join(work, 'mail-code.key'),
    GUICHET_SESSION_CACHE_MS: String(CACHE_MS),
    // Registers where nothing listens: a register asked is unavailable, one declined is not asked.
    GUICHET_SOURCES_REGISTERS: registersFile(work, { vehicles: `http://127.0.0.1:${await freePort()}`,
      persons: `http://127.0.0.1:${await freePort()}` }),
  };
  a = await startGuichetd({ env: { ...env, GUICHET_LISTEN_PORT: new URL(site).port } });
  b = await startGuichetd({ env: { ...env, ...dbEnv(a.db) } });
});

after(async () => {
  await stopAll(() => a?.stop(), () => b?.stop(), idp, () => a?.cleanup(), () => b?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

// /login on one instance, the provider's answer delivered to the other.
async function loginAcross(first, second, nationalId = '1985031410148') {
  const start = await fetch(`${first.base}/login?next=%2Fapi%2Fv1%2Fme`, { redirect: 'manual' });
  assert.equal(start.status, 303);
  const callback = new URL(await loginThroughForm(new CookieJar(), start.headers.get('location'), { nationalId }));
  const res = await fetch(`${second.base}${callback.pathname}${callback.search}`, { redirect: 'manual' });
  assert.equal(res.status, 303, 'the other instance finishes the login');
  const c = cookieFrom(res, '__Host-guichet');
  assert.ok(c, 'a session cookie');
  return `__Host-guichet=${c.value}`;
}

const me = (g, cookie) => fetch(`${g.base}/api/v1/me`, { headers: { cookie } });

test('a login started on one instance finishes on the other', async () => {
  const cookie = await loginAcross(a, b);
  assert.equal((await me(a, cookie)).status, 200);
  assert.equal((await me(b, cookie)).status, 200);
});

test('a logout on one instance is honoured by the other within session.cache_ms', async () => {
  const cookie = await loginAcross(a, b, '1972110213859');
  const csrf = (await (await me(b, cookie)).json()).csrf_token;
  assert.equal((await me(b, cookie)).status, 200, 'the other instance knows the session (and caches it)');
  const out = await fetch(`${a.base}/logout`, { method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf_token=${encodeURIComponent(csrf)}` });
  assert.equal(out.status, 303);
  const loggedOut = Date.now();
  assert.equal((await me(a, cookie)).status, 401, 'at once on the instance that logged out');
  // The other: at most CACHE_MS (plus the time a request takes) later.
  let last;
  while (Date.now() - loggedOut < CACHE_MS + 2000) {
    last = (await me(b, cookie)).status;
    if (last === 401) break;
    await sleep(50);
  }
  assert.equal(last, 401, `the other instance still took the session ${Date.now() - loggedOut} ms after the logout`);
  await sleep(CACHE_MS + 200);
  assert.equal((await me(b, cookie)).status, 401, 'and for good');
});

function ctl(args) {
  return runSanitized(GUICHETCTL, args, { env: { ...dbEnv(a.db), GUICHET_SITE_URL: site } }).stdout.trim();
}

async function exchange(g, assertion) {
  const res = await fetch(`${g.base}/api/org/v1/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion: assertion,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }).toString(),
  });
  return { status: res.status, body: await res.json() };
}

test('an organisation\'s assertion is used once across instances; a removed client\'s token stops on both at once', async () => {
  const priv = join(work, 'client.private.jwk'), pub = join(work, 'client.public.jwk');
  ctl(['org', 'clients', 'keygen', '--private', priv, '--public', pub]);
  const id = ctl(['org', 'clients', 'add', 'snca', '--jwk', pub, '--scopes', 'submissions.read']);
  const assertion = ctl(['org', 'client-assertion', '--key', priv, '--client', id]);
  const first = await exchange(a, assertion);
  assert.equal(first.status, 200);
  const again = await exchange(b, assertion);
  assert.deepEqual([again.status, again.body.code], [401, 'invalid_client'], 'the other instance refuses a replay');
  assert.match(again.body.detail, /already used/);
  const token = first.body.access_token;
  const whoami = (g) => fetch(`${g.base}/api/org/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await whoami(a)).status, 200);
  assert.equal((await whoami(b)).status, 200, 'a token from one instance works on the other');
  ctl(['org', 'clients', 'remove', 'snca', id]);
  assert.equal((await whoami(a)).status, 401);
  assert.equal((await whoami(b)).status, 401);
});

test('a No said on one instance counts on the other at once, not after session.cache_ms', async () => {
  const cookie = await loginAcross(a, b);
  const csrf = (await (await me(a, cookie)).json()).csrf_token;
  const vehicles = async (g) => {
    const res = await fetch(`${g.base}/api/v1/my-data`, { headers: { cookie } });
    assert.equal(res.status, 200);
    return (await res.json()).registers.find((r) => r.name === 'vehicles').status;
  };
  const choose = (g, allow) => fetch(`${g.base}/api/v1/my-data/choices`, {
    method: 'PUT', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ register: 'vehicles', allow }),
  });
  // Both instances hold the session in their caches, the register allowed.
  assert.equal(await vehicles(a), 'unavailable');
  const cached = Date.now();
  assert.equal(await vehicles(b), 'unavailable');
  assert.equal((await choose(a, false)).status, 200);
  assert.equal(await vehicles(b), 'declined', 'the other instance follows the No');
  assert.ok(Date.now() - cached < CACHE_MS, 'while its cached session was still trusted');
  assert.equal(await vehicles(a), 'declined');
  assert.equal((await choose(b, true)).status, 200);
  assert.equal(await vehicles(a), 'unavailable', 'and the Yes');
  assert.equal(await vehicles(b), 'unavailable');
});

test('both instances publish the same receipt key and the same transparency log key', async () => {
  const ka = await (await fetch(`${a.base}/api/v1/receipts/key`)).json();
  const kb = await (await fetch(`${b.base}/api/v1/receipts/key`)).json();
  assert.deepEqual(kb, ka);
  assert.equal(crypto.createPublicKey({ key: ka, format: 'jwk' }).asymmetricKeyType, 'ed25519');
  const la = await (await fetch(`${a.base}/transparency/v1/keys`)).text();
  const lb = await (await fetch(`${b.base}/transparency/v1/keys`)).text();
  assert.ok(la.length > 0);
  assert.equal(lb, la);
});
