// Actor × route: every route guichetd serves (guichetctl routes) is tried by
// every actor, and must answer what tests/authz_matrix.json says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { runSanitized } from './lib/exit.mjs';
import { matrixGaps, routeKey } from './lib/matrix.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { dbEnv } from './lib/store.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const matrix = JSON.parse(readFileSync('tests/authz_matrix.json', 'utf8'));
const routes = JSON.parse(runSanitized(GUICHETCTL, ['routes']).stdout);

// A procedure of snca, so that the person has a submission the agents and
// clients of snca may see and those of cns may not.
const FIXTURE = caseFixture('matrix-fixture', 'snca');

let s, work, keys, submission;
const sessions = {};
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-matrix-'));
  const catalog = catalogWith(work, FIXTURE);
  s = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalog } });
  const org = (args) => runSanitized(GUICHETCTL, ['org', 'agents', 'add', ...args],
    { env: { ...dbEnv(s.g.db), GUICHET_PATHS_PROCEDURES: catalog } });
  org(['snca', '1990072117589', '--role', 'handler']);
  org(['snca', '1981053021216', '--role', 'supervisor']);
  org(['snca', '1995010924986', '--role', 'admin']);
  org(['cns', '1968091728657', '--role', 'handler']);
  runSanitized(GUICHETCTL, ['operators', 'add', '2001122432396'], { env: dbEnv(s.g.db) });
  sessions.person = await session('1985031410148');
  sessions.other_person = await session('1972110213859');
  sessions.agent_handler = await session('1990072117589');
  sessions.agent_supervisor = await session('1981053021216');
  sessions.agent_admin = await session('1995010924986');
  sessions.agent_other_org = await session('1968091728657');
  sessions.operator = await session('2001122432396');
  submission = await submit(sessions.person);
  keys = clientKeys();
  const all = 'submissions.read,submissions.write,registers.read,letterbox.send';
  sessions.client = orgClient(s, keys, 'snca', all);
  sessions.client_read_only = orgClient(s, keys, 'snca', 'submissions.read');
  sessions.client_noscope = orgClient(s, keys, 'snca', '');
  sessions.client_other_org = orgClient(s, keys, 'cns', all);
});
// Judges guichetd's exit (status 0, no sanitizer report: lib/exit.mjs).
after(async () => {
  await s?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  keys?.remove();
});

async function submit(who) {
  const api = (method, path, body) => fetch(`${s.site}${path}`, { method, headers: { cookie: who.cookie,
    'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const draft = await (await api('POST', `/api/v1/spaces/${who.space}/drafts`, { procedure: FIXTURE.id })).json();
  assert.equal((await api('PUT', `/api/v1/spaces/${who.space}/drafts/${draft.id}`, { data: { note: 'hi' }, step: 1 })).status, 200);
  const res = await api('POST', `/api/v1/spaces/${who.space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

async function session(nationalId) {
  const l = await login(s, { nationalId });
  const me = await (await fetch(`${s.site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id, nationalId };
}

test('every route has a row for every actor, and every row a route', () => {
  const gaps = matrixGaps(routes, matrix);
  assert.deepEqual(gaps, { missing: [], stale: [], incomplete: [] });
});

test('a route added without rows is caught', () => {
  const more = [...routes, { method: 'DELETE', pattern: '/api/v1/spaces/{space}', action: 'space.view' }];
  assert.deepEqual(matrixGaps(more, matrix).missing, ['DELETE /api/v1/spaces/{space}']);
  const fewer = routes.filter((r) => routeKey(r) !== 'GET /privacy');
  assert.deepEqual(matrixGaps(fewer, matrix).stale, ['GET /privacy']);
});

async function cssFile() {
  const page = await (await fetch(`${s.site}/`)).text();
  return page.match(/\/static\/(guichet\.[0-9a-f]+\.css)/)[1];
}

test('each actor gets the expected answer from each route', async () => {
  const css = await cssFile();
  const failures = [];
  for (const route of routes) {
    const row = matrix.routes[routeKey(route)];
    for (const actor of matrix.actors) {
      // other_person acts on the first person's space with their own session;
      // the clients send their access token, and no cookie.
      let who = actor === 'anonymous' ? undefined : sessions[actor];
      if (who?.nationalId && row.fresh_session) who = await session(who.nationalId);
      const space = sessions.person.space;
      const values = { css_file: css, space: String(space), submission: String(submission), actor };
      let path = route.pattern.replace(/\{(\w+)\}/g, (_, name) =>
        encodeURIComponent((row.params?.[name] ?? '').replace(/\{(\w+)\}/g, (__, v) => values[v])));
      if (row.query) path += `?${row.query}`;
      const headers = {};
      let body;
      if (who?.cookie) {
        headers.cookie = who.cookie;
        if (route.method !== 'GET') headers['x-csrf-token'] = who.csrf;
      }
      if (who?.client) headers.authorization = `Bearer ${await who.token()}`;
      for (const [name, value] of Object.entries(row.headers ?? {})) headers[name] = value.replace(/\{(\w+)\}/g, (_, v) => values[v]);
      if (row.json) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(row.json);
      } else if (row.multipart) {
        headers['content-type'] = 'multipart/form-data; boundary=x';
        body = '--x\r\nContent-Disposition: form-data; name="doc"; filename="a.pdf"\r\n\r\n%PDF-1.7\r\n--x--\r\n';
      } else if (row.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = typeof row.form === 'string' ? row.form : '';
      }
      const res = await fetch(`${s.site}${path}`, { method: route.method, headers, body, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== row.expect[actor]) failures.push(`${routeKey(route)} as ${actor}: ${res.status}, expected ${row.expect[actor]}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('the other person cannot see the first person\'s space, even by guessing ids', async () => {
  const theirs = sessions.person.space;
  for (const id of [theirs, theirs + 1000, 0, -1, 'abc', '1e3', '%2F']) {
    const res = await fetch(`${s.site}/api/v1/spaces/${id}`, { headers: { cookie: sessions.other_person.cookie } });
    assert.equal(res.status, 404, `space ${id}`);
  }
  const own = await fetch(`${s.site}/api/v1/spaces/${sessions.other_person.space}`, { headers: { cookie: sessions.other_person.cookie } });
  assert.equal(own.status, 200);
  assert.deepEqual(await own.json(), { id: sessions.other_person.space, kind: 'private', role: 'owner' });
});
