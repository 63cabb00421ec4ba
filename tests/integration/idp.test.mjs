// The demo identity provider (idp/server.mjs) end to end: discovery, JWKS,
// the authorization code flow with PKCE through the real login form, the ID
// token verified with node's crypto, refusals, key rotation, logout, stop.
// Run from the repository root: node --test tests/integration/idp.test.mjs
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHash, createPublicKey, randomBytes, verify,
} from 'node:crypto';
import {
  mkdtempSync, readFileSync, rmSync, statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  startIdp, CookieJar, locationOf, loginThroughForm, DEMO_PASSWORD,
} from '../../idp/testing.mjs';
import {
  isValidNationalId, checkDigits, luhnDigit, verhoeffDigit, loadPopulation, makeNationalId,
} from '../../idp/population.mjs';

const REDIRECT_URI = 'http://127.0.0.1:1/auth/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:1/';
const CLIENT_ID = 'guichet-test';
const CLIENT_SECRET = 'test-secret-0123456789';
const population = loadPopulation('idp/fixtures/demo-population.json');
const MARIE = population.persons.find((p) => p.given_name === 'Marie');
const JEAN = population.persons.find((p) => p.given_name === 'Jean');

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const rnd = () => b64url(randomBytes(24));

function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

function authUrl(discovery, extra = {}) {
  const u = new URL(discovery.authorization_endpoint);
  const params = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile national_id',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.href;
}

function basicAuth(id, secret) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

async function exchange(discovery, code, verifier, { method = 'basic', secret = CLIENT_SECRET } = {}) {
  const body = new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  });
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (method === 'basic') headers.authorization = basicAuth(CLIENT_ID, secret);
  else {
    body.set('client_id', CLIENT_ID);
    body.set('client_secret', secret);
  }
  const res = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: body.toString() });
  return { status: res.status, body: await res.json() };
}

function decodeJwt(jwt) {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url')),
    payload: JSON.parse(Buffer.from(p, 'base64url')),
  };
}

