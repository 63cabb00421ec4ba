// Organisations' machine clients against a real guichetd: a key pair from
// guichetctl, the client registered, an assertion from guichetctl exchanged
// at POST /api/org/v1/token, and the token used at GET /api/org/v1/whoami.
// Then every refusal: each assertion the token endpoint must refuse gets a
// 401 invalid_client problem and no token is stored (counted in the
// database); tokens that are missing, unknown, revoked, expired or replaced
// by a cookie get 401 invalid_token with WWW-Authenticate; nothing secret
// reaches the log. guichetd's exit is judged (lib/exit.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login, freePort } from './lib/stack.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { dbEnv, dump, sql } from './lib/store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let s, work, g2, site2;
const keys = {};          // name → { priv, pub, privText, path }
let clientId;             // snca, submissions.read + registers.read
const secrets = [];       // every assertion, token and private key: none may reach the log

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-clients-'));
  s = await startStack();
  keys.main = keygen('main');
  keys.other = keygen('other');
  clientId = ctl(s, ['org', 'clients', 'add', 'snca', '--jwk', keys.main.pubPath, '--scopes', 'submissions.read,registers.read']).stdout.trim();
});

after(async () => {
  await stopAll(s, g2, () => g2?.cleanup());
  if (work) rmSync(work, { recursive: true, force: true });
});

// guichetctl on this guichetd's database and site.
function ctl(stack, args, opts = {}) {
  const db = stack.g ? stack.g.db : stack.db;
  const siteUrl = stack.site ?? site2;
  return runSanitized(GUICHETCTL, args, { env: { ...dbEnv(db), GUICHET_SITE_URL: siteUrl }, ...opts });
}

function keygen(name) {
  const privPath = join(work, `${name}.private.jwk`), pubPath = join(work, `${name}.public.jwk`);
  runSanitized(GUICHETCTL, ['org', 'clients', 'keygen', '--private', privPath, '--public', pubPath]);
  const privText = readFileSync(privPath, 'utf8');
  secrets.push(JSON.parse(privText).d);
  return {
    privPath, pubPath, privText,
    priv: crypto.createPrivateKey({ key: JSON.parse(privText), format: 'jwk' }),
    pubJwk: JSON.parse(readFileSync(pubPath, 'utf8')),
  };
}

const b64 = (o) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

