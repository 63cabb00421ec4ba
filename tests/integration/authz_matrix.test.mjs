// Actor × route: every route guichetd serves (guichetctl routes) is tried by
// every actor, and must answer what tests/authz_matrix.json says. The people
// come from a seeded population with its real persons and companies
// registers, so that a company's space, a parent's child and the mandates
// are made the way a person makes them: through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { matrixGaps, routeKey } from './lib/matrix.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { dbEnv, sql } from './lib/store.mjs';
import { seed, startRegistryd, registersFile } from './lib/registers.mjs';
import { pickPeople, apiOf, day } from './lib/spaces_fixture.mjs';

const GUICHETCTL = process.env.GUICHETCTL || 'build/asan/guichetctl';
const matrix = JSON.parse(readFileSync('tests/authz_matrix.json', 'utf8'));
const routes = JSON.parse(runSanitized(GUICHETCTL, ['routes']).stdout);

// A procedure of snca for private spaces, and one for companies, so that
// agents and clients of snca may see the submissions and those of cns may not.
const FIXTURE = caseFixture('matrix-fixture', 'snca');
const PRO = { ...caseFixture('matrix-pro', 'snca'), audience: ['professional'] };

let s, work, keys, pop, regs = {};
const sessions = {};
const targets = {};   // actor -> the values its requests use ({space}, {draft}, {submission}, {procedure})

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-matrix-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.companies = await startRegistryd('companies', pop.dir);
  const catalog = catalogWith(work, FIXTURE, PRO);
  s = await startStack({
    env: { GUICHET_PATHS_PROCEDURES: catalog,
      GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, companies: regs.companies.url }) },
    idpEnv: { IDP_POPULATION: join(pop.dir, 'idp-population.json') },
  });
  const people = pickPeople(pop, { others: 15 });
  const [owner, stranger, member, limited, mIn, mOut, mExpired, mRevoked, handler, supervisor, admin, otherOrg, operator] = people.others;
  const org = (args) => runSanitized(GUICHETCTL, ['org', 'agents', 'add', ...args],
    { env: { ...dbEnv(s.g.db), GUICHET_PATHS_PROCEDURES: catalog } });
  org(['snca', handler.national_id, '--role', 'handler']);
  org(['snca', supervisor.national_id, '--role', 'supervisor']);
  org(['snca', admin.national_id, '--role', 'admin']);
  org(['cns', otherOrg.national_id, '--role', 'handler']);
  runSanitized(GUICHETCTL, ['operators', 'add', operator.national_id], { env: dbEnv(s.g.db) });
  const who = { owner, stranger, administrator: people.manager, member, member_limited: limited, mandatary_in: mIn,
    mandatary_out: mOut, mandatary_expired: mExpired, mandatary_revoked: mRevoked, parent_minor: people.minorParent,
    parent_adult: people.adultParent, agent_handler: handler, agent_supervisor: supervisor, agent_admin: admin,
    agent_other_org: otherOrg, operator };
  for (const [actor, p] of Object.entries(who)) sessions[actor] = await session(p.national_id);
  const api = (actor) => apiOf(s.site, sessions[actor]);

  // The owner's private space: a submission and a draft of the fixture.
  const P = sessions.owner.space;
  const own = { space: P, procedure: FIXTURE.id, submission: await submit(api('owner'), P, FIXTURE.id),
    draft: await draft(api('owner'), P, FIXTURE.id) };

  // The company's space, opened by its manager from the companies register;
  // a member for every procedure, one for another procedure only.
  await api('administrator').json('POST', '/api/v1/spaces/companies');
  const C = (await api('administrator').json('GET', '/api/v1/spaces')).spaces.find((x) => x.kind === 'professional').id;
  await api('administrator').json('POST', `/api/v1/spaces/${C}/invitations`, { national_id: member.national_id, role: 'member' }, 201);
  await api('administrator').json('POST', `/api/v1/spaces/${C}/invitations`,
    { national_id: limited.national_id, role: 'member', procedures: ['vat-registration'] }, 201);
  for (const actor of ['member', 'member_limited']) {
    const { invitations } = await api(actor).json('GET', '/api/v1/spaces');
    await api(actor).json('POST', `/api/v1/invitations/${invitations[0].id}/accept`);
  }
  const company = { space: C, procedure: PRO.id, submission: await submit(api('administrator'), C, PRO.id),
    draft: await draft(api('administrator'), C, PRO.id) };

  // Mandates of the owner: in scope (the fixture), out of scope (the
  // commune's procedures), one that ended, one revoked.
  const today = new Date();
  const grant = async (actor, body) => {
    const { id } = await api('owner').json('POST', `/api/v1/spaces/${P}/mandates`,
      { mandatary: who[actor].national_id, valid_until: day(today, 30), ...body }, 201);
    await api(actor).json('POST', `/api/v1/mandates/${id}/accept`);
    return id;
  };
  await grant('mandatary_in', { scope: 'procedures', procedures: [FIXTURE.id] });
  await grant('mandatary_out', { scope: 'organisation', organisation: 'commune' });
  const ended = await grant('mandatary_expired', { scope: 'all' });
  const revoked = await grant('mandatary_revoked', { scope: 'all' });
  await api('owner').json('POST', `/api/v1/mandates/${revoked}/revoke`);
  const past = (Date.now() - 86400000) * 1000;
  sql(s.g.db, `UPDATE mandates SET valid_from_us = ${past - 86400000000}, valid_until_us = ${past} WHERE id = ${ended}`);

  // A parent's minor child, from the population register; a parent whose child is an adult.
  assert.ok((await api('parent_minor').json('POST', '/api/v1/spaces/children')).found >= 1);
  const K = (await api('parent_minor').json('GET', '/api/v1/spaces')).spaces.find((x) => x.via === 'parent').id;
  const child = { space: K, procedure: FIXTURE.id, submission: await submit(api('parent_minor'), K, FIXTURE.id),
    draft: await draft(api('parent_minor'), K, FIXTURE.id) };
  assert.equal((await api('parent_adult').json('POST', '/api/v1/spaces/children')).found, 0);
  const grown = await session(people.adultChild.national_id);

  for (const actor of matrix.actors) targets[actor] = own;
  Object.assign(targets, { administrator: company, member: company, member_limited: company, parent_minor: child,
    parent_adult: { ...own, space: grown.space } });
  for (const t of Object.values(targets)) t.stranger_id = stranger.national_id;

  keys = clientKeys();
  const all = 'submissions.read,submissions.write,registers.read,letterbox.send';
  sessions.client = orgClient(s, keys, 'snca', all);
  sessions.client_read_only = orgClient(s, keys, 'snca', 'submissions.read');
  sessions.client_noscope = orgClient(s, keys, 'snca', '');
  sessions.client_other_org = orgClient(s, keys, 'cns', all);
});

