// Related persons prefilled whole: a parent opens the declaration of change
// of address; the population register's record names their children and
// partner (national ids), and the second round of the prefill reads each of
// them for their names and birth dates only. Each read is an access record
// on the related person (the subject), on behalf of the parent, on both
// sides, and the partner sees it in their own access log; the draft says where each value came from; the step page shows the
// children's names with their source in fr, de and en (axe, screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';

let pop, regs = {}, work, g, idp, site, browser, parent, records;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-related-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  } });
  // A parent of two or more children, with a partner, who can log in.
  records = Object.fromEntries(sql(regs.persons.db, 'SELECT key, data FROM records').split('\n').filter(Boolean)
    .map((l) => { const i = l.indexOf('|'); return [l.slice(0, i), JSON.parse(l.slice(i + 1))]; }));
  const canLogIn = new Set(pop.population.map((p) => p.national_id));
  const id = Object.keys(records).find((k) => canLogIn.has(k) && records[k].children.length >= 2 && records[k].partner
    && canLogIn.has(records[k].partner) && records[k].children.every((c) => records[c]));
  assert.ok(id, 'a parent with a partner who can log in and two children in the population');
  parent = { national_id: id, ...records[id] };
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, regs.persons, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

const rows = (text) => text.split('\n').filter(Boolean).map((l) => l.split('|'));

test('the children and the partner come whole from the register, each read recorded on the related person', async () => {
  const l = await login({ site }, { nationalId: parent.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const res = await fetch(`${site}/api/v1/spaces/${me.active_space.id}/drafts`, { method: 'POST',
    headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'change-of-address' }) });
  assert.equal(res.status, 201);
  const draft = await res.json();
  assert.equal(draft.data.children.length, parent.children.length);
  draft.data.children.forEach((item, i) => {
    const child = records[parent.children[i]];
    assert.deepEqual(item, { national_id: parent.children[i], given_name: child.given_name,
      family_name: child.family_name, birth_date: child.birth_date }, `child ${i + 1}`);
    for (const f of ['given_name', 'family_name', 'birth_date']) {
      const p = draft.provenance.children.items[i][f];
      assert.equal(p.source, 'persons');
      assert.equal(p.attribute, f);
      assert.equal(p.of, 'children');
      assert.match(p.as_of, /^\d{4}-\d{2}-\d{2}$/);
    }
  });
  const partner = records[parent.partner];
  assert.equal(draft.data.partner_national_id, parent.partner);
  assert.equal(draft.data.partner_given_name, partner.given_name);
  assert.equal(draft.data.partner_family_name, partner.family_name);
  assert.equal(draft.provenance.partner_given_name.of, 'partner');

  // One access record per related person on the platform: the subject is
  // the child (or partner), on behalf of the parent, for the procedure,
  // naming only the attributes read; the register logged the same request.
  const related = [...parent.children, parent.partner];
  for (const subject of related) {
    const mine = rows(sql(g.db, `SELECT on_behalf_of, source, attributes, purpose, request_id FROM access_records
      WHERE subject = '${subject}' AND purpose = 'change-of-address'`));
    assert.equal(mine.length, 1, `one platform record on ${subject}`);
    const [onBehalf, source, attrs, , requestId] = mine[0];
    assert.equal(onBehalf, parent.national_id);
    assert.equal(source, 'persons');
    const want = subject === parent.partner ? ['given_name', 'family_name'] : ['given_name', 'family_name', 'birth_date'];
    assert.deepEqual(JSON.parse(attrs).sort(), want.sort(), 'only what the form needs');
    const theirs = rows(sql(regs.persons.db, `SELECT subject, on_behalf_of, attributes FROM access_log WHERE request_id = '${requestId}'`));
    assert.equal(theirs.length, 1, 'the register logged the read once');
    assert.deepEqual(theirs[0].slice(0, 2), [subject, parent.national_id]);
  }
  // The parent's own read names the links, not the related persons' data.
  const own = rows(sql(g.db, `SELECT attributes FROM access_records WHERE subject = '${parent.national_id}' AND purpose = 'change-of-address'`));
  assert.equal(own.length, 1);
  assert.ok(JSON.parse(own[0][0]).includes('children') && JSON.parse(own[0][0]).includes('partner'));
  assert.doesNotMatch(g.log(), new RegExp(records[parent.children[0]].given_name + '|' + parent.children[0]));

  // The partner sees that read in their own access log ("who accessed my
  // data"): the register, the procedure, the attributes, never the values.
  const p = await login({ site }, { nationalId: parent.partner });
  const log = await fetch(`${site}/api/v1/access-log?register=persons`, { headers: { cookie: p.cookie } });
  assert.equal(log.status, 200);
  const seen = (await log.json()).records.filter((r) => r.purpose === 'change-of-address');
  assert.equal(seen.length, 1, 'the partner sees the read made for the change of address');
  assert.deepEqual([...seen[0].attributes].sort(), ['family_name', 'given_name']);
  assert.doesNotMatch(JSON.stringify(seen[0]), new RegExp(`${parent.national_id}|${parent.given_name}`));
});

for (const [lang, source, child] of [['en', 'Source: National register of natural persons, as of', 'Child'],
  ['fr', 'Source : Registre national des personnes physiques, à la date du', 'Enfant'],
  ['de', 'Übernommen aus: Nationales Register der natürlichen Personen, Stand', 'Kind']]) {
  test(`a parent's change of address shows the children's names prefilled with their source (${lang})`, { timeout: 60000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: lang });
    const page = await context.newPage();
    try {
      await page.goto(`${site}/login?next=${encodeURIComponent('/my-data')}`);
      await submitProviderLogin(page, { nationalId: parent.national_id, site });
      const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
      const active = (await (await page.request.get(`${site}/api/v1/me`)).json()).active_space.id;
      const started = await page.request.post(`${site}/spaces/${active}/procedures/change-of-address/start`,
        { form: { csrf_token: csrf }, maxRedirects: 0, headers: { origin: site } });
      assert.equal(started.status(), 303);
      const base = started.headers().location.replace(/\/steps\/1$/, '');
      await page.goto(`${site}${base}/steps/3`);
      await page.locator('#f-household_moves').check();
      for (let i = 0; i < parent.children.length; i++) {
        const child = records[parent.children[i]];
        assert.equal(await page.locator(`#f-children-${i}-given_name`).inputValue(), child.given_name);
        assert.equal(await page.locator(`#f-children-${i}-family_name`).inputValue(), child.family_name);
        assert.equal(await page.locator(`#f-children-${i}-birth_date`).inputValue(), child.birth_date);
        const said = (await page.locator(`#f-children-${i}-given_name-source`).textContent()).replace(/\s+/g, ' ').trim();
        assert.ok(said.startsWith(source), said);
        assert.match(await page.locator(`#f-children-${i}-given_name`).getAttribute('aria-describedby'),
          new RegExp(`f-children-${i}-given_name-source`));
      }
      assert.equal(await page.locator('#f-partner_given_name').inputValue(), records[parent.partner].given_name);
      // each child's fieldset is named as one child ("Child 2"), not "Children 2"
      const legends = await page.locator('.gx-group__item > legend').allTextContents();
      assert.deepEqual(legends.map((l) => l.replace(/\s+/g, ' ').trim()), parent.children.map((_, i) => `${child} ${i + 1}`));
      const serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, formatViolations(serious));
      await screenshot(page, `related-persons-${lang}`);
    } finally {
      await context.close();
    }
  });
}
