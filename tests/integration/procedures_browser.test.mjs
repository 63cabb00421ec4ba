// The procedure pages in a real browser, end to end: a person of the
// generated population logs in, opens the catalogue, starts the certificate
// of residence, sees their name prefilled with its source, answers the
// second step, logs out, logs in again, resumes the draft from the overview,
// submits with one wrong answer (error summary, 422), corrects it, submits
// and gets the receipt, whose signature verifies with node's own Ed25519.
// Every page is checked with axe (no serious or critical violation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin, logoutToProvider, confirmProviderLogout } from './lib/login_browser.mjs';

let pop, regs = {}, work, g, idp, site, browser, person;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-procedures-browser-'));
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
  person = pop.population.find((p) => p.featured);
  browser = await launchBrowser();
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, regs.persons, () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

const trace = (...a) => { if (process.env.TRACE) console.error(new Date().toISOString(), ...a); };

async function axeClean(page, what) {
  trace('axe', what, page.url());
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

async function login(page, next) {
  await page.goto(`${site}/login?next=${encodeURIComponent(next)}`);
  await submitProviderLogin(page, { nationalId: person.national_id, site });
  assert.equal(new URL(page.url()).pathname, next);
}

// Submits a form by clicking button; returns the status of the page it lands on.
async function submit(page, button) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(site)),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return res.status();
}