// An assertion made here, not by guichetctl: any claim can be changed or
// left out (undefined), any header, any way of signing.
function assertion({ claims = {}, header = {}, key = keys.main.priv, how = 'ed', site = s.site, iss = clientId } = {}) {
  const t = now();
  const c = { iss, sub: iss, aud: `${site}/api/org/v1/token`, iat: t, exp: t + 60, jti: crypto.randomUUID(), ...claims };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  const tbs = `${b64({ alg: 'EdDSA', typ: 'JWT', ...header })}.${b64(c)}`;
  let sig = '';
  if (how === 'ed') sig = crypto.sign(null, Buffer.from(tbs), key).toString('base64url');
  if (how === 'es') sig = crypto.sign('sha256', Buffer.from(tbs), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  if (how === 'hs') sig = crypto.createHmac('sha256', Buffer.from(keys.main.pubJwk.x, 'base64url')).update(tbs).digest('base64url');
  const a = `${tbs}.${sig}`;
  secrets.push(a);
  return a;
}

async function exchange(a, extra = {}, { site = s.site, headers = {} } = {}) {
  const form = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: a, ...extra };
  for (const k of Object.keys(form)) if (form[k] === undefined) delete form[k];
  const res = await fetch(`${site}/api/org/v1/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const body = await res.json();
  if (body.access_token) secrets.push(body.access_token);
  return { status: res.status, headers: res.headers, body };
}

async function token(opts) {
  const r = await exchange(opts?.assertion ?? assertion(opts), opts?.extra);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.access_token;
}

function whoami(headers, site = s.site) {
  return fetch(`${site}/api/org/v1/whoami`, { headers });
}

function tokenCount(db = s.g.db) {
  return Number(sql(db, 'SELECT count(*) FROM client_tokens'));
}

test('keygen, add, an assertion from guichetctl, a token, who am I', async () => {
  assert.equal(statSync(keys.main.privPath).mode & 0o777, 0o600);
  assert.match(clientId, /^cl_[0-9a-f]{24}$/);
  const a = ctl(s, ['org', 'client-assertion', '--key', keys.main.privPath, '--client', clientId]).stdout.trim();
  secrets.push(a);
  const before = tokenCount();
  const r = await exchange(a);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.body.token_type, 'Bearer');
  assert.ok(r.body.expires_in > 0 && r.body.expires_in <= 300, `expires_in ${r.body.expires_in}`);
  assert.equal(r.body.scope, 'submissions.read registers.read');
  assert.match(r.body.access_token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(tokenCount(), before + 1);
  // Only the token's hash is stored.
  const stored = sql(s.g.db, { sqlite: 'SELECT hex(token_hash) FROM client_tokens',
    postgresql: "SELECT upper(encode(token_hash, 'hex')) FROM client_tokens" });
  assert.ok(stored.includes(crypto.createHash('sha256').update(r.body.access_token).digest('hex').toUpperCase()));
  assert.ok(!dump(s.g.db).includes(r.body.access_token));

  const w = await whoami({ authorization: `Bearer ${r.body.access_token}` });
  assert.equal(w.status, 200);
  const me = await w.json();
  assert.deepEqual({ ...me, expires_at: undefined },
    { client: clientId, organisation: 'snca', scopes: ['submissions.read', 'registers.read'], expires_at: undefined });
  const left = (Date.parse(me.expires_at) - Date.now()) / 1000;
  assert.ok(left > 200 && left <= 301, `expires in ${left} s`);
});

test('a token for fewer scopes; client_id may name the client', async () => {
  const t = await token({ extra: { scope: 'registers.read', client_id: clientId } });
  const me = await (await whoami({ authorization: `Bearer ${t}` })).json();
  assert.deepEqual(me.scopes, ['registers.read']);
});

test('a replayed assertion is refused and nothing is issued', async () => {
  const a = assertion();
  assert.equal((await exchange(a)).status, 200);
  const before = tokenCount();
  const again = await exchange(a);
  assert.equal(again.status, 401);
  assert.equal(again.body.code, 'invalid_client');
  assert.match(again.body.detail, /already used/);
  assert.equal(again.body.access_token, undefined);
  assert.equal(tokenCount(), before);
});

test('one assertion sent ten times at once: one token', async () => {
  const a = assertion();
  const before = tokenCount();
  const all = await Promise.all(Array.from({ length: 10 }, () => exchange(a)));
  assert.deepEqual(all.map((r) => r.status).sort(), [200, ...Array(9).fill(401)]);
  for (const r of all.filter((x) => x.status === 401)) assert.equal(r.body.code, 'invalid_client');
  assert.equal(tokenCount(), before + 1);
});

test('each refused assertion: 401 invalid_client, no token', async () => {
  const t = now();
  const cases = {
    'wrong audience': assertion({ claims: { aud: 'https://elsewhere.example/api/org/v1/token' } }),
    'audience of another path': assertion({ claims: { aud: `${s.site}/api/v1/token` } }),
    expired: assertion({ claims: { iat: t - 400, exp: t - 120 } }),
    'living too long': assertion({ claims: { iat: t, exp: t + 3600 } }),
    'not valid yet': assertion({ claims: { nbf: t + 600 } }),
    'issued in the future': assertion({ claims: { iat: t + 600, exp: t + 660 } }),
    'signed by another key': assertion({ key: keys.other.priv }),
    'unknown client': assertion({ iss: 'cl_nobody' }),
    'sub not the client': assertion({ claims: { sub: 'cl_someone' } }),
    'no jti': assertion({ claims: { jti: undefined } }),
    'no exp': assertion({ claims: { exp: undefined } }),
    'alg none': assertion({ header: { alg: 'none' }, how: 'none' }),
    'HS256 keyed with the public key': assertion({ header: { alg: 'HS256' }, how: 'hs' }),
    'ES256 for an Ed25519 key': assertion({ header: { alg: 'ES256' } }),
    'not a JWT': 'abc.def',
  };
  const before = tokenCount();
  const wrong = [];
  for (const [name, a] of Object.entries(cases)) {
    const r = await exchange(a);
    if (r.status !== 401 || r.body.code !== 'invalid_client' || r.body.access_token !== undefined) {
      wrong.push(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  const mismatch = await exchange(assertion(), { client_id: 'cl_someone' });
  if (mismatch.status !== 401 || mismatch.body.code !== 'invalid_client') wrong.push(`client_id mismatch: ${mismatch.status}`);
  assert.deepEqual(wrong, []);
  assert.equal(tokenCount(), before);
  // The reason is told, quoting nothing of the assertion.
  const r = await exchange(cases['wrong audience']);
  assert.match(r.body.detail, /aud/);
  assert.ok(!JSON.stringify(r.body).includes(clientId));
});

test('a malformed exchange: 400 naming the form field, or 415', async () => {
  const a = assertion();
  const cases = [
    [{ grant_type: undefined }, 400, 'missing_field', '/grant_type'],
    [{ grant_type: 'password' }, 400, 'invalid_field', '/grant_type'],
    [{ client_assertion_type: 'urn:x' }, 400, 'invalid_field', '/client_assertion_type'],
    [{ client_assertion: undefined }, 400, 'missing_field', '/client_assertion'],
    [{ scope: 'submissions.read admin' }, 400, 'invalid_field', '/scope'],
    [{ scope: '' }, 400, 'invalid_field', '/scope'],
    [{ scope: 'letterbox.send' }, 400, 'invalid_field', '/scope'],  // more than the client was granted
  ];
  const before = tokenCount();
  for (const [extra, status, code, field] of cases) {
    const r = await exchange(a, extra);
    assert.deepEqual([r.status, r.body.code, r.body.field], [status, code, field], JSON.stringify(extra));
  }
  const twice = await fetch(`${s.site}/api/org/v1/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&grant_type=client_credentials&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${a}`,
  });
  assert.deepEqual([twice.status, (await twice.json()).field], [400, '/grant_type']);
  const json = await fetch(`${s.site}/api/org/v1/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: a }),
  });
  assert.equal(json.status, 415);
  assert.equal(tokenCount(), before);
  // None of them used up the assertion.
  assert.equal((await exchange(a)).status, 200);
});

