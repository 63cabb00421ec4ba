// The back office end to end in a real browser, with the person and the
// organisation side by side (two browser contexts): the person submits a
// procedure declaring reuse and answers Yes; the Ministry of Housing's
// handler finds it in the inbox, takes it and asks for a file; the person
// sees "action needed" and answers with a PDF; the handler fetches the
// register data the person consented to (the person's timeline shows the
// use), decides with a PDF; the person reads the decision and withdraws the
// consent; the next fetch is refused and asks no register. The ministry's
// case system does the same over the organisation API (token from a
// guichetctl assertion): the fetch answers, then 403 once withdrawn. Every
// back-office page is checked with axe; screenshots in build/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, registerDatabase, sql, GUICHETCTL } from './lib/registers.mjs';
import { dbEnv } from './lib/store.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';

const ORG = 'mlogement';
const pdf = (text) => Buffer.from(`%PDF-1.7\n% ${text}\n`);

let pop, regs = {}, work, g, idp, site, browser, person, handler, admin, keys, client;
let personPage, agentPage, contexts = [];

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-bo-browser-'));
  const procedures = join(work, 'procedures');
  mkdirSync(procedures);
  for (const f of readdirSync('procedures')) if (f.endsWith('.json')) copyFileSync(join('procedures', f), join(procedures, f));
  copyFileSync('tests/fixtures/procedures/pages/housing-reuse.json', join(procedures, 'housing-reuse.json'));
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'), GUICHET_PATHS_PROCEDURES: procedures,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  } });
  person = pop.population.find((p) => p.featured);
  const others = pop.population.filter((p) => !p.featured && p.national_id !== person.national_id);
  [handler, admin] = [others[0], others[1]];
  const ctl = (args) => runSanitized(GUICHETCTL, ['org', 'agents', 'add', ...args], { env: dbEnv(g.db) });
  ctl([ORG, handler.national_id, '--role', 'handler']);
  ctl([ORG, admin.national_id, '--role', 'admin']);
  keys = clientKeys();
  client = orgClient({ g, site }, keys, ORG, 'submissions.read,submissions.write,registers.read');
  browser = await launchBrowser();
  const [pc, ac] = [await newContext(browser, { acceptLanguage: 'en' }), await newContext(browser, { acceptLanguage: 'en' })];
  contexts = [pc, ac];
  personPage = await pc.newPage();
  agentPage = await ac.newPage();
});

