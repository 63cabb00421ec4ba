// Finding a procedure, in a real browser, without logging in, in French,
// German and English: the catalogue's entry points (life events, themes,
// every procedure A–Z), a life event listing its procedures in the order a
// person does them, a theme, and a procedure's public page (what it is,
// who may use it, what is needed, how long, what it costs, and how to
// start). Every page axe-clean, with screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGuichetd } from './lib/guichetd.mjs';
import { stopAll } from './lib/exit.mjs';
import { launchBrowser, withPage, runAxe, seriousViolations, formatViolations, screenshot } from './lib/browser.mjs';

let g, browser, work;
const THEMES = JSON.parse(readFileSync('procedures/themes.json', 'utf8'));
const DEFINITIONS = readdirSync('procedures').filter((f) => f.endsWith('.json')
  && !['schema.json', 'organisations.json', 'themes.json'].includes(f))
  .map((f) => JSON.parse(readFileSync(join('procedures', f), 'utf8')));

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-catalogue-'));
  g = await startGuichetd({ env: { GUICHET_RECEIPTS_KEY_FILE: join(work, 'receipt.key') } });
  browser = await launchBrowser();
});

after(async () => {
  await stopAll(() => browser?.close(), g, () => g?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }));
});

async function axeClean(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `${what}:\n${formatViolations(serious)}`);
}

const text = (s) => s.replace(/\s+/g, ' ').trim();

