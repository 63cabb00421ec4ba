// "Who accessed my data" in a real browser, in French, German and English:
// the person opens My data (every register read is an access record), then
// the page lists exactly those reads, newest first, each proven in the
// signed log; the filter form (no script on the site) works, and a filter it does not
// understand is named in an error summary (400, nothing read); the
// comparison with the registers' own logs marks each record's twin. Every
// page is checked with axe; screenshots in build/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { launchBrowser, withPage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { stopAll } from './lib/exit.mjs';

const NAMES = ['persons', 'vehicles'];
let pop, regs = {}, work, g, idp, site, browser, people;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-access-browser-'));
  for (const n of NAMES) regs[n] = await startRegistryd(n, pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_SOURCES_REGISTERS: registersFile(work, Object.fromEntries(NAMES.map((n) => [n, regs[n].url]))),
    GUICHET_TRANSLOG_CHECKPOINT_INTERVAL_MS: '100',
  } });
  // One person per language: each page shows only its person's reads.
  people = pop.population.filter((p) => p.featured).slice(0, 3);
  while (people.length < 3) people.push(pop.population[people.length + 10]);
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, Object.values(regs), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

const texts = {
  en: { h1: 'Who accessed my data', proven: 'Proven', platform: 'Guichet, for you', why: 'My data: you looked at it',
    twin: 'Also in the register\'s log', error: 'Enter the first day as a date', registers: 'Register of road vehicles' },
  fr: { h1: 'Qui a consulté mes données', proven: 'Prouvé', platform: 'Guichet, pour vous', why: 'Mes données\u202f: vous les avez consultées',
    twin: 'Aussi dans le journal du registre', error: 'Indiquez le premier jour sous forme de date', registers: 'Registre des véhicules routiers' },
  de: { h1: 'Wer meine Daten abgerufen hat', proven: 'Bewiesen', platform: 'Guichet, für Sie', why: 'Meine Daten: Sie haben sie angesehen',
    twin: 'Auch im Protokoll des Registers', error: 'Geben Sie den ersten Tag als Datum ein', registers: 'Fahrzeugregister' },
};

['en', 'fr', 'de'].forEach((lang, i) => {
  test(`the person sees exactly their reads, proven, filtered, compared with the registers (${lang}, axe, screenshots)`,
    { timeout: 120000 }, async () => {
      const t = texts[lang];
      await withPage(browser, { acceptLanguage: lang }, async (page) => {
        await page.goto(`${site}/my-data`);
        await submitProviderLogin(page, { nationalId: people[i].national_id, site });
        assert.equal(new URL(page.url()).pathname, '/my-data');
        // My data read both registers: two records, proven once a checkpoint covers them.
        const size = Number(sql(g.db, 'SELECT size FROM tlog_head'));
        for (let k = 0; k < 50 && Number(sql(g.db, 'SELECT coalesce(max(size), 0) FROM tlog_checkpoints')) < size; k++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        await page.locator('a[href="/access-log"]').first().click();
        assert.equal(new URL(page.url()).pathname, '/access-log');
        assert.equal((await page.locator('h1').textContent()).trim(), t.h1);
        const rows = page.locator('table.gx-access-table tbody tr');
        assert.equal(await rows.count(), 2);
        for (let r = 0; r < 2; r++) {
          const cells = await rows.nth(r).locator('td').allInnerTexts();
          assert.match(cells[1], new RegExp(t.platform));
          assert.match(cells[3], new RegExp(t.why));
          assert.match(cells[4], new RegExp(t.proven));
        }
        await axeClean(page, `access log (${lang})`);
        await screenshot(page, `access-log-${lang}`);

        // The filter form (a plain GET form: the site sends no script): only the vehicle register.
        await page.selectOption('#filter-register', 'vehicles');
        await Promise.all([page.waitForURL(/register=vehicles/), page.locator('form.gx-access-filters button[type="submit"]').click()]);
        assert.equal(await rows.count(), 1);
        assert.match((await rows.first().locator('td').nth(2).innerText()), new RegExp(t.registers));
        // A day that does not exist: named in the error summary, nothing read.
        const res = await page.goto(`${site}/access-log?from=2026-02-30`);
        assert.equal(res.status(), 400);
        assert.match(await page.locator('.govuk-error-summary').innerText(), new RegExp(t.error));
        assert.equal(await page.locator('.govuk-error-summary a').getAttribute('href'), '#filter-from');
        assert.equal(await rows.count(), 0);
        await axeClean(page, `access log with an error (${lang})`);
        if (lang === 'en') await screenshot(page, 'access-log-error-en');

        // The registers' own logs: each record's twin found.
        await page.goto(`${site}/access-log`);
        await Promise.all([page.waitForURL(/registers=1/), page.locator('a[href*="registers=1"]').click()]);
        const twins = await page.locator('.gx-twin-found').allInnerTexts();
        assert.deepEqual(twins.map((x) => x.trim()), [t.twin, t.twin]);
        await axeClean(page, `access log compared with the registers (${lang})`);
        await screenshot(page, `access-log-registers-${lang}`);
      });
    });
});
