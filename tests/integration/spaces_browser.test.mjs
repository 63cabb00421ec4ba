// Professional spaces, mandates and parents in a real browser, in French and
// in English (issue 15's "done when"):
//  - a manager opens the company's space from the companies register,
//    invites a colleague limited to two procedures; the colleague accepts,
//    starts one (prefilled from the companies register) and cannot start a third;
//  - a person grants a dated mandate; the mandatary accepts and submits; the
//    grantor sees "submitted by X on your behalf", revokes, and the
//    mandatary's next request is refused;
//  - a parent submits a procedure for their minor child, still may the day
//    before the 18th birthday and no longer on it: guichetd's clock is moved
//    by restarting it with testing.clock_offset_s (docs/spaces.md).
// Every new page is checked with axe and photographed (build/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { pickPeople, majority, day } from './lib/spaces_fixture.mjs';

const LANGS = ['fr', 'en'];
const catalogs = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(`i18n/${l}.json`, 'utf8'))]));
const t = (lang, path) => path.split('.').reduce((o, k) => o?.[k], catalogs[lang]);
const title = (id, lang) => JSON.parse(readFileSync(`procedures/${id}.json`, 'utf8')).titles[lang];

let pop, regs = {}, work, g, idp, site, port, browser, env;
const people = {};

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-spaces-browser-'));
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.companies = await startRegistryd('companies', pop.dir);
  port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  env = {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, companies: regs.companies.url }),
  };
  g = await startGuichetd({ env });
  // Different people for each language; the minors sorted by birthday, since the clock only moves forward.
  const taken = new Set();
  const horizon = new Date(Date.now() + 12 * 365 * 86400000);
  for (const lang of LANGS) people[lang] = pickPeople(pop, { others: 3, minorBefore: horizon, exclude: taken });
  const [a, b] = LANGS.map((l) => people[l]);
  if (majority(a.minor.birth_date) > majority(b.minor.birth_date))
    [a.minorParent, a.minor, b.minorParent, b.minor] = [b.minorParent, b.minor, a.minorParent, a.minor];
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, regs.persons, regs.companies,
    () => pop?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }));
});

// guichetd again, on the same port and database, its clock at the instant `at` (a Date).
async function restartAt(at) {
  await g.stop();
  const offset = Math.max(0, Math.round((at.getTime() - Date.now()) / 1000));
  g = await startGuichetd({ env: { ...env, GUICHET_TESTING_CLOCK_OFFSET_S: String(offset) }, dir: g.workdir });
}

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

// A browser context logged in as person, in lang.
async function as(person, lang) {
  const context = await newContext(browser, { acceptLanguage: lang });
  const page = await context.newPage();
  await page.goto(`${site}/login?next=${encodeURIComponent('/spaces')}`);
  await submitProviderLogin(page, { nationalId: person.national_id, site });
  assert.equal(new URL(page.url()).pathname, '/spaces');
  return { context, page };
}

// Submits a form by clicking button; returns the status of the answer to the POST.
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(site)),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

const header = async (page) => (await page.locator('.gx-account__space').textContent()).replace(/\s+/g, ' ').trim();

// Fills and submits the certificate of residence from its first step: the
// step's prefilled answers, then the certificate's, then the review.
async function fillCertificate(page, lang) {
  assert.equal(await submit(page, page.locator('main form button[type="submit"]').last()), 303);
  await page.locator('input[name="certificate_type"][value="residence"]').check();
  await page.locator(`input[name="certificate_language"][value="${lang}"]`).check();
  await page.locator('#f-copies').fill('1');
  await page.locator('input[name="delivery"][value="letterbox"]').check();
  assert.equal(await submit(page, page.locator('main form button[type="submit"]').last()), 303);
  assert.match(new URL(page.url()).pathname, /\/review$/);
  assert.equal(await submit(page, page.locator('main form[action$="/submit-form"] button')), 303);
  assert.match(new URL(page.url()).pathname, /\/submissions\/\d+$/);
  return (await page.locator('.gx-reference').textContent()).trim();
}

