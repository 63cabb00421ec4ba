// Corrections in a real browser (issue 16's "done when"): a person reports a
// wrong address with a file on My data; the register's operator accepts it
// on the register's operator page; the person sees the new value on My data
// and in a new procedure's prefill. Another report is rejected with a
// reason, another withdrawn, one re-routed; the overview lists them. In
// English and French, each page axe-checked and screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { stopAll } from './lib/exit.mjs';
import { FAST_SYNC, PDF, waitFor } from './lib/corrections.mjs';

let pop, regs = {}, work, g, idp, site, browser, person, other;
const OPERATOR = { username: 'registry-operator', password: 'demo-registry-operator-key-0003' };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date());
const tidy = (s) => (s == null ? '' : s.replace(/\s+/g, ' ').trim());

before(async () => {
  pop = seed({ persons: 300 });
  work = mkdtempSync(join(tmpdir(), 'guichet-corrections-browser-'));
  for (const n of ['persons', 'companies']) regs[n] = await startRegistryd(n, pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, companies: regs.companies.url }),
    ...FAST_SYNC,
  } });
  const adults = pop.population.filter((p) => Number(p.national_id.slice(0, 4)) < 2000);
  person = adults[2];
  other = adults[3];
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, Object.values(regs), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}: ${formatViolations(serious)}`);
}

async function loginTo(page, who, path) {
  await page.goto(`${site}${path}`);
  await submitProviderLogin(page, { nationalId: who.national_id, site });
  assert.equal(new URL(page.url()).pathname, path);
}

// The row of My data that shows the persons register's attribute.
const row = (page, attribute) => page.locator(`[id="value-persons-${attribute}"]`);

// Reports an error on My data: returns the request page's URL.
async function report(page, attribute, proposed, explanation, { file = true } = {}) {
  await page.goto(`${site}/my-data`);
  await Promise.all([page.waitForURL(/\/my-data\/corrections\/new\?/), row(page, attribute).locator('a[href^="/my-data/corrections/new"]').click()]);
  await page.locator('#proposed').fill(proposed);
  await page.locator('#explanation').fill(explanation);
  if (file) await page.locator('#evidence').setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: PDF });
  await Promise.all([page.waitForURL(/\/my-data\/corrections\/\d+$/), page.locator('form[action="/my-data/corrections"] button[type="submit"]').click()]);
  return page.url();
}

// The register's number of the platform's request (its page's URL).
function registerId(url) {
  const id = url.match(/(\d+)$/)[1];
  const rid = JSON.parse(sql(g.db, `SELECT request_id FROM corrections WHERE id = ${id}`, { json: true }))[0].request_id;
  return waitFor(() => {
    const rows = JSON.parse(sql(regs.persons.db, `SELECT id FROM corrections WHERE request_id = '${rid}'`, { json: true }) || '[]') || [];
    return rows.length === 1 && rows[0].id;
  }, { what: 'the register to have the request' });
}

// The register's operator page, logged in with HTTP Basic.
async function operatorPage(lang) {
  const context = await browser.newContext({ httpCredentials: OPERATOR, extraHTTPHeaders: { 'Accept-Language': lang },
    viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(5000);
  return { context, page: await context.newPage() };
}

async function operatorDecides(regId, lang, action, fill = {}) {
  const { context, page } = await operatorPage(lang);
  try {
    await page.goto(`${regs.persons.url}/operator/corrections?lang=${lang}`);
    await axeClean(page, 'the operator\'s list');
    await screenshot(page, `registry-operator-list-${lang}`);
    await Promise.all([page.waitForURL(new RegExp(`/operator/corrections/${regId}`)),
      page.locator(`a[href="/operator/corrections/${regId}?lang=${lang}"]`).click()]);
    await axeClean(page, 'the operator\'s request page');
    await screenshot(page, `registry-operator-request-${lang}`);
    const form = page.locator(`form:has(input[name="action"][value="${action}"])`);
    for (const [name, value] of Object.entries(fill)) await form.locator(`[name="${name}"]`).fill(value);
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
    await page.waitForURL(new RegExp(`/operator/corrections/${regId}\\?lang=${lang}$`));
    return tidy(await page.locator('#status').textContent());
  } finally {
    await context.close();
  }
}

async function waitStatus(page, url, label) {
  return waitFor(async () => {
    await page.goto(url);
    return tidy(await page.locator('#correction-status').textContent()) === label;
  }, { what: `the request to be "${label}"` });
}

test('a wrong address reported with a file, accepted by the register\'s operator: the new value on My data and in a new procedure (en; axe, screenshots)', { timeout: 180000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'en' });
  try {
    const page = await context.newPage();
    await loginTo(page, person, '/my-data');
    const before = tidy(await row(page, 'address.street').locator('.govuk-summary-list__value').textContent());
    assert.ok(!before.includes('Under review'));
    await axeClean(page, 'My data');
    // The form: the register's value, read-only, and what it takes.
    await page.goto(`${site}/my-data`);
    await Promise.all([page.waitForURL(/corrections\/new/), row(page, 'address.street').locator('a', { hasText: 'Report an error' }).click()]);
    assert.equal(tidy(await page.locator('h1').textContent()), 'Report an error in your data');
    assert.ok(before.startsWith(tidy(await page.locator('#current-value').textContent()).split(' Version')[0]), 'the current value shown');
    assert.equal(await page.locator('#current-value input').count(), 0, 'read-only');
    assert.match(tidy(await page.locator('#evidence-hint').textContent()), /PDF, JPEG, PNG; 2 MB at most per file, 3 files at most/);
    await axeClean(page, 'the form');
    await screenshot(page, 'correction-form-en');
    // Errors first: an empty form, every fault named and linked.
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/my-data/corrections"] button[type="submit"]').click()]);
    assert.equal(tidy(await page.locator('.govuk-error-summary__title').textContent()), 'There is a problem');
    assert.ok(await page.locator('.govuk-error-summary a[href="#proposed"]').count() >= 1);
    assert.ok(await page.locator('.govuk-error-summary a[href="#explanation"]').count() >= 1);
    await axeClean(page, 'the form with errors');
    await screenshot(page, 'correction-form-errors-en');

    const url = await report(page, 'address.street', 'Rue des Jardins Fleuris', 'I moved in March; the lease shows the new address.');
    const status = tidy(await page.locator('#correction-status').textContent());
    assert.ok(['Waiting to be sent', 'With the register'].includes(status), status);
    assert.match(await page.locator('#receipt-signature').textContent(), /^[A-Za-z0-9_-]{86}$/);
    assert.equal(tidy(await page.locator('#correction-proposed').textContent()), 'Rue des Jardins Fleuris');
    assert.equal(await page.locator('a[download]', { hasText: 'lease.pdf' }).count(), 1);
    await waitStatus(page, url, 'With the register');
    await axeClean(page, 'the request');
    await screenshot(page, 'correction-request-en');
    // Under review on My data, and in a new procedure's provenance.
    await page.goto(`${site}/my-data`);
    const marked = tidy(await row(page, 'address.street').textContent());
    assert.match(marked, /Under review/);
    assert.match(marked, new RegExp(`You asked the register to correct this value on ${today()}`));
    assert.equal(await row(page, 'address.street').locator('a', { hasText: 'Report an error' }).count(), 0, 'one open request per value');
    await axeClean(page, 'My data under review');
    await screenshot(page, 'my-data-under-review-en');
    await page.goto(`${site}/procedures`);
    const draftUrl = await startProcedure(page, 'change-of-address');
    await page.goto(`${draftUrl}/steps/2`);
    assert.equal(await page.locator('#f-street').inputValue(), before.split(' as of')[0].trim(), 'the value is still prefilled');
    assert.match(tidy(await page.locator('#f-street-review').textContent()),
      new RegExp(`Under review You asked National register of natural persons to correct this value on ${today()}`));
    assert.ok((await page.locator('#f-street').getAttribute('aria-describedby')).split(' ').includes('f-street-source'));
    await axeClean(page, 'a procedure with a value under review');
    await screenshot(page, 'procedure-under-review-en');

    // The operator accepts on the register's page; the register's record changes at once.
    const regId = await registerId(url);
    assert.equal(await operatorDecides(regId, 'en', 'accept'), 'Accepted');
    const rec = JSON.parse(sql(regs.persons.db, `SELECT data, as_of FROM records WHERE key = '${person.national_id}'`, { json: true }))[0];
    assert.equal(JSON.parse(rec.data).address.street, 'Rue des Jardins Fleuris');
    assert.equal(rec.as_of, today());
    await waitStatus(page, url, 'Accepted');
    assert.match(tidy(await page.locator('#correction-outcome').textContent()),
      new RegExp(`The register now holds the value you proposed \\(version \\d+, as of ${today()}\\)`));
    const timeline = tidy(await page.locator('.gx-timeline').textContent());
    assert.match(timeline, /You asked for a correction.*The register received your request.*Accepted: the register corrected the value/);
    await screenshot(page, 'correction-accepted-en');
    // My data: the new value, its new date, no longer under review.
    await page.goto(`${site}/my-data`);
    const now = tidy(await row(page, 'address.street').textContent());
    assert.match(now, new RegExp(`Rue des Jardins Fleuris as of ${today()}`));
    assert.doesNotMatch(now, /Under review/);
    assert.match(now, new RegExp(`Corrected at your request on ${today()}`));
    await axeClean(page, 'My data after the correction');
    await screenshot(page, 'my-data-corrected-en');
    // A new procedure is prefilled with the new value, no longer under review.
    const second = await startProcedure(page, 'change-of-address');
    await page.goto(`${second}/steps/2`);
    assert.equal(await page.locator('#f-street').inputValue(), 'Rue des Jardins Fleuris');
    assert.equal(await page.locator('#f-street-review').count(), 0);
  } finally {
    await context.close();
  }
});

// Starts a procedure from its page (the Start form; the catalogue lists
// procedures, each linking to its page); returns the draft's URL.
async function startProcedure(page, id) {
  await page.goto(`${site}/procedures/${id}`);
  const form = page.locator(`form[action$="/procedures/${id}/start"]`);
  await Promise.all([page.waitForURL(/\/drafts\/\d+/), form.locator('button[type="submit"]').click()]);
  return page.url().replace(/\/steps\/\d+$/, '');
}

test('rejected with a reason, withdrawn, re-routed; the overview lists them (fr; axe, screenshots)', { timeout: 180000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'fr' });
  try {
    const page = await context.newPage();
    await loginTo(page, other, '/my-data');
    // Rejected with a reason.
    const rejected = await report(page, 'address.street', 'Rue Mauvaise', 'Mon bail le montre.');
    assert.equal(await operatorDecides(await registerId(rejected), 'fr', 'reject', { reason: 'Le bail joint ne porte pas cette adresse.' }),
      'Rejetée');
    await waitStatus(page, rejected, 'Rejetée');
    assert.equal(tidy(await page.locator('#correction-outcome').textContent()), 'Motif : Le bail joint ne porte pas cette adresse.');
    await axeClean(page, 'a rejected request');
    await screenshot(page, 'correction-rejected-fr');
    await page.goto(`${site}/my-data`);
    assert.match(tidy(await row(page, 'address.street').textContent()),
      /Votre demande de rectification de cette valeur a été rejetée : Le bail joint ne porte pas cette adresse\./);
    // Withdrawn by the person while open.
    const withdrawn = await report(page, 'address.street', 'Rue Retirée', 'Je me suis trompé.', { file: false });
    await page.goto(`${site}/my-data`);
    assert.match(tidy(await row(page, 'address.street').textContent()), /En cours de vérification/);
    await axeClean(page, 'Mes données (en cours de vérification)');
    await screenshot(page, 'my-data-under-review-fr');
    await page.goto(withdrawn);
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/withdraw"] button').click()]);
    assert.equal(tidy(await page.locator('#correction-status').textContent()), 'Retirée');
    assert.equal(await page.locator('form[action$="/withdraw"]').count(), 0);
    await page.goto(`${site}/my-data`);
    assert.doesNotMatch(tidy(await row(page, 'address.street').textContent()), /En cours de vérification/);
    // Re-routed to the register that holds it.
    const rerouted = await report(page, 'address.street', 'Rue Ailleurs', 'Cette adresse est celle de mon entreprise.', { file: false });
    assert.equal(await operatorDecides(await registerId(rerouted), 'fr', 'reroute', { to: 'companies' }), 'Réorientée');
    await waitStatus(page, rerouted, 'Détenue par un autre registre');
    assert.match(tidy(await page.locator('#correction-outcome').textContent()),
      /Ce registre ne détient pas cette donnée : Registre de commerce et des sociétés la détient\./);
    await axeClean(page, 'a re-routed request');
    await screenshot(page, 'correction-rerouted-fr');
    // The overview lists the three, with their statuses.
    await page.goto(`${site}/space`);
    await page.goto(page.url().replace(/\/spaces\/(\d+).*/, '/spaces/$1/overview'));
    const listed = tidy(await page.locator('.gx-corrections').textContent());
    for (const s of ['Rejetée', 'Retirée', 'Détenue par un autre registre']) assert.match(listed, new RegExp(s));
    await axeClean(page, 'the overview');
    await screenshot(page, 'overview-corrections-fr');
  } finally {
    await context.close();
  }
});
