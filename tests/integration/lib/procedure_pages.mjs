// Every step page of every procedure in one language, in a real browser
// (procedure_pages_{fr,de,en}_browser.test.mjs, a file per language so that
// each stays within a file's time limit): no text printed twice (a hint
// repeating a hint, a help repeating the format hint under it), no field
// without a label, and on
// each procedure's first step saved empty, an error summary whose every
// item names the field it links to (GOV.UK: "Email address: Enter an
// email address …").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../../idp/testing.mjs';
import { startGuichetd } from './guichetd.mjs';
import { freePort } from './stack.mjs';
import { seed, startRegistryd, registersFile, REGISTER_NAMES } from './registers.mjs';
import { stopAll } from './exit.mjs';
import { launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot } from './browser.mjs';
import { submitProviderLogin } from './login_browser.mjs';

let pop, regs = {}, work, g, idp, site, browser, person;
// Those a person starts in their private space (a company's own, audience
// "professional", are started in its space: spaces_browser.test.mjs).
const PROCEDURES = readdirSync('procedures').filter((f) => f.endsWith('.json') && !['schema.json', 'organisations.json',
  'themes.json'].includes(f)).filter((f) => {
  const audience = JSON.parse(readFileSync(`procedures/${f}`, 'utf8')).audience;
  return audience === undefined || audience.includes('private');
}).map((f) => f.slice(0, -5));

// What the page says more than once, in the browser: within one form group
// (its label, hints, provenance, error), every text differs; across the
// page, every hint and paragraph differs, except the format hint and file
// limits each field of that kind has (GOV.UK: a hint per field, read with
// it), and those of a group's second and later items, which repeat the
// first item's by design.
function duplicatedTexts() {
  const text = (e) => e.textContent.replace(/\s+/g, ' ').trim();
  const out = [];
  for (const group of document.querySelectorAll('main .govuk-form-group')) {
    const seen = new Map();
    for (const e of group.querySelectorAll(':scope > label, :scope > .govuk-hint, :scope > p, :scope > fieldset > legend,'
      + ':scope > fieldset > .govuk-hint, :scope > fieldset > p, :scope > .gx-source, :scope > fieldset > .gx-source')) {
      const t = text(e);
      if (t.length < 4) continue;
      if (seen.has(t)) out.push(`twice in ${group.querySelector('[id]')?.id}: ${t}`);
      seen.set(t, true);
    }
  }
  const laterItem = (e) => {
    const item = e.closest('.gx-group__item');
    return item && item.parentElement.querySelector('.gx-group__item') !== item;
  };
  const seen = new Map();
  for (const e of document.querySelectorAll('main .govuk-hint, main p.govuk-body, main .govuk-body-l')) {
    if (laterItem(e) || /-(format|limits)$/.test(e.id)) continue;
    const t = text(e);
    if (t.length < 4) continue;
    if (seen.has(t)) out.push(`twice on the page: ${t}`);
    seen.set(t, true);
  }
  return out;
}

// Inputs and selects without a label, and radios or checkboxes outside a fieldset with a legend.
function unlabelled() {
  const out = [];
  for (const e of document.querySelectorAll('main input:not([type="hidden"]), main select, main textarea')) {
    if (e.getAttribute('aria-hidden') === 'true' && e.tabIndex < 0) continue; // the hidden default Continue button
    if (e.type === 'submit') continue;
    const labels = [...(e.labels || [])].map((l) => l.textContent.trim()).filter((t) => t.length > 0);
    if (labels.length === 0 && !e.getAttribute('aria-label')) out.push(`no label: ${e.id || e.name}`);
    if ((e.type === 'radio' || e.type === 'checkbox') && !e.closest('fieldset')?.querySelector('legend')?.textContent.trim())
      out.push(`no legend: ${e.id}`);
  }
  return out;
}