after(async () => {
  await stopAll(async () => { for (const c of contexts) await c.close(); }, () => browser?.close(), g, () => g?.cleanup(),
    idp, regs.persons, () => pop?.cleanup(), () => keys?.remove(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

async function login(page, who, next) {
  await page.goto(`${site}/login?next=${encodeURIComponent(next)}`);
  await submitProviderLogin(page, { nationalId: who.national_id, site });
  assert.equal(new URL(page.url()).pathname, next);
}

// Clicks and returns the status of the POST it sends.
async function post(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(site)),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

const registerRequests = () => Number(sql(registerDatabase(pop.dir, 'persons'), 'SELECT count(*) FROM access_log'));
const timelineText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
let receiptPath, casePath, submissionId;

test('the person submits with consent; the handler finds it, takes it and asks for a file', { timeout: 120000 }, async () => {
  await login(personPage, person, '/procedures');
  await personPage.goto(`${site}/procedures/housing-reuse`);
  assert.equal(await post(personPage, personPage.locator('main form[action$="/start"] button')), 303);
  const cont = () => personPage.locator('main form button[name="save"]:not([aria-hidden])');
  assert.equal(await post(personPage, cont()), 303);
  assert.equal(await post(personPage, cont()), 303);
  await personPage.locator('#f-reuse_consent').check();
  assert.equal(await post(personPage, personPage.locator('main form[action$="/submit-form"] button[type="submit"]')), 303);
  receiptPath = new URL(personPage.url()).pathname;
  submissionId = receiptPath.match(/\/submissions\/(\d+)$/)[1];
  const reference = (await personPage.locator('main').innerText()).match(/\d{4}-GX-\d{6}/)[0];

  await login(agentPage, handler, `/backoffice/orgs/${ORG}`);
  assert.match(await agentPage.locator('main').innerText(), new RegExp(reference));
  await screenshot(agentPage, 'backoffice-inbox');
  await axeClean(agentPage, 'inbox');
  await agentPage.locator(`main a:has-text("${reference}")`).click();
  casePath = new URL(agentPage.url()).pathname;
  assert.equal(casePath, `/backoffice/orgs/${ORG}/cases/${submissionId}`);
  assert.match(await agentPage.locator('main').innerText(), new RegExp(person.family_name));
  await screenshot(agentPage, 'backoffice-case');
  await axeClean(agentPage, 'case');

  assert.equal(await post(agentPage, agentPage.locator('#f-assignee button[type="submit"]').first()), 303);
  await agentPage.locator('#f-question-text').fill('Please send your lease.');
  await agentPage.locator('#f-files-select').selectOption('1');
  assert.equal(await post(agentPage, agentPage.locator('#f-question button[type="submit"]')), 303);
  assert.match(await timelineText(agentPage), /Please send your lease\./);
});

test('the person sees the action needed and answers with a PDF', { timeout: 60000 }, async () => {
  await personPage.goto(`${site}${receiptPath.replace(/\/submissions\/\d+$/, '/overview')}`);
  assert.match(await personPage.locator('main').innerText(), /Action needed/);
  await screenshot(personPage, 'backoffice-person-action-needed');
  await personPage.goto(`${site}${receiptPath}`);
  await personPage.locator('.govuk-notification-banner a').click();
  assert.match(await personPage.locator('main').innerText(), /Please send your lease\./);
  await screenshot(personPage, 'backoffice-person-answer');
  await axeClean(personPage, 'answer page');
  await personPage.locator('#answer-text').fill('Here is the lease.');
  await personPage.locator('#answer-file-1').setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: pdf('lease') });
  assert.equal(await post(personPage, personPage.locator('main form button[type="submit"]')), 303);
  assert.equal(new URL(personPage.url()).pathname, receiptPath);
  assert.match(await timelineText(personPage), /Here is the lease\./);
});

test('the handler fetches what the person consented to, the person sees the use; the decision with its PDF', { timeout: 60000 }, async () => {
  await agentPage.goto(`${site}${casePath}`);
  const answered = await agentPage.locator('main').innerText();
  assert.match(answered, /Here is the lease\./);
  assert.match(answered, /The applicant's answer/);
  assert.doesNotMatch(answered, /Your answer/);
  assert.match(answered, /Purpose\s+To check each year who lives in the home\./);
  const before = registerRequests();
  assert.equal(await post(agentPage, agentPage.locator(`form[action="${casePath}/register-data"] button`)), 200);
  assert.ok(registerRequests() > before, 'the register was asked');
  const fetched = await agentPage.locator('main').innerText();
  assert.match(fetched, /Data just fetched from the registers/);
  assert.match(fetched, /National register of natural persons/);
  assert.match(fetched, /Street\s+\S/);
  assert.doesNotMatch(fetched, /address\.street/, 'attributes by their titles');
  await screenshot(agentPage, 'backoffice-fetched');
  await axeClean(agentPage, 'case with fetched data');

  await personPage.goto(`${site}${receiptPath}`);
  assert.match(await timelineText(personPage), /Data fetched from the registers with your consent/);

  await agentPage.goto(`${site}${casePath}`);
  await agentPage.locator('#f-status-select').selectOption('in_processing');
  assert.equal(await post(agentPage, agentPage.locator('#f-status button[type="submit"]')), 303);
  await agentPage.locator('#f-status-select').selectOption('completed');
  await agentPage.locator('#f-decision-text').fill('Housing aid granted: 250 euros a month.');
  await agentPage.locator('#f-decision-file').setInputFiles({ name: 'decision.pdf', mimeType: 'application/pdf', buffer: pdf('decision') });
  assert.equal(await post(agentPage, agentPage.locator('#f-status button[type="submit"]')), 303);
  await screenshot(agentPage, 'backoffice-decided');

  await personPage.goto(`${site}${receiptPath}`);
  const text = await timelineText(personPage);
  assert.match(text, /Housing aid granted: 250 euros a month\./);
  assert.equal(await personPage.locator('#case-status').textContent(), 'Completed');
  assert.ok(!text.includes(handler.national_id) && !text.includes(handler.family_name), 'no agent named');
  await screenshot(personPage, 'backoffice-person-decision');
  await axeClean(personPage, 'receipt with the decision');
});

test('over the organisation API the fetch answers; the person withdraws; page and API are refused, no register asked', { timeout: 60000 }, async () => {
  let res = await client.api('POST', `/api/org/v1/submissions/${submissionId}/register-data`, { json: {} });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.registers[0].source, 'persons');
  assert.equal(body.registers[0].status, 'ok');
  assert.deepEqual(body.registers[0].values.map((v) => v.attribute).sort(),
    ['address.locality', 'address.postcode', 'address.street', 'children'].filter((a) => body.registers[0].values.some((v) => v.attribute === a)).sort());
  res = await client.api('POST', `/api/org/v1/submissions/${submissionId}/register-data`,
    { json: { registers: [{ source: 'persons', attributes: ['birth_date'] }] } });
  assert.equal(res.status, 400, 'an attribute the consent does not name');

  await personPage.goto(`${site}${receiptPath}`);
  assert.equal(await post(personPage, personPage.locator('#consent ~ form button, form[action$="/consent/revoke"] button').first()), 303);
  assert.match(await personPage.locator('main').innerText(), /You withdrew your consent/);
  await screenshot(personPage, 'backoffice-person-withdrawn');

  const asked = registerRequests();
  res = await client.api('POST', `/api/org/v1/submissions/${submissionId}/register-data`, { json: {} });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).code, 'consent_missing');
  await agentPage.goto(`${site}${casePath}`);
  assert.equal(await agentPage.locator(`form[action="${casePath}/register-data"]`).count(), 0, 'no fetch button once withdrawn');
  assert.equal(registerRequests(), asked, 'no register was asked');
  res = await client.api('GET', '/api/org/v1/events?wait=0');
  assert.ok((await res.json()).events.some((e) => e.kind === 'consent.revoked'));
});