// Judges every process's exit (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => s?.stop(), regs.persons, regs.companies, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }), () => keys?.remove());
});

async function draft(api, space, procedure) {
  return (await api.json('POST', `/api/v1/spaces/${space}/drafts`, { procedure }, 201)).id;
}

async function submit(api, space, procedure) {
  const id = await draft(api, space, procedure);
  await api.json('PUT', `/api/v1/spaces/${space}/drafts/${id}`, { data: { note: 'hi' }, step: 1 });
  return (await api.json('POST', `/api/v1/spaces/${space}/drafts/${id}/submit`, undefined, 201)).id;
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

test('each actor gets the expected answer from each route', { timeout: 600000 }, async () => {
  const css = await cssFile();
  const failures = [];
  for (const route of routes) {
    const row = matrix.routes[routeKey(route)];
    for (const actor of matrix.actors) {
      // Each person acts on their target space (the owner's, the company's,
      // the child's …) with their own session; the clients send their access
      // token and no cookie.
      let who = actor === 'anonymous' ? undefined : sessions[actor];
      if (who?.nationalId && row.fresh_session) who = await session(who.nationalId);
      const t = targets[actor];
      const values = { css_file: css, space: String(t.space), submission: String(t.submission), draft: String(t.draft),
        procedure: t.procedure, stranger_id: t.stranger_id, actor };
      const fill = (v) => v.replace(/\{(\w+)\}/g, (_, name) => values[name]);
      let path = route.pattern.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(fill(row.params?.[name] ?? '')));
      if (row.query) path += `?${row.query}`;
      const headers = {};
      let body;
      if (who?.cookie) {
        headers.cookie = who.cookie;
        if (route.method !== 'GET') headers['x-csrf-token'] = who.csrf;
      }
      if (who?.client) headers.authorization = `Bearer ${await who.token()}`;
      for (const [name, value] of Object.entries(row.headers ?? {})) headers[name] = fill(value);
      if (row.json) {
        headers['content-type'] = 'application/json';
        body = fill(JSON.stringify(row.json));
      } else if (row.multipart) {
        headers['content-type'] = 'multipart/form-data; boundary=x';
        body = '--x\r\nContent-Disposition: form-data; name="doc"; filename="a.pdf"\r\n\r\n%PDF-1.7\r\n--x--\r\n';
      } else if (row.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = typeof row.form === 'string' ? fill(row.form) : '';
      }
      const res = await fetch(`${s.site}${path}`, { method: route.method, headers, body, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status !== row.expect[actor]) failures.push(`${routeKey(route)} as ${actor}: ${res.status}, expected ${row.expect[actor]}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('a stranger cannot see the owner\'s space, even by guessing ids', async () => {
  const theirs = sessions.owner.space;
  for (const id of [theirs, theirs + 1000, 0, -1, 'abc', '1e3', '%2F']) {
    const res = await fetch(`${s.site}/api/v1/spaces/${id}`, { headers: { cookie: sessions.stranger.cookie } });
    assert.equal(res.status, 404, `space ${id}`);
  }
  const own = await fetch(`${s.site}/api/v1/spaces/${sessions.stranger.space}`, { headers: { cookie: sessions.stranger.cookie } });
  assert.equal(own.status, 200);
  const body = await own.json();
  assert.deepEqual([body.id, body.kind, body.via, body.role, body.admin], [sessions.stranger.space, 'private', 'owner', 'owner', true]);
});

test('a mandatary sees only the procedures of the mandate: in the overview, its counts and its items', async () => {
  const P = sessions.owner.space;
  const as = async (actor) => (await apiOf(s.site, sessions[actor]).json('GET', `/api/v1/spaces/${P}/overview?per_page=100`));
  const owner = await as('owner'), inScope = await as('mandatary_in'), outOfScope = await as('mandatary_out');
  assert.ok(owner.items.some((x) => x.procedure === FIXTURE.id));
  assert.ok(inScope.items.every((x) => x.procedure === FIXTURE.id) && inScope.items.length > 0);
  assert.deepEqual(outOfScope.items, []);
  assert.equal(outOfScope.counts.all, 0);
  assert.ok(owner.counts.all >= inScope.counts.all);
});

test('a mandate with the letter box lets its mandatary read it, what they do there is the grantor\'s to see; revoked, nothing', async () => {
  const P = sessions.owner.space;
  const owner = apiOf(s.site, sessions.owner), mandatary = apiOf(s.site, sessions.stranger);
  await owner.json('PUT', `/api/v1/spaces/${P}/letterbox/settings`,
    { choices: [{ org: 'snca', type: 'registration', electronic: true }] });
  const boundary = 'mx';
  const meta = { recipient: { national_id: sessions.owner.nationalId }, type: 'registration', title: 'Certificat',
    notification_title: 'Un certificat' };
  const pdf = '%PDF-1.7\n' + 'A'.repeat(512) + '\n%%EOF\n';
  const sent = await fetch(`${s.site}/api/org/v1/letterbox/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sessions.client.token()}`, 'idempotency-key': 'mandate-letterbox',
      'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="document"\r\nContent-Type: application/json\r\n\r\n` +
      `${JSON.stringify(meta)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n${pdf}\r\n--${boundary}--\r\n`,
  });
  assert.equal(sent.status, 201, await sent.clone().text());
  const doc = (await sent.json()).id;

  const { id } = await owner.json('POST', `/api/v1/spaces/${P}/mandates`, { mandatary: targets.owner.stranger_id,
    scope: 'procedures', procedures: [FIXTURE.id], valid_until: day(new Date(), 30), letterbox: true }, 201);
  assert.equal((await mandatary.api('GET', `/api/v1/spaces/${P}/letterbox`)).status, 404, 'not before it is accepted');
  await mandatary.json('POST', `/api/v1/mandates/${id}/accept`);
  const list = await mandatary.json('GET', `/api/v1/spaces/${P}/letterbox`);
  assert.deepEqual(list.items.map((d) => d.id), [doc]);
  assert.equal((await mandatary.api('GET', `/api/v1/spaces/${P}/letterbox/${doc}/file`)).status, 200);
  // The settings stay the grantor's.
  assert.equal((await mandatary.api('PUT', `/api/v1/spaces/${P}/letterbox/settings`, { choices: [] })).status, 403);
  const { acts } = await owner.json('GET', `/api/v1/spaces/${P}/acts`);
  assert.deepEqual(acts.filter((a) => a.kind.startsWith('letterbox.')).map((a) => [a.kind, a.via, a.item_id]),
    [['letterbox.read', 'mandate', doc]]);

  await owner.json('POST', `/api/v1/mandates/${id}/revoke`);
  assert.equal((await mandatary.api('GET', `/api/v1/spaces/${P}/letterbox`)).status, 404);
  assert.equal((await mandatary.api('GET', `/api/v1/spaces/${P}/letterbox/${doc}/file`)).status, 404);
});