// Each error summary item names the field it links to: its label, legend
// (radios, an address) or heading (a group), with the item's legend for a
// group item's field.
function summaryNamesFields() {
  const out = [];
  const items = [...document.querySelectorAll('.govuk-error-summary a')];
  for (const a of items) {
    const id = decodeURIComponent(a.getAttribute('href').replace(/^.*#/, ''));
    const target = document.getElementById(id);
    if (!target) { out.push(`${a.textContent}: no element ${id}`); continue; }
    const group = target.closest('.govuk-form-group');
    const choice = target.type === 'radio' || target.type === 'checkbox';
    const name = (!choice && document.querySelector(`label[for="${CSS.escape(id)}"]`))
      || target.closest('fieldset')?.querySelector('legend') || group?.querySelector('h2, legend, label, .govuk-label');
    const label = (name?.textContent || '').replace(/\s*\((optional|facultatif|optional)\)\s*$/i, '').replace(/\s+/g, ' ').trim();
    const said = a.textContent.replace(/\s+/g, ' ').trim();
    const field = a.querySelector('.gx-error-summary__field')?.textContent.trim();
    if (!field) out.push(`does not name its field: ${said}`);
    else if (!field.endsWith(label.replace(/ \(.*\)$/, '')) && !label.startsWith(field) && !field.includes(label))
      out.push(`names "${field}" for the field labelled "${label}"`);
    const error = document.getElementById(`${id}-error`) || group?.querySelector('.govuk-error-message');
    if (error && !said.endsWith(error.textContent.replace(/^\s*(Error|Erreur|Fehler)\s*:\s*/, '').replace(/\s+/g, ' ').trim()))
      out.push(`summary "${said}" and message "${error.textContent.trim()}" differ`);
  }
  return { out, count: items.length };
}

export function procedurePagesTest(lang) {
  before(async () => {
    pop = seed({ persons: 2000 });
    work = mkdtempSync(join(tmpdir(), 'guichet-procedure-pages-'));
    for (const n of REGISTER_NAMES) regs[n] = await startRegistryd(n, pop.dir);
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
      IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
    g = await startGuichetd({ env: {
      GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
      GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
      GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
      GUICHET_SOURCES_REGISTERS: registersFile(work, Object.fromEntries(REGISTER_NAMES.map((n) => [n, regs[n].url]))),
    } });
    person = pop.population.find((p) => p.featured);
    browser = await launchBrowser();
  });

  after(async () => {
    await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, Object.values(regs), () => pop?.cleanup(),
      () => work && rmSync(work, { recursive: true, force: true }));
  });

  test(`every step of every procedure: no text twice, every field labelled, errors name their field (${lang})`,
    async () => {
      const context = await newContext(browser, { acceptLanguage: lang });
      const page = await context.newPage();
      try {
        await page.goto(`${site}/login?next=${encodeURIComponent('/my-data')}`);
        await submitProviderLogin(page, { nationalId: person.national_id, site });
        const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
        assert.ok(PROCEDURES.length >= 30, `${PROCEDURES.length} procedures`);
        const faults = [];
        let summaries = 0, steps = 0;
        const active = (await (await page.request.get(`${site}/api/v1/me`)).json()).active_space.id;
        for (const id of PROCEDURES) {
          const started = await page.request.post(`${site}/spaces/${active}/procedures/${id}/start`,
            { form: { csrf_token: csrf }, maxRedirects: 0, headers: { origin: site } });
          assert.equal(started.status(), 303, `${id}: ${await started.text()}`);
          const base = started.headers().location.replace(/\/steps\/1$/, '');
          for (let n = 1; n < 25; n++) {
            const res = await page.goto(`${site}${base}/steps/${n}`);
            if (res.status() === 404) break;
            assert.equal(res.status(), 200, `${id} step ${n}`);
            steps++;
            for (const f of await page.evaluate(duplicatedTexts)) faults.push(`${id} step ${n}: ${f}`);
            for (const f of await page.evaluate(unlabelled)) faults.push(`${id} step ${n}: ${f}`);
            if (n !== 1) continue;
            // Step 1 saved with its text answers emptied: the summary names each field.
            await page.locator('main form input.govuk-input').evaluateAll((els) => els.forEach((e) => { e.value = ''; }));
            const [post] = await Promise.all([
              page.waitForResponse((r) => r.request().method() === 'POST'),
              page.locator('main form button[name="save"]:not([aria-hidden])').click(),
            ]);
            await page.waitForLoadState('load');
            if (post.status() !== 422) continue;
            const { out, count } = await page.evaluate(summaryNamesFields);
            assert.ok(count > 0, `${id}: a 422 with an error summary`);
            summaries++;
            for (const f of out) faults.push(`${id} step 1 errors: ${f}`);
            if (id === 'change-of-address') {
              const serious = seriousViolations(await runAxe(page));
              assert.equal(serious.length, 0, formatViolations(serious));
              await screenshot(page, `procedure-errors-named-${lang}`);
            }
          }
        }
        assert.deepEqual(faults, []);
        assert.ok(steps >= PROCEDURES.length * 2, `${steps} step pages`);
        assert.ok(summaries >= 10, `${summaries} error summaries checked`);
      } finally {
        await context.close();
      }
    });
}