for (const lang of ['fr', 'de', 'en']) {
  test(`the catalogue's entry points, a life event, a theme and a public page without logging in (${lang})`,
    { timeout: 90000 }, async () => {
      await withPage(browser, { acceptLanguage: lang }, async (page) => {
        const res = await page.goto(`${g.base}/procedures`);
        assert.equal(res.status(), 200);
        // Every life event and theme of themes.json is an entry point, titled in this language.
        const events = await page.locator('.gx-topic[id^="le-"] a').allTextContents();
        assert.deepEqual(events, THEMES.life_events.map((e) => e.titles[lang]));
        const themes = await page.locator('.gx-topic[id^="th-"] a').allTextContents();
        assert.deepEqual(themes, THEMES.themes.map((t) => t.titles[lang]));
        // Every procedure once, A–Z, linking to its public page.
        const ids = await page.locator('.gx-procedure').evaluateAll((els) => els.map((e) => e.id.slice(2)));
        assert.deepEqual([...ids].sort(), DEFINITIONS.map((d) => d.id).sort());
        const titles = await page.locator('.gx-procedure a').allTextContents();
        const folded = titles.map((t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase());
        assert.deepEqual(folded, [...folded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'A to Z, accents aside');
        await axeClean(page, 'catalogue');
        await screenshot(page, `catalogue-${lang}`);

        // A life event: its procedures in the order the definitions give, each with its organisation.
        const moving = THEMES.life_events.find((e) => e.id === 'moving');
        await Promise.all([page.waitForURL(`${g.base}/life-events/moving`),
          page.locator('#le-moving a').click()]);
        assert.equal(text(await page.locator('main h1').textContent()), moving.titles[lang]);
        const listed = await page.locator('ol.gx-procedure-list > li').evaluateAll((els) => els.map((e) => e.id.slice(2)));
        const want = DEFINITIONS.filter((d) => d.life_events?.moving)
          .sort((a, b) => a.life_events.moving - b.life_events.moving || (a.id < b.id ? -1 : 1)).map((d) => d.id);
        assert.deepEqual(listed, want);
        assert.ok(want.length >= 4, `${want.length} procedures when moving`);
        assert.equal(listed[0], 'change-of-address', 'declaring the move comes first');
        await axeClean(page, 'life event');
        await screenshot(page, `life-event-moving-${lang}`);

        // A theme: its procedures A–Z.
        await page.goto(`${g.base}/themes/family`);
        const family = await page.locator('.gx-procedure').evaluateAll((els) => els.map((e) => e.id.slice(2)));
        assert.deepEqual([...family].sort(), DEFINITIONS.filter((d) => d.themes?.includes('family')).map((d) => d.id).sort());
        await axeClean(page, 'theme');

        // The public page, from the life event's first item: what, who, what is needed, how long, what it costs.
        await page.goto(`${g.base}/life-events/moving`);
        await Promise.all([page.waitForURL(`${g.base}/procedures/change-of-address`),
          page.locator('#p-change-of-address a').click()]);
        const def = DEFINITIONS.find((d) => d.id === 'change-of-address');
        assert.equal(text(await page.locator('main h1').textContent()), def.titles[lang]);
        for (const part of ['who', 'needs', 'duration', 'cost'])
          assert.equal(text(await page.locator(`#about-${part} dd`).textContent()), def.about[part][lang], part);
        assert.ok(text(await page.locator('main').textContent()).includes(def.help[lang].slice(0, 40)));
        // Not logged in: a start button that goes through the login and back here.
        const start = page.locator('main a.govuk-button--start');
        assert.equal(await start.getAttribute('href'), '/login?next=/procedures/change-of-address');
        assert.equal(await page.locator('main form[action$="/start"]').count(), 0);
        await axeClean(page, 'public page');
        await screenshot(page, `procedure-about-${lang}`);
      });
    });
}

test('an unknown procedure, theme or life event is a 404 page; the public page needs no session', async () => {
  for (const path of ['/procedures/no-such-thing', '/themes/no-such-theme', '/life-events/no-such-event']) {
    const res = await fetch(`${g.base}${path}`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type'), /text\/html/);
  }
  for (const d of DEFINITIONS) {
    const res = await fetch(`${g.base}/procedures/${d.id}`, { headers: { 'accept-language': 'en' } });
    assert.equal(res.status, 200, d.id);
    const html = await res.text();
    assert.ok(html.includes('id="about-cost"'), `${d.id} says what it costs`);
  }
});

// The search, in the browser: a word of each language typed without its
// accent finds the procedure, best first, with its organisation; a typo
// too; the Luxembourgish word for child benefit in every language.
for (const [lang, typed, want] of [
  ['fr', 'certificat de residence', 'certificate-of-residence'],
  ['de', 'Fuhrerschein verlangern', 'driving-licence-renewal'],
  ['en', 'fiancee', 'marriage-banns'],
]) {
  test(`search finds a procedure from a word without its accent, and a typo (${lang})`, { timeout: 60000 }, async () => {
    await withPage(browser, { acceptLanguage: lang }, async (page) => {
      await page.goto(`${g.base}/procedures`);
      await page.locator('#q').fill(typed);
      await Promise.all([page.waitForURL(/\/procedures\?q=/), page.locator('.gx-search button').click()]);
      assert.equal(await page.locator('#q').inputValue(), typed, 'the words stay in the box');
      const ids = await page.locator('.gx-search__results > li').evaluateAll((els) => els.map((e) => e.id.slice(2)));
      assert.equal(ids[0], want, `${typed}: ${ids.join(', ')}`);
      const item = page.locator(`#p-${want}`);
      assert.ok(text(await item.locator('.gx-procedure__org').textContent()).length > 0, 'the organisation is shown');
      assert.match(await page.locator('.gx-search__count').textContent(), /\d|1/);
      await axeClean(page, 'search results');
      await screenshot(page, `search-${lang}`);
      // Kannergeld, in this language too.
      await page.goto(`${g.base}/procedures?q=Kannergeld`);
      const kids = await page.locator('.gx-search__results > li').evaluateAll((els) => els.map((e) => e.id.slice(2)));
      assert.equal(kids[0], 'child-benefit');
      // A typo in a short word, and nothing for nonsense.
      await page.goto(`${g.base}/procedures?q=${encodeURIComponent(lang === 'de' ? 'Hnud' : lang === 'fr' ? 'chein' : 'dgo')}`);
      const dogs = await page.locator('.gx-search__results > li').evaluateAll((els) => els.map((e) => e.id.slice(2)));
      assert.ok(dogs.includes('dog-registration'), dogs.join(', '));
      await page.goto(`${g.base}/procedures?q=zzyzx`);
      assert.equal(await page.locator('.gx-search__results > li').count(), 0);
      assert.ok(text(await page.locator('.gx-search__count').textContent()).length > 0);
    });
  });
}

test('the catalogue over the API: search, a theme, a life event in order, the themes; bad input is a 400', async () => {
  const get = async (path, lang = 'fr') => {
    const res = await fetch(`${g.base}${path}`, { headers: { 'accept-language': lang } });
    return { status: res.status, body: await res.json() };
  };
  let r = await get('/api/v1/procedures?q=r%C3%A9sidence');
  assert.equal(r.status, 200);
  assert.equal(r.body.lang, 'fr');
  assert.equal(r.body.procedures[0].id, 'certificate-of-residence');
  assert.equal(r.body.procedures[0].organisation_id, 'commune');
  assert.ok(r.body.procedures[0].themes.includes('citizenship'));
  assert.equal((await get('/api/v1/procedures?q=residence')).body.procedures[0].id, 'certificate-of-residence');
  r = await get('/api/v1/procedures?q=Kannergeld', 'en');
  assert.equal(r.body.procedures[0].id, 'child-benefit');
  assert.equal(r.body.procedures[0].title, 'Child benefit (family allowance)');
  r = await get('/api/v1/procedures?life_event=moving', 'en');
  assert.equal(r.body.procedures[0].id, 'change-of-address');
  const ranks = r.body.procedures.map((p) => p.life_events.moving);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  r = await get('/api/v1/procedures?theme=family', 'de');
  assert.ok(r.body.procedures.every((p) => p.themes.includes('family')));
  assert.equal(r.body.total, DEFINITIONS.filter((d) => d.themes.includes('family')).length);
  r = await get('/api/v1/procedures');
  assert.equal(r.body.total, DEFINITIONS.length);
  r = await get('/api/v1/themes', 'en');
  assert.deepEqual(r.body.life_events.map((e) => e.id), THEMES.life_events.map((e) => e.id));
  assert.equal(r.body.themes[0].title, THEMES.themes[0].titles.en);
  for (const [path, field] of [['/api/v1/procedures?theme=gardening', 'theme'], ['/api/v1/procedures?life_event=x', 'life_event'],
    [`/api/v1/procedures?q=${'a'.repeat(201)}`, 'q'], ['/api/v1/procedures?q=%ZZ', 'q'], ['/api/v1/procedures?q=dog&theme=family', 'q']]) {
    const bad = await get(path);
    assert.equal(bad.status, 400, path);
    assert.equal(bad.body.field, field, path);
  }
  const page = await fetch(`${g.base}/procedures?q=${'a'.repeat(201)}`, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 400);
});