for (const lang of LANGS) {
  test(`${lang}: a manager opens the company's space and invites a colleague limited to two procedures`, { timeout: 120000 }, async () => {
    const p = people[lang];
    const colleague = p.others[0];
    const boss = await as(p.manager, lang);
    const colleagueCtx = await as(colleague, lang);
    try {
      const { page } = boss;
      await axeClean(page, 'spaces');
      assert.equal(await submit(page, page.locator('form[action="/spaces/companies"] button')), 303);
      assert.match(await page.locator('.govuk-notification-banner').textContent(), new RegExp(t(lang, 'spaces.done_companies')));
      const row = page.locator('#spaces tbody tr', { hasText: p.company.name });
      assert.match(await row.textContent(), new RegExp(t(lang, 'spaces.how_administrator')));
      await screenshot(page, `spaces-manager-${lang}`);
      // Switch to it: the header says in whose name one acts from now on.
      assert.equal(await submit(page, row.locator(`form[action$="/activate"] button`)), 303);
      const company = Number(new URL(page.url()).pathname.split('/')[2]);
      assert.equal(await header(page), `${t(lang, 'nav.acting_for')} ${p.company.name} (${t(lang, 'nav.space_company')}, ${t(lang, 'nav.role.administrator')})`);

      // Invite, first with a wrong number (the error beside its field), then right.
      await page.goto(`${site}/spaces/${company}/members`);
      await page.locator('#national_id').fill('1234567890123');
      assert.equal(await submit(page, page.locator('form[action$="/invitations"] button[type="submit"]')), 422);
      assert.equal(await page.locator('.govuk-error-summary a').getAttribute('href'), '#national_id');
      assert.equal(await page.locator('#national_id').inputValue(), '1234567890123');
      await axeClean(page, 'members with an error');
      await page.locator('#national_id').fill(colleague.national_id);
      await page.locator('#invite-role-m').check();
      await page.locator('#invite-p-vat-registration').check();
      await page.locator('#invite-p-business-permit').check();
      assert.equal(await submit(page, page.locator('form[action$="/invitations"] button[type="submit"]')), 303);
      assert.match(await page.locator('#pending').evaluate((h) => h.nextElementSibling.textContent), new RegExp(colleague.national_id));
      assert.match(await page.locator('.gx-history').textContent(), new RegExp(t(lang, 'history.kinds.member_invited')));
      await axeClean(page, 'members');
      await screenshot(page, `members-${lang}`);

      // The colleague accepts in their own space, and acts for the company.
      const c = colleagueCtx.page;
      await c.reload();
      const invitation = c.locator('.gx-invitation', { hasText: p.company.name });
      assert.match(await invitation.textContent(), new RegExp(title('vat-registration', lang)));
      await axeClean(c, 'spaces with an invitation');
      await screenshot(c, `spaces-invitation-${lang}`);
      assert.equal(await submit(c, invitation.locator('form[action$="/accept"] button')), 303);
      assert.match(await c.locator('.govuk-notification-banner').textContent(), new RegExp(t(lang, 'spaces.done_joined')));
      assert.equal(await submit(c, c.locator('#spaces tbody tr', { hasText: p.company.name }).locator('form button')), 303);
      assert.equal(await header(c), `${t(lang, 'nav.acting_for')} ${p.company.name} (${t(lang, 'nav.space_company')}, ${t(lang, 'nav.role.member')})`);
      // The catalogue: the two procedures, not the company's third.
      await c.goto(`${site}/procedures`);
      const offered = await c.locator('.gx-procedure').evaluateAll((els) => els.map((e) => e.id.slice(2)).sort());
      assert.deepEqual(offered, ['business-permit', 'vat-registration']);
      await screenshot(c, `catalogue-member-${lang}`);
      // Starting one: the colleague's own name as the representative, the company's name from the companies register.
      assert.equal(await submit(c, c.locator('#p-vat-registration button')), 303);
      assert.equal(await c.locator('#f-given_name').inputValue(), colleague.given_name);
      const base = new URL(c.url()).pathname.replace(/\/steps\/1$/, '');
      await c.goto(`${site}${base}/steps/2`);
      assert.equal(await c.locator('#f-trade_name').inputValue(), p.company.name);
      assert.match(await c.locator('#f-trade_name-source').textContent(),
        new RegExp(JSON.parse(readFileSync('registers/companies.json', 'utf8')).titles[lang].replace(/[()]/g, '.')));
      await axeClean(c, 'a company procedure, prefilled');
      await screenshot(c, `company-procedure-${lang}`);
      // A third procedure of the company: refused.
      const csrf = await c.locator('.gx-account form[action="/logout"] input[name="csrf_token"]').inputValue();
      const third = await c.request.post(`${site}/spaces/${company}/procedures/building-permit/start`,
        { form: { csrf_token: csrf }, maxRedirects: 0, headers: { origin: site } });
      assert.equal(third.status(), 403);
      // The administrator sees who started it.
      await page.goto(`${site}/spaces/${company}/overview`);
      assert.match(await page.locator('tbody').textContent(), new RegExp(`${t(lang, 'acts.by')} ${colleague.given_name} ${colleague.family_name}`));
    } finally {
      await boss.context.close();
      await colleagueCtx.context.close();
    }
  });

  test(`${lang}: a dated mandate: granted, accepted, used, seen by the grantor, revoked`, { timeout: 120000 }, async () => {
    const p = people[lang];
    const [, grantor, mandatary] = p.others;
    const g1 = await as(grantor, lang);
    const m1 = await as(mandatary, lang);
    try {
      const { page } = g1;
      const space = Number((await page.locator('#spaces tbody tr').first().getAttribute('data-space')));
      await page.goto(`${site}/spaces/${space}/mandates`);
      // No end date: refused, naming the field.
      await page.locator('#mandatary').fill(mandatary.national_id);
      await page.locator('#scope-procedures').check();
      await page.locator('#mandate-p-certificate-of-residence').check();
      assert.equal(await submit(page, page.locator('form[action$="/mandates"] button[type="submit"]')), 422);
      assert.equal(await page.locator('.govuk-error-summary a').getAttribute('href'), '#valid_until');
      assert.equal(await page.locator('#mandatary').inputValue(), mandatary.national_id, 'the form as it was sent');
      await axeClean(page, 'mandates with an error');
      await page.locator('#valid_until').fill(day(new Date(), 60));
      await page.locator('#letterbox').check();
      assert.equal(await submit(page, page.locator('form[action$="/mandates"] button[type="submit"]')), 303);
      const granted = page.locator('#granted tbody tr').first();
      assert.match(await granted.textContent(), new RegExp(t(lang, 'mandates.state_pending')));
      await axeClean(page, 'mandates');
      await screenshot(page, `mandates-${lang}`);

      // The mandatary accepts and acts in the grantor's space, for that procedure only.
      const m = m1.page;
      await m.reload();
      const offer = m.locator('.gx-mandate', { hasText: `${grantor.given_name} ${grantor.family_name}` });
      assert.match(await offer.textContent(), new RegExp(title('certificate-of-residence', lang)));
      assert.equal(await submit(m, offer.locator('form[action$="/accept"] button')), 303);
      await screenshot(m, `spaces-mandate-${lang}`);
      assert.equal(await submit(m, m.locator(`#spaces tbody tr[data-space="${space}"] form button`)), 303);
      assert.match(await header(m), new RegExp(`^${t(lang, 'nav.acting_for')} ${grantor.given_name} ${grantor.family_name} \\(${t(lang, 'nav.space_mandate')} \\d{4}-\\d{2}-\\d{2}\\)$`));
      await m.goto(`${site}/procedures`);
      assert.deepEqual(await m.locator('.gx-procedure').evaluateAll((els) => els.map((e) => e.id.slice(2))), ['certificate-of-residence']);
      assert.equal(await submit(m, m.locator('#p-certificate-of-residence button')), 303);
      assert.equal(await m.locator('#f-given_name').inputValue(), grantor.given_name, 'the grantor\'s data, not the mandatary\'s');
      const reference = await fillCertificate(m, lang);

      // The grantor sees who submitted it on their behalf, and what was done.
      await page.goto(`${site}/spaces/${space}/overview`);
      const mine = page.locator('tbody tr', { hasText: reference });
      const by = `${t(lang, 'acts.submitted_by')} ${mandatary.given_name} ${mandatary.family_name} ${t(lang, 'acts.on_your_behalf')}`;
      assert.equal((await mine.locator('.gx-submitted-by').textContent()).trim(), by);
      assert.match(await page.locator('.gx-acts').textContent(), new RegExp(t(lang, 'acts.kinds.submitted')));
      await axeClean(page, 'overview on the grantor\'s side');
      await screenshot(page, `overview-on-your-behalf-${lang}`);
      await mine.locator('a').first().click();
      await page.waitForLoadState('load');
      assert.equal((await page.locator('.gx-submitted-by').textContent()).trim(), by);

      // Revoked: the mandatary's next request is refused.
      await page.goto(`${site}/spaces/${space}/mandates`);
      assert.equal(await submit(page, page.locator('#granted tbody tr').first().locator('form[action$="/revoke"] button')), 303);
      assert.match(await page.locator('#granted tbody tr').first().textContent(), new RegExp(t(lang, 'mandates.state_revoked')));
      const refused = await m.goto(`${site}/spaces/${space}/overview`);
      assert.equal(refused.status(), 404);
      const api = await m.request.get(`${site}/api/v1/spaces/${space}/overview`);
      assert.equal(api.status(), 404);
    } finally {
      await g1.context.close();
      await m1.context.close();
    }
  });
}

