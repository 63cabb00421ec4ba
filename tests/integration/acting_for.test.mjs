// Whose data is read when someone acts for someone else, end to end with
// real registers: the space's subject, never the person who happens to be
// logged in.
//  - a parent asks, in their minor child's space, for a certificate of
//    residence: it is the child's (the population register is read for the
//    child, the PDF names the child), not the parent's;
//  - an organisation fetches, under the consent given in a company's
//    submission, the company's data from the companies register by its
//    number (access record on the company as subject), not a person's;
//  - the correction form of My data reads the logged-in person's own value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { apiOf, pickPeople } from './lib/spaces_fixture.mjs';

const texts = (t) => ({ fr: t, de: t, en: t });
// A company's procedure whose organisation may later fetch the company's name and legal form.
const COMPANY_REUSE = {
  ...caseFixture('company-reuse', 'mecdt'), audience: ['professional'],
  steps: [{ id: 'only', titles: texts('Only'), fields: [
    { id: 'note', kind: 'text', labels: texts('Note'), required: true },
    { id: 'extract', kind: 'text', labels: texts('Extract of the register') },
  ] }],
  reuse: { registers: [{ source: 'companies', attributes: ['name', 'legal_form'] }],
    purpose: texts('To check the company each year.'), legal_basis: texts('Law of 2 September 2011'),
    validity_days: 30, instead: ['extract'] },
};

let pop, regs = {}, work, g, idp, site, people, keys, client;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-acting-for-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.companies = await startRegistryd('companies', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_PATHS_PROCEDURES: catalogWith(work, COMPANY_REUSE),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, companies: regs.companies.url }),
  } });
  people = pickPeople(pop, { others: 1 });
  keys = clientKeys();
  client = orgClient({ g, site }, keys, 'mecdt', 'submissions.read,registers.read');
});

after(async () => {
  await stopAll(g, () => g?.cleanup(), idp, regs.persons, regs.companies, () => pop?.cleanup(), () => keys?.remove(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function session(who) {
  const l = await login({ site }, { nationalId: who.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  return { ...apiOf(site, { cookie: l.cookie, csrf: me.csrf_token }), cookie: l.cookie, space: me.active_space.id };
}

const subjectsOf = (purpose) => sql(g.db, `SELECT DISTINCT subject FROM access_records WHERE purpose = '${purpose}' ORDER BY subject`)
  .split('\n').filter(Boolean);

test('a parent\'s certificate of residence asked in the minor child\'s space is the child\'s', { timeout: 60000 }, async () => {
  const parent = await session(people.minorParent);
  assert.ok((await parent.json('POST', '/api/v1/spaces/children')).found >= 1);
  const child = (await parent.json('GET', '/api/v1/spaces')).spaces.find((x) => x.via === 'parent').id;
  const draft = await parent.json('POST', `/api/v1/spaces/${child}/drafts`, { procedure: 'certificate-of-residence' }, 201);
  await parent.json('PUT', `/api/v1/spaces/${child}/drafts/${draft.id}`, { data: { ...draft.data, copies: 1,
    certificate_type: 'residence', certificate_language: 'en', delivery: 'letterbox' }, step: 1 });
  const sub = await parent.json('POST', `/api/v1/spaces/${child}/drafts/${draft.id}/submit`, undefined, 201);
  let doc;
  for (let i = 0; i < 100 && !doc; i++) {
    const list = await parent.json('GET', `/api/v1/spaces/${child}/letterbox?type=certificate`);
    doc = list.items.find((d) => d.submission === sub.id);
    if (!doc) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(doc, 'the certificate is in the child\'s letter box');
  const pdf = Buffer.from(await (await parent.api('GET', `/api/v1/spaces/${child}/letterbox/${doc.id}/file`)).arrayBuffer());
  const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
  assert.ok(text.includes(people.minor.given_name), 'the child is named on it');
  assert.ok(!text.includes(people.minorParent.given_name) || people.minorParent.given_name === people.minor.given_name,
    'the parent is not the one certified');
  // The population register was read for the child, on the child's behalf; never for the parent.
  const subjects = subjectsOf('certificate-of-residence');
  assert.ok(subjects.includes(people.minor.national_id), 'read for the child');
  assert.ok(!subjects.includes(people.minorParent.national_id), 'not read for the parent');
});

test('an organisation fetches a company\'s data by its number under the consent of the company\'s submission', { timeout: 60000 }, async () => {
  const manager = await session(people.manager);
  await manager.json('POST', '/api/v1/spaces/companies');
  const space = (await manager.json('GET', '/api/v1/spaces')).spaces.find((x) => x.kind === 'professional').id;
  const draft = await manager.json('POST', `/api/v1/spaces/${space}/drafts`, { procedure: COMPANY_REUSE.id }, 201);
  await manager.json('PUT', `/api/v1/spaces/${space}/drafts/${draft.id}`,
    { data: { ...draft.data, note: 'yearly', reuse_consent: true }, step: 1 });
  const sub = await manager.json('POST', `/api/v1/spaces/${space}/drafts/${draft.id}/submit`, undefined, 201);
  const res = await client.api('POST', `/api/org/v1/submissions/${sub.id}/register-data`, { json: {} });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  assert.ok(body.includes(JSON.stringify(people.company.name)), 'the company\'s name from the companies register');
  // One access record, on the company as subject, by the organisation.
  const rows = sql(g.db, "SELECT subject, actor_kind, actor_id, source FROM access_records WHERE purpose = 'To check the company each year.'")
    .split('\n').filter(Boolean);
  assert.equal(rows.length, 1, rows.join('\n'));
  assert.equal(rows[0], [people.company.number, 'organisation', 'mecdt', 'companies'].join('|'));
});

test('the correction form reads the logged-in person\'s own value from the register', { timeout: 60000 }, async () => {
  const other = await session(people.others[0]);
  const res = await fetch(`${site}/my-data/corrections/new?register=persons&attribute=family_name`,
    { headers: { cookie: other.cookie, 'accept-language': 'en' } });
  const page = await res.text();
  assert.equal(res.status, 200, page.slice(0, 500));
  assert.ok(page.includes(people.others[0].family_name), 'the person\'s current value is shown');
  assert.deepEqual(subjectsOf('correction'), [people.others[0].national_id]);
});