test('the administrator\'s agents page', { timeout: 60000 }, async () => {
  const page = await contexts[1].newPage();
  await contexts[1].clearCookies();
  await login(page, admin, `/backoffice/orgs/${ORG}/agents`);
  assert.match(await page.locator('main').innerText(), new RegExp(handler.national_id));
  await screenshot(page, 'backoffice-agents');
  await axeClean(page, 'agents');
  await page.goto(`${site}/backoffice/orgs/${ORG}/clients`);
  assert.match(await page.locator('main').innerText(), new RegExp(client.client));
  await screenshot(page, 'backoffice-clients');
  await axeClean(page, 'case systems');
});

test('the back office in French and German, axe-clean', { timeout: 90000 }, async () => {
  for (const [lang, inbox, caseTitle] of [['fr', 'Démarches reçues', 'Dossier'], ['de', 'Eingegangene Verfahren', 'Vorgang']]) {
    const context = await newContext(browser, { acceptLanguage: lang });
    try {
      const page = await context.newPage();
      await login(page, handler, `/backoffice/orgs/${ORG}`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal((await page.locator('main h1').textContent()).trim(), inbox);
      await screenshot(page, `backoffice-inbox-${lang}`);
      await axeClean(page, `inbox in ${lang}`);
      await page.goto(`${site}${casePath}`);
      assert.match(await page.locator('main h1').textContent(), new RegExp(`^${caseTitle} `));
      await screenshot(page, `backoffice-case-${lang}`);
      await axeClean(page, `case in ${lang}`);
    } finally {
      await context.close();
    }
  }
});