for (const lang of LANGS) {
  test(`${lang}: a parent acts for their minor child until the 18th birthday`, { timeout: 120000 }, async () => {
    const p = people[lang];
    let ctx = await as(p.minorParent, lang);
    try {
      let { page } = ctx;
      assert.equal(await submit(page, page.locator('form[action="/spaces/children"] button')), 303);
      assert.match(await page.locator('.govuk-notification-banner').textContent(), new RegExp(t(lang, 'spaces.done_children')));
      const row = page.locator('#spaces tbody tr', { hasText: `${p.minor.given_name} ${p.minor.family_name}` });
      assert.match(await row.textContent(), new RegExp(t(lang, 'spaces.how_parent')));
      const child = Number(await row.getAttribute('data-space'));
      await screenshot(page, `spaces-parent-${lang}`);
      assert.equal(await submit(page, row.locator('form button')), 303);
      assert.match(await header(page), new RegExp(`^${t(lang, 'nav.acting_for')} ${p.minor.given_name} ${p.minor.family_name} \\(${t(lang, 'nav.space_child')}`));
      await page.goto(`${site}/procedures`);
      assert.equal(await submit(page, page.locator('#p-certificate-of-residence button')), 303);
      assert.equal(await page.locator('#f-given_name').inputValue(), p.minor.given_name, 'the child\'s data');
      assert.equal(await page.locator('#f-birth_date').inputValue(), p.minor.birth_date);
      await axeClean(page, 'a procedure in the child\'s name');
      await screenshot(page, `child-procedure-${lang}`);
      await fillCertificate(page, lang);

      // The day before the 18th birthday: still the parent's to act in.
      const adult = majority(p.minor.birth_date);
      await ctx.context.close();
      await restartAt(new Date(adult.getTime() - 2 * 86400000));
      ctx = await as(p.minorParent, lang);
      page = ctx.page;
      assert.equal((await page.goto(`${site}/spaces/${child}/overview`)).status(), 200);
      // On the birthday: no access, nothing ran for it; the child's space is no longer listed.
      await restartAt(new Date(adult.getTime() + 12 * 3600000));
      assert.equal((await page.goto(`${site}/spaces/${child}/overview`)).status(), 404);
      await page.goto(`${site}/spaces`);
      assert.equal(await page.locator(`#spaces tbody tr[data-space="${child}"]`).count(), 0);
    } finally {
      await ctx.context.close();
    }
  });
}