test('catalogue → prefilled step → log out and back → overview → submit with an error → receipt (en, axe)',
  { timeout: 90000 }, async () => {
    const context = await newContext(browser, { acceptLanguage: 'en', javaScriptEnabled: true });
    const page = await context.newPage();
    try {
      // The catalogue lists every procedure A–Z, each linking to its public page, which starts it.
      await login(page, '/procedures');
      assert.equal(await page.locator('main h1').textContent(), 'Online procedures');
      const card = page.locator('#p-certificate-of-residence');
      assert.equal(await card.locator('a').textContent(), 'Certificate of residence');
      await axeClean(page, 'catalogue');
      // A company's procedure is not in a private space's list; its public
      // page has no Start button there, and says to change space.
      assert.equal(await page.locator('#p-vat-registration').count(), 0);
      await page.goto(`${site}/procedures/vat-registration`);
      assert.equal(await page.locator('main form[action$="/start"]').count(), 0);
      assert.match(await page.locator('main .govuk-inset-text').textContent(),
        /cannot be started in the space you act in now\. Change space/);
      assert.equal(await page.locator('main .govuk-inset-text a').getAttribute('href'), '/spaces');
      await page.goto(`${site}/procedures`);
      await Promise.all([page.waitForURL(`${site}/procedures/certificate-of-residence`), card.locator('a').click()]);
      assert.equal(await page.locator('main h1').textContent(), 'Certificate of residence');

      // Start: a prefilled draft, step 1, the name with its source.
      assert.equal(await submit(page, page.locator('main form[action$="/start"] button')), 303);
      const stepUrl = new URL(page.url());
      const m = stepUrl.pathname.match(/^\/spaces\/(\d+)\/drafts\/(\d+)\/steps\/1$/);
      assert.ok(m, `on step 1, got ${page.url()}`);
      const [, space, draft] = m;
      assert.equal(await page.locator('main h1').textContent(), 'About you');
      assert.equal(await page.locator('#f-family_name').inputValue(), person.family_name);
      assert.equal(await page.locator('#f-given_name').inputValue(), person.given_name);
      assert.equal(await page.locator('label[for="f-family_name"]').textContent(), 'Family name');
      const source = (await page.locator('#f-family_name-source').textContent()).trim();
      assert.match(source, /^Source: National register of natural persons, as of \d{4}-\d{2}-\d{2}$/);
      assert.match(await page.locator('#f-family_name').getAttribute('aria-describedby'), /f-family_name-source/);
      // An optional field says so; the postcode's help is its hint.
      assert.match(await page.locator('label[for="f-house_number"]').textContent(), /\(optional\)/);
      assert.equal((await page.locator('#f-postcode-hint').textContent()).trim(), 'In the form L-1234.');
      await axeClean(page, 'step 1');
      await screenshot(page, 'procedure-step-en');

      assert.equal(await submit(page, page.locator('main form button[type="submit"]')), 303);
      assert.equal(new URL(page.url()).pathname, `/spaces/${space}/drafts/${draft}/steps/2`);

      // Step 2: radios in fieldsets with legends; one wrong answer (9 copies, at most 5).
      assert.equal(await page.locator('fieldset:has(#f-certificate_type) legend').textContent(), 'Type of certificate');
      await page.locator('#f-certificate_type').check();
      await page.locator('label:has-text("English")').click();
      await page.locator('#f-copies').fill('9');
      // by post: the submission stays with the commune (to the letter box, the certificate
      // would be issued at once: certificates.test.mjs)
      await page.locator('label:has-text("By post to my address")').click();
      await axeClean(page, 'step 2');
      // Continue checks this step: the same step again (422), its error summary, and the answers saved as typed.
      assert.equal(await submit(page, page.locator('main form button[type="submit"]')), 422);
      assert.match(await page.title(), /^Error: /);
      const stepSummary = page.locator('.govuk-error-summary');
      assert.equal(await stepSummary.locator('h2').textContent(), 'There is a problem');
      assert.deepEqual(await stepSummary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#f-copies']);
      assert.match(await page.locator('#f-copies-error').textContent(), /at most 5/);
      assert.equal(await page.locator('#f-copies').inputValue(), '9');
      assert.equal(await page.locator('main h1').textContent(), 'The certificate');
      assert.equal(sql(g.db, { sqlite: `SELECT json_extract(data, '$.copies') FROM drafts WHERE id = ${draft}`,
        postgresql: `SELECT data::json ->> 'copies' FROM drafts WHERE id = ${draft}` }), '9');
      await axeClean(page, 'step 2 with its error');
      await screenshot(page, 'procedure-step-errors-en');

      // Log out, log in again: the draft is in the overview, and resumes where it was left.
      await logoutToProvider(page, { issuer: idp.issuer });
      await confirmProviderLogout(page, { issuer: idp.issuer, site });
      await login(page, '/procedures');
      await Promise.all([page.waitForURL(`${site}/spaces/${space}/overview`),
        page.locator('.gx-account a', { hasText: 'My procedures' }).click()]);
      assert.equal(await page.locator('main h1').textContent(), 'My procedures');
      const row = page.locator('tbody tr', { hasText: 'Certificate of residence' }).first();
      assert.match(await row.textContent(), /Draft/);
      await axeClean(page, 'overview');
      await Promise.all([page.waitForURL(`${site}/spaces/${space}/drafts/${draft}/steps/2`),
        row.locator('a', { hasText: 'Resume' }).click()]);
      assert.equal(await page.locator('#f-copies').inputValue(), '9');

      // The review: every answer, Change links; submitting shows every error at once.
      await page.goto(`${site}/spaces/${space}/drafts/${draft}/review`);
      const copiesRow = page.locator('.govuk-summary-list__row', { hasText: 'Number of copies' });
      assert.match(await copiesRow.locator('.govuk-summary-list__value').textContent(), /9/);
      assert.equal(await copiesRow.locator('a').getAttribute('href'), `/spaces/${space}/drafts/${draft}/steps/2#f-copies`);
      assert.equal(await submit(page, page.locator('main form[action$="/submit-form"] button')), 422);
      assert.match(await page.title(), /^Error: Check your answers/);
      const summary = page.locator('.govuk-error-summary');
      assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
      const links = summary.locator('a');
      assert.equal(await links.count(), 1);
      assert.equal(await links.first().getAttribute('href'), `/spaces/${space}/drafts/${draft}/steps/2?errors=1#f-copies`);
      assert.ok((await copiesRow.locator('.govuk-error-message').count()) === 1, 'the error beside its answer');
      assert.equal(sql(g.db, 'SELECT count(*) FROM submissions'), '0', 'nothing was submitted');
      await axeClean(page, 'review with errors');
      await screenshot(page, 'procedure-review-errors-en');

      // The error's link: the step, the error beside the field.
      await links.first().click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('.govuk-form-group--error #f-copies').count(), 1);
      assert.match(await page.locator('#f-copies-error').textContent(), /\S/);
      assert.match(await page.locator('#f-copies').getAttribute('aria-describedby'), /f-copies-error/);
      await page.locator('#f-copies').fill('2');
      assert.equal(await submit(page, page.locator('main form button[type="submit"]')), 303);
      assert.equal(new URL(page.url()).pathname, `/spaces/${space}/drafts/${draft}/review`);

      // Submit: the receipt.
      assert.equal(await submit(page, page.locator('main form[action$="/submit-form"] button')), 303);
      const receiptPath = new URL(page.url()).pathname;
      assert.match(receiptPath, new RegExp(`^/spaces/${space}/submissions/\\d+$`));
      const reference = (await page.locator('.gx-reference').textContent()).trim();
      assert.match(reference, /^\d{4}-GX-\d{6}$/);
      const main = await page.locator('main').textContent();
      for (const s of ['Certificate of residence', 'Submitted', person.family_name, 'Commune']) assert.ok(main.includes(s), s);
      await axeClean(page, 'receipt');
      await screenshot(page, 'receipt-en');

      // The receipt's signature verifies against the published key.
      const text = await page.locator('#receipt-text').textContent();
      const signature = (await page.locator('#receipt-signature').textContent()).trim();
      assert.equal(JSON.parse(text).reference, reference);
      const jwk = await (await fetch(`${site}/api/v1/receipts/key`)).json();
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      assert.equal(verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64url')), true);
      assert.equal(verify(null, Buffer.from(text.replace(reference, '2020-GX-000001')), key, Buffer.from(signature, 'base64url')), false);

      // The overview now lists it as submitted; the draft is gone.
      await page.goto(`${site}/spaces/${space}/overview?filter=active`);
      assert.match(await page.locator('tbody').textContent(), new RegExp(reference));
      await page.goto(`${site}/spaces/${space}/overview?filter=drafts`);
      assert.doesNotMatch(await page.locator('main').textContent(), /Resume/);
    } finally {
      await context.close();
    }
  });

// axe runs inside the page, so the German pass (JavaScript off, as some people browse) skips it.
test('pages in French and German; a draft can be deleted from the overview (German without JavaScript)', { timeout: 60000 }, async () => {
  for (const [lang, heading, start, js] of [['fr', 'Démarches en ligne', 'Commencer', true], ['de', 'Online-Verfahren', 'starten', false]]) {
    const context = await newContext(browser, { acceptLanguage: lang, javaScriptEnabled: js });
    const page = await context.newPage();
    try {
      await login(page, '/procedures');
      assert.equal(await page.locator('main h1').textContent(), heading);
      await page.goto(`${site}/procedures/dog-registration`);
      const button = page.locator('main form[action$="/start"] button');
      assert.match(await button.textContent(), new RegExp(start));
      assert.equal(await submit(page, button), 303);
      const m = new URL(page.url()).pathname.match(/^\/spaces\/(\d+)\/drafts\/(\d+)\/steps\/1$/);
      assert.ok(m, page.url());
      if (js) await axeClean(page, `dog registration step 1 (${lang})`);
      await page.goto(`${site}/spaces/${m[1]}/overview?filter=drafts`);
      if (js) await axeClean(page, `overview (${lang})`);
      const row = page.locator(`tbody tr:has(form[action="/spaces/${m[1]}/drafts/${m[2]}/delete"])`);
      assert.equal(await row.count(), 1);
      assert.equal(await submit(page, row.locator('form button')), 303);
      assert.equal(await page.locator(`form[action="/spaces/${m[1]}/drafts/${m[2]}/delete"]`).count(), 0);
      assert.equal(sql(g.db, `SELECT count(*) FROM drafts WHERE id = ${m[2]}`), '0');
    } finally {
      await context.close();
    }
  }
});

test('another person\'s draft is not found; anonymous visitors are sent to log in', async () => {
  const res = await fetch(`${site}/spaces/1/drafts/1/steps/1`, { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.ok([303, 401].includes(res.status), String(res.status));
  const cat = await fetch(`${site}/procedures`, { headers: { 'accept-language': 'en' } });
  assert.equal(cat.status, 200);
  const html = await cat.text();
  assert.match(html, /to start it, log in from its page/);
  assert.doesNotMatch(html, /action="[^"]*\/procedures\/[a-z-]+\/start"/, 'no Start form without a session');
  const about = await (await fetch(`${site}/procedures/dog-registration`, { headers: { 'accept-language': 'en' } })).text();
  assert.match(about, /href="\/login\?next=\/procedures\/dog-registration"[^>]*>Log in and start/);
  assert.doesNotMatch(about, /action="[^"]*\/procedures\/[a-z-]+\/start"/, 'no Start form on the public page without a session');
});

// Every step of every procedure renders; the richest forms (address,
// multichoice, amount, computed, yes/no, file, groups) are axe-clean, and a
// group's "Add another" adds an item without JavaScript.
test('every step of every procedure renders; rich field kinds are axe-clean; "Add another" works', { timeout: 180000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'en' });
  const page = await context.newPage();
  try {
    await login(page, '/procedures');
    const ids = await page.locator('.gx-procedure').evaluateAll((els) => els.map((e) => e.id.slice(2)));
    const actions = Object.fromEntries(await page.locator('.gx-procedure').evaluateAll((els) =>
      els.map((e) => [e.id.slice(2), e.querySelector('form').getAttribute('action')])));
    // A private space's: the companies' own (audience professional) are in their spaces.
    assert.ok(ids.length >= 28, `${ids.length} procedures`);
    const csrf = await page.locator('#p-dog-registration input[name="csrf_token"]').inputValue();
    const axeOn = new Set(['energy-renovation-subsidy', 'declaration-of-arrival']);
    for (const id of ids) {
      trace('procedure', id);
      // The Start form's request, from the page's own cookies: it opens the procedure in the active space.
      const action = actions[id];
      assert.match(action, /^\/spaces\/\d+\/procedures\/[a-z0-9-]+\/start$/);
      const started = await page.request.post(`${site}${action}`,
        { form: { csrf_token: csrf }, maxRedirects: 0, headers: { origin: site } });
      assert.equal(started.status(), 303, id);
      const base = started.headers().location.replace(/\/steps\/1$/, '');
      for (let n = 1; ; n++) {
        trace('step', n);
        const res = await page.goto(`${site}${base}/steps/${n}`);
        if (res.status() === 404) { assert.ok(n > 1, `${id} has a step 1`); break; }
        assert.equal(res.status(), 200, `${id} step ${n}`);
        const html = await page.content();
        assert.doesNotMatch(html, /\{\{|\}\}|undefined|\[object/, `${id} step ${n}`);
        // Every input has a label; every radio and checkbox sits in a fieldset with a legend.
        const unlabelled = await page.locator('main input:not([type="hidden"]), main select').evaluateAll((els) =>
          els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.id));
        assert.deepEqual(unlabelled, [], `${id} step ${n}`);
        const loose = await page.locator('main input[type="radio"], main input[type="checkbox"]').evaluateAll((els) =>
          els.filter((e) => !e.closest('fieldset')?.querySelector('legend')).map((e) => e.id));
        assert.deepEqual(loose, [], `${id} step ${n}`);
        if (axeOn.has(id)) await axeClean(page, `${id} step ${n}`);
      }
      const review = await page.goto(`${site}${base}/review`);
      assert.equal(review.status(), 200, `${id} review`);
      if (axeOn.has(id)) await axeClean(page, `${id} review`);
    }

    // "Add another" on the first step with a group.
    await page.goto(`${site}/procedures/declaration-of-arrival`);
    await submit(page, page.locator('main form[action$="/start"] button'));
    const base = new URL(page.url()).pathname.replace(/\/steps\/1$/, '');
    for (let n = 1; n < 10; n++) {
      const res = await page.goto(`${site}${base}/steps/${n}`);
      assert.equal(res.status(), 200, 'a step with a group');
      const add = page.locator('main button[name="add"]').first();
      if (await add.count() === 0) continue;
      const group = page.locator('.gx-group').first();
      const before = await group.locator('fieldset.gx-group__item').count();
      assert.equal(await submit(page, add), 303);
      assert.equal(new URL(page.url()).pathname, `${base}/steps/${n}`, 'back on the same step');
      assert.equal(await page.locator('.gx-group').first().locator('fieldset.gx-group__item').count(), before + 1);
      await axeClean(page, 'group with one more item');
      break;
    }
  } finally {
    await context.close();
  }
});