/** Verifies a compact JWS against a JWKS with node's crypto; returns { header, payload }. */
function verifyJwt(jwt, jwks) {
  const [h, p, s] = jwt.split('.');
  const { header, payload } = decodeJwt(jwt);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is in the JWKS`);
  assert.equal(jwk.alg, header.alg);
  assert.equal(jwk.d, undefined, 'the JWKS publishes no private part');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  let ok;
  if (header.alg === 'RS256') ok = verify('sha256', data, key, sig);
  else if (header.alg === 'ES256') ok = verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  else assert.fail(`unexpected alg ${header.alg}`);
  assert.ok(ok, 'ID token signature verifies');
  return { header, payload };
}

async function getJson(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return res.json();
}

/** A complete login: returns { idToken, header, payload, jar, jwks }. */
async function fullLogin(idp, discovery, {
  nationalId, person, method = 'basic', uiLocales,
} = {}) {
  const jar = new CookieJar();
  const { verifier, challenge } = pkce();
  const state = rnd();
  const nonce = rnd();
  const leave = await loginThroughForm(jar, authUrl(discovery, {
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256', ui_locales: uiLocales,
  }), { nationalId, person });
  const cb = new URL(leave);
  assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT_URI);
  assert.equal(cb.searchParams.get('state'), state);
  assert.equal(cb.searchParams.get('iss'), idp.issuer);
  const code = cb.searchParams.get('code');
  assert.ok(code, `a code in ${leave}`);
  const tok = await exchange(discovery, code, verifier, { method });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  assert.equal(tok.body.token_type, 'Bearer');
  assert.ok(tok.body.access_token);
  assert.equal(tok.body.refresh_token, undefined);
  const jwks = await getJson(discovery.jwks_uri);
  const { header, payload } = verifyJwt(tok.body.id_token, jwks);
  assert.equal(payload.iss, idp.issuer);
  assert.equal(payload.aud, CLIENT_ID);
  assert.equal(payload.nonce, nonce);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(payload.exp > now && payload.exp <= now + 600 + 5, 'short-lived ID token');
  assert.ok(payload.iat <= now + 5);
  return {
    idToken: tok.body.id_token, accessToken: tok.body.access_token, header, payload, jar, jwks, code, verifier,
  };
}

const env = (extra = {}) => ({
  IDP_CLIENT_ID: CLIENT_ID,
  IDP_CLIENT_SECRET: CLIENT_SECRET,
  IDP_REDIRECT_URIS: REDIRECT_URI,
  IDP_POST_LOGOUT_REDIRECT_URIS: POST_LOGOUT_URI,
  ...extra,
});

describe('matricule check digits and the demo population', () => {
  test('Luhn and Verhoeff digits on known values', () => {
    assert.equal(luhnDigit('7992739871'), 3);
    assert.equal(verhoeffDigit('236'), 3);
    assert.equal(verhoeffDigit('12345'), 1);
  });

  test('every fixture person has a valid, unique national id matching the birthdate', () => {
    assert.ok(population.persons.length >= 20);
    const ids = new Set();
    for (const p of population.persons) {
      assert.ok(isValidNationalId(p.national_id), p.national_id);
      assert.equal(p.national_id.slice(0, 8), p.birthdate.replaceAll('-', ''));
      assert.ok(['fr', 'de', 'en', 'lb'].includes(p.locale));
      ids.add(p.national_id);
    }
    assert.equal(ids.size, population.persons.length);
    assert.ok(population.featured.length >= 3 && population.featured.length <= 8);
  });

  test('wrong check digits, dates or lengths are refused', () => {
    const good = makeNationalId('1985-03-14', 101);
    assert.ok(isValidNationalId(good));
    assert.equal(good.slice(11), checkDigits(good.slice(0, 11)));
    for (let i = 11; i < 13; i++) {
      const bad = good.slice(0, i) + String((Number(good[i]) + 1) % 10) + good.slice(i + 1);
      assert.equal(isValidNationalId(bad), false, bad);
    }
    // A swapped pair of neighbouring digits is caught.
    const swapped = good.slice(0, 8) + good[9] + good[8] + good.slice(10);
    if (swapped !== good) assert.equal(isValidNationalId(swapped), false);
    assert.equal(isValidNationalId(makeNationalId('1985-02-30', 101)), false);
    assert.equal(isValidNationalId(good.slice(1)), false);
    assert.equal(isValidNationalId(`${good}0`), false);
    assert.equal(isValidNationalId(123), false);
  });
});

for (const alg of ['RS256', 'ES256']) {
  describe(`provider signing with ${alg}`, () => {
    let idp;
    let discovery;
    let dir;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'guichet-idp-'));
      idp = await startIdp({ env: env({ IDP_SIGNING_ALG: alg, IDP_KEYS_FILE: join(dir, 'keys.json') }) });
      discovery = await getJson(`${idp.issuer}/.well-known/openid-configuration`);
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      if (idp) {
        const { code, signal } = await idp.stop('SIGTERM');
        assert.equal(signal, null);
        assert.equal(code, 0, `idp exit status (stderr: ${idp.stderr()})`);
        assert.equal(idp.events.at(-1).event, 'stopped');
      }
    });

    test('discovery and JWKS', async () => {
      assert.match(idp.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(discovery.issuer, idp.issuer);
      assert.deepEqual(discovery.response_types_supported, ['code']);
      assert.deepEqual(discovery.grant_types_supported, ['authorization_code']);
      assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(discovery.id_token_signing_alg_values_supported, [alg]);
      assert.deepEqual(discovery.token_endpoint_auth_methods_supported.sort(), ['client_secret_basic', 'client_secret_post']);
      for (const s of ['openid', 'profile', 'national_id']) assert.ok(discovery.scopes_supported.includes(s), s);
      for (const c of ['national_id', 'given_name', 'family_name', 'birthdate', 'locale']) assert.ok(discovery.claims_supported.includes(c), c);
      assert.ok(discovery.end_session_endpoint.startsWith(idp.issuer));
      assert.equal(discovery.registration_endpoint, undefined);
      const jwks = await getJson(discovery.jwks_uri);
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0].alg, alg);
      assert.equal(jwks.keys[0].use, 'sig');
      assert.equal(jwks.keys[0].d, undefined);
      // The keys file holds the same key (private), readable by its owner only.
      const file = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'));
      assert.equal(file.keys[0].kid, jwks.keys[0].kid);
      assert.ok(file.keys[0].d);
      assert.equal(statSync(join(dir, 'keys.json')).mode & 0o777, 0o600);
    });

    test('code flow with PKCE through the login page; ID token carries the person', async () => {
      const byTyping = await fullLogin(idp, discovery, { nationalId: MARIE.national_id });
      assert.equal(byTyping.header.alg, alg);
      const p = byTyping.payload;
      assert.equal(p.national_id, MARIE.national_id);
      assert.equal(p.given_name, MARIE.given_name);
      assert.equal(p.family_name, MARIE.family_name);
      assert.equal(p.birthdate, MARIE.birthdate);
      assert.equal(p.locale, MARIE.locale);
      assert.match(p.sub, /^[0-9a-f]{32}$/);
      assert.notEqual(p.sub, MARIE.national_id);
      assert.deepEqual(p.amr, ['pwd']);

      // Picking from the list, and client_secret_post, work the same.
      const byList = await fullLogin(idp, discovery, { person: JEAN.national_id, method: 'post' });
      assert.equal(byList.payload.national_id, JEAN.national_id);
      assert.notEqual(byList.payload.sub, p.sub);

      // The code is single-use.
      const again = await exchange(discovery, byTyping.code, byTyping.verifier);
      assert.equal(again.status, 400);
      assert.equal(again.body.error, 'invalid_grant');

      // The userinfo endpoint answers the same claims for the access token.
      const ui = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${byList.accessToken}` } });
      assert.equal(ui.status, 200);
      assert.equal((await ui.json()).national_id, JEAN.national_id);
    });

    if (alg === 'RS256') {
      test('the login page: accessible, localised, no JavaScript, cookies scoped', async () => {
        const jar = new CookieJar();
        const { challenge } = pkce();
        const res = await jar.fetch(authUrl(discovery, {
          state: rnd(), nonce: rnd(), code_challenge: challenge, code_challenge_method: 'S256',
        }));
        assert.equal(res.status, 303);
        const loginUrl = locationOf(res, discovery.authorization_endpoint);
        assert.match(new URL(loginUrl).pathname, /^\/interaction\/[A-Za-z0-9_-]+$/);

        const setCookies = res.headers.getSetCookie();
        assert.ok(setCookies.length >= 2);
        for (const c of setCookies) {
          assert.match(c, /httponly/i, c);
          assert.match(c, /samesite=lax/i, c);
          assert.match(c, /path=\/(interaction|oidc)\//i, c);
        }

        const page = await jar.fetch(loginUrl);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-type'), /^text\/html/);
        assert.match(page.headers.get('content-security-policy'), /default-src 'none'/);
        const html = await page.text();
        assert.match(html, /<html lang="fr">/);
        assert.match(html, /<h1>Connexion<\/h1>/);
        assert.doesNotMatch(html, /<script/i);
        assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/, 'no external assets');
        for (const id of ['national_id', 'person', 'password']) {
          assert.match(html, new RegExp(`<label for="${id}">`), `label for ${id}`);
          assert.match(html, new RegExp(`id="${id}"`), `field ${id}`);
        }
        assert.match(html, /type="password"/);
        assert.match(html, new RegExp(`<option value="${MARIE.national_id}">Marie Schmit</option>`));
        assert.ok(html.includes(DEMO_PASSWORD), 'demo password shown as a hint');

        const de = await (await jar.fetch(`${loginUrl}?lang=de`)).text();
        assert.match(de, /<html lang="de">/);
        assert.match(de, /<h1>Anmeldung<\/h1>/);
        const en = await (await jar.fetch(loginUrl, { headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } })).text();
        assert.match(en, /<html lang="en">/);
        assert.match(en, /<h1>Log in<\/h1>/);
      });

      test('ui_locales chooses the language', async () => {
        const jar = new CookieJar();
        const { challenge } = pkce();
        const res = await jar.fetch(authUrl(discovery, {
          state: rnd(), nonce: rnd(), code_challenge: challenge, code_challenge_method: 'S256', ui_locales: 'lb de',
        }));
        const html = await (await jar.fetch(locationOf(res, discovery.authorization_endpoint), { headers: { 'accept-language': 'en' } })).text();
        assert.match(html, /<html lang="de">/);
      });

      test('wrong password or unknown person: error on the page, no code; then a right login works', async () => {
        const jar = new CookieJar();
        const { verifier, challenge } = pkce();
        const state = rnd();
        const res = await jar.fetch(authUrl(discovery, {
          state, nonce: rnd(), code_challenge: challenge, code_challenge_method: 'S256',
        }));
        const loginUrl = locationOf(res, discovery.authorization_endpoint);
        const action = `${loginUrl}/login`;
        const tries = [
          { national_id: MARIE.national_id, password: 'wrong-password' },
          { national_id: MARIE.national_id, password: '' },
          { national_id: makeNationalId('1900-01-01', 999), password: DEMO_PASSWORD },
          { national_id: '1234567890123', password: DEMO_PASSWORD },
          { national_id: '', person: '', password: DEMO_PASSWORD },
        ];
        const pages = [];
        for (const form of tries) {
          const r = await jar.fetch(action, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          });
          assert.equal(r.status, 200);
          assert.equal(r.headers.get('location'), null);
          const html = await r.text();
          assert.match(html, /role="alert"/);
          assert.doesNotMatch(html, /code=/);
          pages.push(html.replace(/<option[^]*<\/select>/, ''));
        }
        // The same message whatever was wrong.
        const msg = (h) => /<p class="error" role="alert" id="login-error">([^<]*)<\/p>/.exec(h)[1];
        assert.ok(pages.every((h) => msg(h) === msg(pages[0])));

        const ok = await jar.fetch(action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ national_id: MARIE.national_id, password: DEMO_PASSWORD }).toString(),
        });
        assert.equal(ok.status, 303);
        const leave = await loginThroughForm(jar, locationOf(ok, action));
        const cb = new URL(leave);
        assert.equal(cb.searchParams.get('state'), state);
        const tok = await exchange(discovery, cb.searchParams.get('code'), verifier);
        assert.equal(tok.status, 200);
        assert.equal(decodeJwt(tok.body.id_token).payload.national_id, MARIE.national_id);
        // No password or national id on the provider's stdout.
        assert.ok(!idp.stdout().includes(MARIE.national_id));
        assert.ok(!idp.stdout().includes(DEMO_PASSWORD));
        assert.ok(idp.events.some((e) => e.event === 'login.failed'));
      });

      test('PKCE: missing or plain refused; a wrong verifier fails the exchange', async () => {
        const jar = new CookieJar();
        const { challenge } = pkce();
        for (const extra of [
          {},
          { code_challenge: challenge, code_challenge_method: 'plain' },
          { code_challenge: challenge },
        ]) {
          const res = await jar.fetch(authUrl(discovery, { state: 's1', nonce: rnd(), ...extra }));
          assert.equal(res.status, 303, JSON.stringify(extra));
          const loc = new URL(locationOf(res, discovery.authorization_endpoint));
          // code_challenge without a method defaults to plain, refused too
          assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT_URI);
          assert.equal(loc.searchParams.get('error'), 'invalid_request', JSON.stringify(extra));
          assert.equal(loc.searchParams.get('code'), null);
          assert.equal(loc.searchParams.get('state'), 's1');
        }

        const login = await fullLogin(idp, discovery, { nationalId: MARIE.national_id });
        assert.ok(login.idToken);
        const j2 = new CookieJar();
        const p2 = pkce();
        const leave = await loginThroughForm(j2, authUrl(discovery, {
          state: rnd(), nonce: rnd(), code_challenge: p2.challenge, code_challenge_method: 'S256',
        }), { nationalId: MARIE.national_id });
        const code = new URL(leave).searchParams.get('code');
        const bad = await exchange(discovery, code, pkce().verifier);
        assert.equal(bad.status, 400);
        assert.equal(bad.body.error, 'invalid_grant');
      });

      test('other refusals: wrong secret, unknown redirect_uri, implicit response type', async () => {
        const j = new CookieJar();
        const p = pkce();
        const leave = await loginThroughForm(j, authUrl(discovery, {
          state: rnd(), nonce: rnd(), code_challenge: p.challenge, code_challenge_method: 'S256',
        }), { nationalId: JEAN.national_id });
        const code = new URL(leave).searchParams.get('code');
        const bad = await exchange(discovery, code, p.verifier, { secret: 'not-the-secret' });
        assert.equal(bad.status, 401);
        assert.equal(bad.body.error, 'invalid_client');

        const r1 = await fetch(authUrl(discovery, {
          redirect_uri: 'http://127.0.0.1:2/evil', state: rnd(), nonce: rnd(), code_challenge: p.challenge, code_challenge_method: 'S256',
        }), { redirect: 'manual' });
        assert.equal(r1.status, 400, 'never redirects to an unregistered URI');
        const html = await r1.text();
        assert.match(html, /<html lang="fr">/);
        assert.doesNotMatch(html, /<script/i);

        const r2 = await fetch(authUrl(discovery, {
          response_type: 'id_token', state: rnd(), nonce: rnd(), code_challenge: p.challenge, code_challenge_method: 'S256',
        }), { redirect: 'manual' });
        assert.equal(r2.status, 303);
        const loc2 = new URL(locationOf(r2, discovery.authorization_endpoint));
        assert.ok(/unsupported_response_type|unauthorized_client|invalid_request/.test(loc2.searchParams.get('error') || new URLSearchParams(loc2.hash.slice(1)).get('error')));
      });
    }

    test('key rotation with SIGUSR2: new kid in the JWKS and in new tokens, old tokens still verify', async () => {
      const beforeLogin = await fullLogin(idp, discovery, { nationalId: MARIE.national_id });
      const oldKid = beforeLogin.header.kid;
      const from = idp.events.length;
      idp.child.kill('SIGUSR2');
      const ev = await idp.waitFor('keys.rotated', { from });
      assert.notEqual(ev.kid, oldKid);

      const jwks = await getJson(discovery.jwks_uri);
      assert.deepEqual(jwks.keys.map((k) => k.kid), [ev.kid, oldKid]);
      assert.ok(jwks.keys.every((k) => k.alg === alg));

      const afterLogin = await fullLogin(idp, discovery, { nationalId: JEAN.national_id });
      assert.equal(afterLogin.header.kid, ev.kid);
      verifyJwt(beforeLogin.idToken, jwks);

      // The keys file follows, so a restart with the same IDP_KEYS_FILE keeps the keys.
      const file = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'));
      assert.deepEqual(file.keys.map((k) => k.kid), [ev.kid, oldKid]);
    });

    test('end session: confirmation, then back to the post-logout URI; the next login asks again', async () => {
      const login = await fullLogin(idp, discovery, { nationalId: MARIE.national_id });
      const state = rnd();
      const u = new URL(discovery.end_session_endpoint);
      u.searchParams.set('id_token_hint', login.idToken);
      u.searchParams.set('post_logout_redirect_uri', POST_LOGOUT_URI);
      u.searchParams.set('state', state);
      const page = await login.jar.fetch(u.href);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<html lang="fr">/);
      assert.match(html, /<h1>Déconnexion<\/h1>/);
      const form = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(html);
      assert.ok(form, 'logout form');
      const confirm = await login.jar.fetch(new URL(form[1], u).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xsrf: form[2], logout: 'yes' }).toString(),
      });
      assert.equal(confirm.status, 303);
      const back = new URL(locationOf(confirm, u.href));
      assert.equal(`${back.origin}${back.pathname}`, POST_LOGOUT_URI);
      assert.equal(back.searchParams.get('state'), state);

      // The provider's session is gone: a new authorization request shows the login page again.
      const p = pkce();
      const res = await login.jar.fetch(authUrl(discovery, {
        state: rnd(), nonce: rnd(), code_challenge: p.challenge, code_challenge_method: 'S256',
      }));
      assert.equal(res.status, 303);
      assert.match(new URL(locationOf(res, u.href)).pathname, /^\/interaction\//);

      // An unregistered post_logout_redirect_uri is refused.
      const bad = new URL(discovery.end_session_endpoint);
      bad.searchParams.set('id_token_hint', login.idToken);
      bad.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:2/evil');
      const r = await fetch(bad, { redirect: 'manual' });
      assert.equal(r.status, 400);
    });

    test('a second login in the same browser session needs no password (single sign-on until logout)', async () => {
      const login = await fullLogin(idp, discovery, { nationalId: JEAN.national_id });
      const p = pkce();
      const nonce = rnd();
      const res = await login.jar.fetch(authUrl(discovery, {
        state: 'sso', nonce, code_challenge: p.challenge, code_challenge_method: 'S256',
      }));
      assert.equal(res.status, 303);
      const cb = new URL(locationOf(res, discovery.authorization_endpoint));
      assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT_URI);
      const tok = await exchange(discovery, cb.searchParams.get('code'), p.verifier);
      assert.equal(tok.status, 200);
      assert.equal(decodeJwt(tok.body.id_token).payload.national_id, JEAN.national_id);
      assert.equal(decodeJwt(tok.body.id_token).payload.nonce, nonce);
    });
  });
}

