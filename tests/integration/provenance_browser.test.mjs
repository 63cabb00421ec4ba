// Where a prefilled value came from, on the step page, in a real browser
// (axe-clean): a register's value names the register by its title and
// as-of date; a value the person declared says so, apart from the
// registers' (an inset), links to My data, and — when the field also names
// a register — says why the register's value is not shown: it holds none,
// the person said No to it, it could not be reached, or the procedure
// prefers the declared value. In en, fr, de, and lb (de's texts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile, sql, GUICHETCTL } from './lib/registers.mjs';
import { runSanitized, stopAll } from './lib/exit.mjs';
import { launchBrowser, withPage, setAcceptLanguage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';
import { submitProviderLogin } from './lib/login_browser.mjs';

const texts = (s) => ({ fr: s, de: s, en: s });
const FIXTURE = {
  id: 'provenance-fixture', version: 1, organisation: 'commune', themes: ['citizenship'],
  about: { who: texts('Anyone.'), needs: texts('Nothing.'), duration: texts('A day.'), cost: texts('Free.') },
  titles: { fr: 'Provenance', de: 'Herkunft', en: 'Provenance' }, help: texts('A test definition.'),
  statuses: { submitted: { to: ['completed', 'rejected'] }, completed: { final: true }, rejected: { final: true } },
  steps: [{ id: 'you', titles: { fr: 'Vous', de: 'Sie', en: 'You' }, fields: [
    { id: 'family_name', kind: 'text', labels: { fr: 'Nom', de: 'Name', en: 'Family name' },
      prefill: { source: 'persons', attribute: 'family_name' } },
    { id: 'phone', kind: 'phone', labels: { fr: 'Téléphone', de: 'Telefon', en: 'Phone' }, prefill: { self: 'phone' } },
    { id: 'employer', kind: 'text', labels: { fr: 'Employeur', de: 'Arbeitgeber', en: 'Employer' },
      prefill: { source: 'social_security', attribute: 'employer_name', self: 'employer_name' } },
    { id: 'employer_mine', kind: 'text', labels: { fr: 'Mon employeur', de: 'Mein Arbeitgeber', en: 'My employer' },
      prefill: { source: 'social_security', attribute: 'employer_name', self: 'employer_name' }, prefer: 'self' },
  ] }],
};
const DECLARED = { employer_name: 'Boulangerie Reuter S.à r.l.', phone: '+352 621 555 010' };

let pop, regs = {}, work, g, idp, site, browser;

before(async () => {
  pop = seed({ persons: 2000 });
  work = mkdtempSync(join(tmpdir(), 'guichet-provenance-'));
  const catalog = join(work, 'procedures');
  cpSync('procedures', catalog, { recursive: true });
  writeFileSync(join(catalog, `${FIXTURE.id}.json`), JSON.stringify(FIXTURE, null, 2));
  runSanitized(GUICHETCTL, ['procedures', 'check', catalog]);
  regs.persons = await startRegistryd('persons', pop.dir);
  regs.social_security = await startRegistryd('social_security', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  g = await startGuichetd({ env: {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key'),
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url, social_security: regs.social_security.url }),
    GUICHET_PATHS_PROCEDURES: catalog,
  } });
  browser = await launchBrowser();
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), idp, Object.values(regs), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg' }).format(new Date());
const tidy = (s) => (s == null ? '' : s.replace(/\s+/g, ' ').trim());

// People of the population whom the social security register knows an employer for, or not.
function someone(employed) {
  const keys = new Set(sql(regs.social_security.db, {
    sqlite: "SELECT key FROM records WHERE json_extract(data, '$.employer_name') IS NOT NULL",
    postgresql: "SELECT key FROM records WHERE data::json ->> 'employer_name' IS NOT NULL",
  }).split('\n'));
  const who = pop.population.find((p) => keys.has(p.national_id) === employed);
  assert.ok(who, employed ? 'someone employed' : 'someone without an employer');
  return who;
}

// Logs in in the browser; the API from the same context (its cookie), with the page's CSRF token.
async function loginAs(page, who) {
  await page.goto(`${site}/my-data`);
  await submitProviderLogin(page, { nationalId: who.national_id, site });
  const me = await (await page.request.get(`${site}/api/v1/me`)).json();
  const api = async (method, path, body) => {
    const res = await page.request.fetch(`${site}${path}`, { method, data: body,
      headers: { 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' } });
    return res;
  };
  for (const [attribute, value] of Object.entries(DECLARED))
    assert.equal((await api('PUT', `/api/v1/self-declared/${attribute}`, { value })).status(), 200, attribute);
  return { space: me.active_space.id, api };
}

// Opens the fixture and shows its step; returns what each field's provenance says.
async function openStep(page, s) {
  const res = await s.api('POST', `/api/v1/spaces/${s.space}/drafts`, { procedure: FIXTURE.id });
  assert.equal(res.status(), 201);
  const draft = await res.json();
  await page.goto(`${site}/spaces/${s.space}/drafts/${draft.id}/steps/1`);
  return draft;
}

// One field's provenance as the page shows it.
function provenance(page, id) {
  return page.evaluate((id) => {
    const tidy = (s) => (s == null ? '' : s.replace(/\s+/g, ' ').trim());
    const el = document.getElementById(`f-${id}-source`);
    if (!el) return null;
    const input = document.getElementById(`f-${id}`);
    const paragraphs = [...el.querySelectorAll('p')].map((p) => tidy(p.textContent));
    return {
      inset: el.classList.contains('govuk-inset-text'),
      text: tidy(el.textContent),
      first: paragraphs[0] ?? tidy(el.textContent),
      reason: paragraphs[1] ?? null,
      link: el.querySelector('a') ? { href: el.querySelector('a').getAttribute('href'), text: tidy(el.querySelector('a').textContent) } : null,
      describes: (input?.getAttribute('aria-describedby') || '').split(' ').includes(`f-${id}-source`),
    };
  }, id);
}

const WANT = {
  en: { register: /^Source: Social security, as of \d{4}-\d{2}-\d{2}$/, persons: /^Source: National register of natural persons, as of /,
    self: (d) => `You declared this in My data on ${d}.`, link: 'My data',
    not_preferred: 'Social security: has a value too, but this procedure prefers the one you declared.' },
  fr: { register: /^Source : Sécurité sociale, à la date du \d{4}-\d{2}-\d{2}$/, persons: /^Source : Registre national des personnes physiques, /,
    self: (d) => `Vous avez déclaré cette donnée le ${d} dans Mes données.`, link: 'Mes données',
    not_preferred: 'Sécurité sociale : a aussi une valeur, mais cette démarche préfère celle que vous avez déclarée.' },
  de: { register: /^Übernommen aus: Sozialversicherung, Stand \d{4}-\d{2}-\d{2}$/, persons: /^Übernommen aus: Nationales Register der natürlichen Personen, /,
    self: (d) => `Sie haben dies am ${d} unter Meine Daten selbst angegeben.`, link: 'Meine Daten',
    not_preferred: 'Sozialversicherung: hat ebenfalls einen Wert, aber dieses Verfahren bevorzugt Ihre eigene Angabe.' },
  lb: { register: /^Übernommen aus: Sozialversicherung, Stand /, persons: /^Übernommen aus: Nationales Register/,
    self: (d) => `Sie haben dies am ${d} unter Meng Donnéeën selbst angegeben.`, link: 'Meng Donnéeën',
    not_preferred: 'Sozialversicherung: hat ebenfalls einen Wert, aber dieses Verfahren bevorzugt Ihre eigene Angabe.' },
};

test('a register\'s value names the register; a declared one says the person declared it, links to My data, and why (en, fr, de, lb; axe)', { timeout: 120000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en' }, async (page, context) => {
    const s = await loginAs(page, someone(true));
    const draft = await openStep(page, s);
    assert.equal(draft.provenance.employer.source, 'social_security');
    assert.equal(draft.provenance.employer_mine.register.outcome, 'not_preferred');
    for (const lang of ['en', 'fr', 'de', 'lb']) {
      await setAcceptLanguage(context, lang);
      await page.reload();
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      const w = WANT[lang];
      // The register's value: the register's title, its date; no inset, no link.
      const employer = await provenance(page, 'employer');
      assert.match(employer.text, w.register, `${lang} employer`);
      assert.equal(employer.inset, false);
      assert.equal(employer.link, null);
      assert.ok(employer.describes, 'the input is described by its provenance');
      assert.match((await provenance(page, 'family_name')).text, w.persons);
      // Declared, and preferred by the procedure: the person's own, with the reason.
      const mine = await provenance(page, 'employer_mine');
      assert.equal(mine.inset, true, `${lang}: set apart from the registers'`);
      assert.equal(mine.first, w.self(today()));
      assert.deepEqual(mine.link, { href: '/my-data#self-declared', text: w.link });
      assert.equal(mine.reason, w.not_preferred);
      assert.ok(mine.describes);
      // Declared, no register named: no reason.
      const phone = await provenance(page, 'phone');
      assert.equal(phone.first, w.self(today()));
      assert.equal(phone.reason, null);
      const main = tidy(await page.locator('main').textContent());
      assert.doesNotMatch(main, /\bself\b/, `${lang}: no register called "self"`);
      const serious = seriousViolations(await runAxe(page));
      assert.equal(serious.length, 0, `${lang}: ${formatViolations(serious)}`);
      if (lang !== 'lb') await screenshot(page, `procedure-provenance-${lang}`);
    }
    // The link leads to the declared data.
    await page.locator('#f-employer_mine-source a').click();
    assert.equal(new URL(page.url()).pathname, '/my-data');
    assert.equal(new URL(page.url()).hash, '#self-declared');
  });
});

test('the register holds no value: the declared one, and the page says so', { timeout: 60000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en' }, async (page) => {
    const s = await loginAs(page, someone(false));
    const draft = await openStep(page, s);
    assert.equal(draft.provenance.employer.register.outcome, 'no_value');
    const employer = await provenance(page, 'employer');
    assert.equal(employer.inset, true);
    assert.equal(employer.first, WANT.en.self(today()));
    assert.equal(employer.reason, 'Social security: holds no value for you, so the value you declared is used.');
    assert.equal(await page.locator('#f-employer').inputValue(), DECLARED.employer_name);
  });
});