test('an ES256 client', async () => {
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pubPath = join(work, 'ec.public.jwk');
  writeFileSync(pubPath, JSON.stringify(ec.publicKey.export({ format: 'jwk' })));
  const id = ctl(s, ['org', 'clients', 'add', 'cns', '--jwk', pubPath, '--scopes', 'letterbox.send']).stdout.trim();
  const t = await token({ assertion: assertion({ iss: id, header: { alg: 'ES256' }, key: ec.privateKey, how: 'es' }) });
  const me = await (await whoami({ authorization: `Bearer ${t}` })).json();
  assert.deepEqual([me.client, me.organisation, me.scopes], [id, 'cns', ['letterbox.send']]);
  const eddsa = await exchange(assertion({ iss: id, key: keys.main.priv }));
  assert.deepEqual([eddsa.status, eddsa.body.code], [401, 'invalid_client']);
  // guichetctl signs with a P-256 private key too
  const privPath = join(work, 'ec.private.jwk');
  writeFileSync(privPath, JSON.stringify(ec.privateKey.export({ format: 'jwk' })), { mode: 0o600 });
  const a = ctl(s, ['org', 'client-assertion', '--key', privPath, '--client', id]).stdout.trim();
  secrets.push(a);
  assert.equal((await exchange(a)).status, 200);
});

test('a removed client: its tokens stop at once, no new one', async () => {
  const keysR = keygen('removed');
  const id = ctl(s, ['org', 'clients', 'add', 'snca', '--jwk', keysR.pubPath, '--scopes', 'submissions.read']).stdout.trim();
  const t = await token({ assertion: assertion({ iss: id, key: keysR.priv }) });
  assert.equal((await whoami({ authorization: `Bearer ${t}` })).status, 200);
  ctl(s, ['org', 'clients', 'remove', 'snca', id]);
  const w = await whoami({ authorization: `Bearer ${t}` });
  assert.equal(w.status, 401);
  assert.equal((await w.json()).code, 'invalid_token');
  assert.equal(w.headers.get('www-authenticate'), 'Bearer realm="guichet", error="invalid_token"');
  const r = await exchange(assertion({ iss: id, key: keysR.priv }));
  assert.deepEqual([r.status, r.body.code], [401, 'invalid_client']);
  assert.match(r.body.detail, /removed/);
});