test('keys persist across restarts with IDP_KEYS_FILE; SIGTERM stops with exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-idp-'));
  try {
    const keysFile = join(dir, 'keys.json');
    const a = await startIdp({ env: env({ IDP_KEYS_FILE: keysFile }) });
    const kidA = (await getJson(`${a.issuer}/oidc/jwks`)).keys[0].kid;
    assert.deepEqual(await a.stop('SIGTERM'), { code: 0, signal: null });
    const b = await startIdp({ env: env({ IDP_KEYS_FILE: keysFile }) });
    const kidB = (await getJson(`${b.issuer}/oidc/jwks`)).keys[0].kid;
    assert.equal(kidB, kidA);
    assert.deepEqual(await b.stop('SIGTERM'), { code: 0, signal: null });
    assert.ok(b.events.some((e) => e.event === 'stopped'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo defaults: client guichet-demo on 127.0.0.1:8080, IDP_CLIENTS_JSON overrides', async () => {
  const a = await startIdp();
  try {
    const d = await getJson(`${a.issuer}/.well-known/openid-configuration`);
    const { challenge } = pkce();
    const u = new URL(d.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: 'guichet-demo', redirect_uri: 'http://127.0.0.1:8080/auth/callback', response_type: 'code', scope: 'openid profile national_id', state: 'x', nonce: 'y', code_challenge: challenge, code_challenge_method: 'S256',
    })) u.searchParams.set(k, v);
    const res = await fetch(u, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location'), /^\/interaction\//);
  } finally {
    assert.equal((await a.stop()).code, 0);
  }

  const b = await startIdp({
    env: {
      IDP_CLIENTS_JSON: JSON.stringify([{
        client_id: 'other', client_secret: 'other-secret', redirect_uris: ['http://127.0.0.1:3/cb'], post_logout_redirect_uris: [],
      }]),
    },
  });
  try {
    const d = await getJson(`${b.issuer}/.well-known/openid-configuration`);
    const { verifier, challenge } = pkce();
    const jar = new CookieJar();
    const u = new URL(d.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: 'other', redirect_uri: 'http://127.0.0.1:3/cb', response_type: 'code', scope: 'openid national_id', state: 'x', nonce: 'y', code_challenge: challenge, code_challenge_method: 'S256',
    })) u.searchParams.set(k, v);
    const leave = new URL(await loginThroughForm(jar, u.href, { person: MARIE.national_id }));
    const res = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth('other', 'other-secret') },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: leave.searchParams.get('code'), redirect_uri: 'http://127.0.0.1:3/cb', code_verifier: verifier,
      }).toString(),
    });
    assert.equal(res.status, 200);
    const { payload } = decodeJwt((await res.json()).id_token);
    assert.equal(payload.national_id, MARIE.national_id);
    assert.equal(payload.given_name, undefined, 'only the requested scopes');
  } finally {
    assert.equal((await b.stop()).code, 0);
  }
});

test('bad configuration is refused at start', async () => {
  for (const extra of [{ IDP_SIGNING_ALG: 'HS256' }, { IDP_CLIENTS_JSON: '{' }, { IDP_POPULATION: '/nonexistent.json' }]) {
    await assert.rejects(startIdp({ env: extra, timeoutMs: 5000 }), /exited|no listening/);
  }
});
