// Login against the real demo OpenID provider, sessions, logout, CSRF; and a
// faulty provider whose ID tokens guichetd must refuse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from './lib/store.mjs';
import { startStack, login, freePort, cookieFrom } from './lib/stack.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { startFakeOp } from './lib/fake_op.mjs';
import { stopAll } from './lib/exit.mjs';

let s;
before(async () => { s = await startStack(); });
// s.stop() judges guichetd's exit: status 0, no sanitizer report (lib/exit.mjs).
after(async () => { await s?.stop(); });


async function me(cookie) {
  return fetch(`${s.site}/api/v1/me`, { headers: cookie ? { cookie } : {} });
}

test('login: code flow with PKCE, a private space, a hardened session cookie', async () => {
  const start = await fetch(`${s.site}/login?next=%2Fapi%2Fv1%2Fme`, { redirect: 'manual' });
  assert.equal(start.status, 303);
  const auth = new URL(start.headers.get('location'));
  assert.equal(auth.origin, s.idp.issuer);
  assert.equal(auth.searchParams.get('response_type'), 'code');
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.match(auth.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(auth.searchParams.get('state').length >= 43);
  assert.ok(auth.searchParams.get('nonce').length >= 43);

  const l = await login(s);
  assert.equal(l.res.status, 303);
  assert.equal(l.landing, '/api/v1/me');
  assert.match(l.setCookie, /^__Host-guichet=[A-Za-z0-9_-]{43}; /);
  for (const flag of [/; Path=\//, /; Secure/, /; HttpOnly/, /; SameSite=Lax/]) assert.match(l.setCookie, flag);
  assert.doesNotMatch(l.setCookie, /Domain=/i);

  const res = await me(l.cookie);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.person, { given_name: 'Marie', family_name: 'Schmit' });
  assert.equal(body.active_space.kind, 'private');

  // One person, one private space, owned.
  assert.equal(sql(s.g.db, "SELECT count(*) FROM persons WHERE national_id = '1985031410148'"), '1');
  assert.equal(sql(s.g.db, `SELECT role FROM space_members WHERE space_id = ${body.active_space.id}`), 'owner');
  // Only a hash of the session id is stored.
  const id = l.cookie.split('=')[1];
  const hex = Buffer.from(id).toString('hex').toUpperCase();
  assert.equal(sql(s.g.db, {
    sqlite: `SELECT count(*) FROM sessions WHERE hex(id_hash) LIKE '%${hex}%'`,
    postgresql: `SELECT count(*) FROM sessions WHERE upper(encode(id_hash, 'hex')) LIKE '%${hex}%'`,
  }), '0');
});

test('a second login gets a new session id; after logout the old one no longer works', async () => {
  const a = await login(s);
  const b = await login(s);
  assert.notEqual(a.cookie, b.cookie);
  const csrf = (await (await me(a.cookie)).json()).csrf_token;

  const noToken = await fetch(`${s.site}/logout`, {
    method: 'POST', redirect: 'manual', headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  assert.equal(noToken.status, 403);
  assert.equal((await me(a.cookie)).status, 200, 'a refused logout changes nothing');

  const out = await fetch(`${s.site}/logout`, {
    method: 'POST', redirect: 'manual', headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf_token=${encodeURIComponent(csrf)}`,
  });
  assert.equal(out.status, 303);
  const end = new URL(out.headers.get('location'));
  assert.equal(end.origin, s.idp.issuer);
  assert.ok(end.searchParams.get('id_token_hint'));
  assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${s.site}/`);
  assert.match(cookieFrom(out, '__Host-guichet').line, /Max-Age=0/);

  assert.equal((await me(a.cookie)).status, 401);
  assert.equal((await me(b.cookie)).status, 200, 'the other session is untouched');
});

test('the login state is used once and must come back', async () => {
  const l = await login(s);
  assert.ok(l.cookie);
  const replay = await fetch(l.callback, { redirect: 'manual', headers: { accept: 'text/html', 'accept-language': 'en' } });
  assert.equal(replay.status, 400);
  assert.equal(cookieFrom(replay, '__Host-guichet'), undefined);
  assert.match(await replay.text(), /<h1[^>]*>The login took too long<\/h1>/);

  const forged = await fetch(`${s.site}/auth/callback?code=x&state=never-issued`, { redirect: 'manual' });
  assert.equal(forged.status, 400);
  assert.equal(cookieFrom(forged, '__Host-guichet'), undefined);
});

test('a session cookie that was never issued, or is malformed, is anonymous', async () => {
  for (const cookie of ['__Host-guichet=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '__Host-guichet=short', '__Host-guichet=']) {
    const res = await me(cookie);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'login_required');
  }
});

test('pages ask anonymous visitors to log in and come back', async () => {
  const res = await fetch(`${s.site}/space`, { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=/space');
});

test('CSRF: a state-changing request needs the session token or is refused, changing nothing', async () => {
  const l = await login(s);
  const csrf = (await (await me(l.cookie)).json()).csrf_token;
  const rows = () => Number(sql(s.g.db, 'SELECT count(*) FROM feedback'));
  const before = rows();
  const post = (headers) => fetch(`${s.site}/api/v1/feedback`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: l.cookie, ...headers },
    body: JSON.stringify({ page: '/x', useful: true }),
  });
  let res = await post({});
  assert.equal(res.status, 403);
  assert.equal((await res.json()).code, 'csrf_failed');
  res = await post({ 'x-csrf-token': 'wrong' });
  assert.equal(res.status, 403);
  res = await post({ 'x-csrf-token': csrf, origin: 'http://evil.example' });
  assert.equal(res.status, 403);
  res = await post({ 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' });
  assert.equal(res.status, 403);
  assert.equal(rows(), before);
  res = await post({ 'x-csrf-token': csrf, origin: s.site });
  assert.equal(res.status, 201);
  assert.equal(rows(), before + 1);
});

test('an idle session ends after the configured timeout', async () => {
  const short = await startStack({ env: { GUICHET_SESSION_IDLE_TIMEOUT_S: '2' } });
  try {
    const l = await login(short);
    assert.equal((await fetch(`${short.site}/api/v1/me`, { headers: { cookie: l.cookie } })).status, 200);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await fetch(`${short.site}/api/v1/me`, { headers: { cookie: l.cookie } })).status, 401);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sql(short.g.db, 'SELECT count(*) FROM sessions'), '0', 'the idle session was deleted');
  } finally {
    await short.stop();
  }
});

test('ID tokens with a bad signature, wrong audience, expired or wrong nonce are refused', async () => {
  const op = await startFakeOp();
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const g = await startGuichetd({
    env: {
      GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: op.issuer,
      GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`,
    },
  });
  try {
    const expected = {
      bad_signature: /could not be completed/, wrong_aud: /could not be completed/,
      expired: /took too long/, wrong_nonce: /could not be completed/,
    };
    for (const [defect, title] of Object.entries(expected)) {
      op.setDefect(defect);
      const start = await fetch(`${site}/login`, { redirect: 'manual' });
      const auth = await fetch(start.headers.get('location'), { redirect: 'manual' });
      const res = await fetch(auth.headers.get('location'), {
        redirect: 'manual', headers: { accept: 'text/html', 'accept-language': 'en' },
      });
      assert.equal(res.status, 400, defect);
      assert.equal(cookieFrom(res, '__Host-guichet'), undefined, defect);
      const page = await res.text();
      assert.match(page, /<html lang="en"/);
      assert.match(page, title, defect);
    }
    // In French too, and nothing was created for any of them.
    op.setDefect('wrong_aud');
    const start = await fetch(`${site}/login`, { redirect: 'manual' });
    const auth = await fetch(start.headers.get('location'), { redirect: 'manual' });
    const fr = await fetch(auth.headers.get('location'), { headers: { accept: 'text/html', 'accept-language': 'fr' } });
    assert.match(await fr.text(), /La connexion n&#39;a pas pu aboutir/);
    assert.equal(sql(g.db, 'SELECT count(*) FROM persons'), '0');
    assert.equal(sql(g.db, 'SELECT count(*) FROM sessions'), '0');
    const log = g.log();
    for (const code of ['bad_signature', 'bad_audience', 'expired', 'bad_nonce']) assert.match(log, new RegExp(`ID token refused: ${code}`));
    assert.doesNotMatch(log, /1985031410148|Schmit/);

    op.setDefect('none');
    const ok = await fetch(`${site}/login`, { redirect: 'manual' });
    const okAuth = await fetch(ok.headers.get('location'), { redirect: 'manual' });
    const okRes = await fetch(okAuth.headers.get('location'), { redirect: 'manual' });
    assert.equal(okRes.status, 303, 'the same provider with a good token logs in');
  } finally {
    await stopAll(g, () => g.cleanup(), op);
  }
});