test('No to the register: the page says the person chose not to use it (en, de)', { timeout: 60000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en' }, async (page, context) => {
    const s = await loginAs(page, someone(true));
    assert.equal((await s.api('PUT', '/api/v1/my-data/choices', { register: 'social_security', allow: false })).status(), 200);
    await openStep(page, s);
    for (const id of ['employer', 'employer_mine'])
      assert.equal((await provenance(page, id)).reason,
        'Social security: you chose not to prefill your forms from it, so the value you declared is used.', id);
    await setAcceptLanguage(context, 'de');
    await page.reload();
    assert.equal((await provenance(page, 'employer')).reason,
      'Sozialversicherung: Sie haben entschieden, Ihre Formulare nicht aus dieser Quelle vorauszufüllen, daher wird Ihre eigene Angabe verwendet.');
    const serious = seriousViolations(await runAxe(page));
    assert.equal(serious.length, 0, formatViolations(serious));
    assert.equal((await s.api('PUT', '/api/v1/my-data/choices', { register: 'social_security', allow: true })).status(), 200);
  });
});

// Last: it stops the social security register.
test('the register is down: the page says it could not be reached (en, fr); the other register still fills its field', { timeout: 60000 }, async () => {
  await regs.social_security.stop();   // judged: exit 0, no sanitizer report
  await withPage(browser, { acceptLanguage: 'en' }, async (page, context) => {
    const s = await loginAs(page, someone(true));
    await openStep(page, s);
    assert.equal((await provenance(page, 'employer')).reason, 'Social security: could not be reached, so the value you declared is used.');
    assert.match((await provenance(page, 'family_name')).text, WANT.en.persons);
    await setAcceptLanguage(context, 'fr');
    await page.reload();
    assert.equal((await provenance(page, 'employer')).reason,
      'Sécurité sociale : source injoignable, la valeur que vous avez déclarée est donc utilisée.');
    const serious = seriousViolations(await runAxe(page));
    assert.equal(serious.length, 0, formatViolations(serious));
  });
  assert.ok(!g.log().includes(DECLARED.employer_name) && !g.log().includes(DECLARED.phone), 'no declared value in the log');
});
