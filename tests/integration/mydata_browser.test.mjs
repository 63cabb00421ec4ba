// "My data" in a real browser: a person of the generated population logs in
// through the provider and sees what the six registers hold, axe-clean, in
// English and French; the Yes/No choice works without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql } from './lib/registers.mjs';
import { launchBrowser, withPage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';
import { stopAll } from './lib/exit.mjs';

const NAMES = ['persons', 'companies', 'vehicles', 'social_security', 'income_tax', 'driving_licences'];
let pop, regs = {}, work, g, idp, site, browser, person;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-mydata-'));
  for (const n of NAMES) regs[n] = await startRegistryd(n, pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POST_LOGOUT_REDIRECT_URIS: `${site}/`,
    IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI: `${site}/`,
    GUICHET_SOURCES_REGISTERS: registersFile(work, Object.fromEntries(NAMES.map((n) => [n, regs[n].url]))),
  } });
  // A manager: the companies register then has something to say too.
  const demo = (await import(join(pop.dir, 'demo-persons.json'), { with: { type: 'json' } })).default;
  person = demo.find((p) => p.profile === 'company manager') || demo[0];
  browser = await launchBrowser();
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, Object.values(regs), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

async function loginTo(page, path) {
  await page.goto(`${site}${path}`);
  await submitProviderLogin(page, { nationalId: person.national_id, site });
  assert.equal(new URL(page.url()).pathname, path);
}

for (const [lang, heading] of [['en', 'My data'], ['fr', 'Mes données']]) {
  test(`a person sees their data from all six registers (${lang}, axe, screenshot)`, { timeout: 60000 }, async () => {
    await withPage(browser, { acceptLanguage: lang }, async (page) => {
      await loginTo(page, '/my-data');
      assert.equal(await page.locator('h1').textContent({ timeout: 5000 }), heading);
      const sections = await page.locator('section.gx-register h2').allTextContents();
      assert.equal(sections.length, 6, sections.join(', '));
      const text = await page.locator('main').textContent();
      assert.ok(text.includes(person.family_name), 'the register\'s data is shown');
      assert.doesNotMatch(text, /could not be reached|n'a pas pu être joint/);
      const serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, formatViolations(serious));
      await screenshot(page, `my-data-${lang}`);
    });
  });
}

test('saying No to a register on the page, without JavaScript, stops it being asked', { timeout: 60000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en', javaScriptEnabled: false }, async (page) => {
    await loginTo(page, '/my-data');
    const before = sql(regs.vehicles.db, 'SELECT count(*) FROM access_log');
    const form = page.locator('section[aria-labelledby="register-vehicles"] form');
    await form.locator('input[value="no"]').check();
    await Promise.all([page.waitForURL(`${site}/my-data`), form.locator('button[type="submit"]').click()]);
    assert.match(await page.locator('section[aria-labelledby="register-vehicles"]').textContent(), /You said No/);
    assert.equal(sql(regs.vehicles.db, 'SELECT count(*) FROM access_log'), before, 'the vehicle register was not asked');
    await form.locator('input[value="yes"]').check();
    await Promise.all([page.waitForURL(`${site}/my-data`), form.locator('button[type="submit"]').click()]);
    assert.doesNotMatch(await page.locator('section[aria-labelledby="register-vehicles"]').textContent(), /You said No/);
  });
});

// Register values in words: every coded attribute of every register's
// description (registers/*.json: "codes", "member_codes") that My data
// shows for the person is written in the page's language with the
// description's words, never as the code the register stores.
function expectedWords(desc, attr, value, lang) {
  const a = desc.attributes[attr];
  const word = (list, code) => desc.codes[list]?.[code]?.[lang] ?? code;
  const one = (v) => {
    if (typeof v === 'string') return a.codes ? word(a.codes, v) : v;
    if (v && typeof v === 'object') return Object.entries(v).map(([m, x]) =>
      (a.member_codes?.[m] && typeof x === 'string') ? word(a.member_codes[m], x) : String(x)).join(', ');
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join('; ') : one(value);
}

for (const lang of ['fr', 'de', 'en']) {
  test(`My data shows every coded value in words, never the code (${lang})`, { timeout: 60000 }, async () => {
    await withPage(browser, { acceptLanguage: lang }, async (page) => {
      await loginTo(page, '/my-data');
      let checked = 0;
      const conf = JSON.parse(readFileSync('etc/registers.json', 'utf8')).registers;
      for (const n of NAMES) {
        const shownAs = Object.fromEntries(conf.find((r) => r.name === n).my_data.map((x) => [x.name, x.titles[lang]]));
        const desc = JSON.parse(readFileSync(`registers/${n}.json`, 'utf8'));
        const coded = Object.entries(desc.attributes).filter(([, a]) => a.codes || a.member_codes);
        if (coded.length === 0) continue;
        const text = sql(regs[n].db, `SELECT data FROM records WHERE key = '${person.national_id}'`);
        if (!text) continue;
        const data = JSON.parse(text);
        for (const [attr, a] of coded) {
          if (data[attr] === undefined || (Array.isArray(data[attr]) && data[attr].length === 0)) continue;
          const row = page.locator(`section[aria-labelledby="register-${n}"] .govuk-summary-list__row`,
            { has: page.locator('dt', { hasText: shownAs[attr] }) });
          assert.equal(await row.count(), 1, `${n} ${attr}: one row titled ${shownAs[attr]}`);
          const shown = (await row.locator('dd.govuk-summary-list__value').evaluate((dd) => dd.firstChild.textContent)).trim();
          const want = expectedWords(desc, attr, data[attr], lang);
          assert.equal(shown, want, `${n} ${attr} in ${lang}`);
          // No code left raw: each code the value holds is replaced by its words.
          const codes = [data[attr]].flat().flatMap((v) => typeof v === 'string' ? [v]
            : Object.entries(v).filter(([m]) => a.member_codes?.[m]).map(([, x]) => x));
          for (const code of codes) {
            const list = a.codes || Object.values(a.member_codes)[0];
            assert.ok(desc.codes[list][code], `${n} ${attr}: ${code} is described`);
            if (code.length > 2 && !desc.codes[list][code][lang].includes(code))
              assert.doesNotMatch(shown, new RegExp(`(^|[^\\w-])${code}([^\\w-]|$)`), `${n} ${attr}: raw ${code}`);
          }
          checked++;
        }
      }
      assert.ok(checked >= 4, `${checked} coded attributes checked`);
    });
  });
}