test('no token, an unknown one, a malformed header: 401 invalid_token with the challenge', async () => {
  const none = await whoami({});
  assert.equal(none.status, 401);
  assert.equal((await none.json()).code, 'invalid_token');
  assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="guichet"');
  const t = await token();
  for (const h of [`Bearer ${crypto.randomBytes(32).toString('base64url')}`, 'Bearer abc', `Basic ${t}`, `Bearer ${t}x`,
    `Bearer ${t}, Bearer ${t}`, t]) {
    const r = await whoami({ authorization: h });
    assert.equal(r.status, 401, h);
    assert.equal((await r.json()).code, 'invalid_token');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="guichet", error="invalid_token"');
  }
  assert.equal((await whoami({ authorization: `bearer  ${t}` })).status, 200);
});

test('a cookie is no token, and the machine API asks no CSRF token', async () => {
  const l = await login(s, { nationalId: '1985031410148' });
  assert.ok(l.cookie);
  const withCookie = await whoami({ cookie: l.cookie });
  assert.equal(withCookie.status, 401);
  assert.equal((await withCookie.json()).code, 'invalid_token');
  // A cookie beside a token changes nothing: the token says who asks.
  const t = await token();
  const both = await whoami({ cookie: l.cookie, authorization: `Bearer ${t}` });
  assert.equal(both.status, 200);
  assert.equal((await both.json()).client, clientId);
  // The token exchange with a session cookie and no CSRF token: the cookie is not read.
  const r = await exchange(assertion(), {}, { headers: { cookie: l.cookie } });
  assert.equal(r.status, 200);
  // The session's cookie still works where cookies count.
  assert.equal((await fetch(`${s.site}/api/v1/me`, { headers: { cookie: l.cookie } })).status, 200);
});

test('a token without the scope a route needs: 403 insufficient_scope', async (t) => {
  const routes = JSON.parse(runSanitized(GUICHETCTL, ['routes']).stdout);
  const scoped = routes.find((r) => /^client\.(submissions|registers|letterbox)\./.test(r.action));
  if (!scoped) {
    t.skip('no route needs a scope yet (the others are built beside this one)');
    return;
  }
  const scope = scoped.action.replace(/^client\./, '');
  // The main client holds submissions.read and registers.read; a token for the other one lacks this route's.
  const narrow = scope === 'registers.read' ? 'submissions.read' : 'registers.read';
  const tok = await token({ extra: { scope: narrow } });
  const path = scoped.pattern.replace(/\{(\w+)\}/g, (_, p) => (p === scoped.org_param ? 'snca' : '1'));
  const r = await fetch(`${s.site}${path}`, { method: scoped.method, headers: { authorization: `Bearer ${tok}` } });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).code, 'insufficient_scope');
  assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="guichet", error="insufficient_scope"');
});

test('a token used after it expired: 401 invalid_token', async () => {
  const port = await freePort();
  site2 = `http://127.0.0.1:${port}`;
  g2 = await startGuichetd({ env: { GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site2, GUICHET_ORGAPI_TOKEN_LIFETIME_S: '2' } });
  const id = ctl(g2, ['org', 'clients', 'add', 'snca', '--jwk', keys.main.pubPath, '--scopes', 'submissions.read']).stdout.trim();
  const r = await exchange(assertion({ iss: id, site: site2 }), {}, { site: site2 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.expires_in, 2);
  const auth = { authorization: `Bearer ${r.body.access_token}` };
  assert.equal((await whoami(auth, site2)).status, 200);
  await new Promise((res) => setTimeout(res, 2200));
  const late = await whoami(auth, site2);
  assert.equal(late.status, 401);
  const body = await late.json();
  assert.equal(body.code, 'invalid_token');
  assert.match(body.detail, /expired/);
  // An assertion made for the first guichetd is not for this one.
  const other = await exchange(assertion({ iss: id }), {}, { site: site2 });
  assert.deepEqual([other.status, other.body.code], [401, 'invalid_client']);
});

test('no assertion, token or private key in the log', () => {
  const log = s.g.log() + (g2 ? g2.log() : '') + s.g.stderr() + (g2 ? g2.stderr() : '');
  assert.ok(log.includes('client_assertion_refused'), 'refusals are logged (by reason)');
  assert.ok(secrets.length > 30);
  const found = secrets.filter((x) => log.includes(x));
  assert.deepEqual(found, []);
  // nor the signature part of any assertion
  assert.deepEqual(secrets.filter((x) => x.split('.')[2]?.length > 20 && log.includes(x.split('.')[2])), []);
});
