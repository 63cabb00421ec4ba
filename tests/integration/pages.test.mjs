// The pages in a real browser (Debian's chromium through playwright-core):
// every page in every language with axe-core's WCAG 2.1 A/AA rules and a
// screenshot in build/screenshots/, the language switch, Accept-Language
// negotiation, keyboard-only navigation, the stylesheet, pages without
// JavaScript. Plain-HTTP checks of the same pages are in pages_http.test.mjs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGuichetd, rawRequest } from './lib/guichetd.mjs';
import { stopAll } from './lib/exit.mjs';
import {
  launchBrowser, newContext, withPage, runAxe, seriousViolations, formatViolations, screenshot,
} from './lib/browser.mjs';

const LANGS = ['fr', 'de', 'en', 'lb'];
const LANG_NAMES = { fr: 'Français', de: 'Deutsch', en: 'English', lb: 'Lëtzebuergesch' };
const PAGES = [
  { name: 'start', path: '/', status: 200 },
  { name: 'accessibility', path: '/accessibility', status: 200 },
  { name: 'privacy', path: '/privacy', status: 200 },
  { name: 'not-found', path: '/no/such/page', status: 404 },
];
const CSS_PATH = /^\/static\/guichet\.[0-9a-f]+\.css$/;

let g;
let browser;
before(async () => {
  [g, browser] = await Promise.all([startGuichetd(), launchBrowser()]);
});
after(async () => { await stopAll(() => browser?.close(), g, () => g?.cleanup()); });

// What the tests look at on a loaded page, gathered in one evaluate.
function inspect(page) {
  return page.evaluate(() => {
    const clean = (s) => (s == null ? null : s.replace(/\s+/g, ' ').trim());
    const all = Array.from(document.querySelectorAll('*'));
    const main = document.querySelector('main, [role=main]');
    const footer = document.querySelector('footer, [role=contentinfo]');
    const before = (el, other) => !!other && !!(el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING);
    const link = (a) => {
      const u = new URL(a.getAttribute('href') || '', location.href);
      return {
        text: clean(a.textContent), path: u.pathname, origin: u.origin, next: u.searchParams.get('next'),
        lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang'),
        inMain: !!main && main.contains(a), inFooter: !!footer && footer.contains(a), beforeMain: before(a, main),
      };
    };
    const langLinks = Array.from(document.querySelectorAll('a[href]'))
      .map(link).filter((l) => /^\/language\/[a-z]+$/.test(l.path));
    const header = Array.from(document.querySelectorAll('header'))
      .find((h) => !h.closest('article, aside, main, nav, section')) || document.querySelector('[role=banner]');
    const focusable = all.find((el) => el.matches('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'));
    const skip = focusable && focusable.matches('a[href^="#"]') ? focusable : null;
    const skipTarget = skip ? document.getElementById(decodeURIComponent(skip.getAttribute('href').slice(1))) : null;
    const attrs = all.flatMap((el) => Array.from(el.attributes).map((a) => a.value)).join('\n');
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: clean(document.title),
      h1s: Array.from(document.querySelectorAll('h1')).map((h) => clean(h.textContent)),
      h1InMain: !!main && Array.from(document.querySelectorAll('h1')).every((h) => main.contains(h)),
      hasMain: !!main,
      text: document.body.innerText,
      attrs,
      html: document.documentElement.outerHTML,
      headerText: header ? clean(header.textContent) : null,
      langLinks,
      skip: skip ? { href: skip.getAttribute('href'), text: clean(skip.textContent) } : null,
      skipTargetIsMain: !!skipTarget && !!main && (skipTarget === main || main.contains(skipTarget) || skipTarget.contains(main)),
      footerLinks: footer ? Array.from(footer.querySelectorAll('a[href]')).map(link) : null,
      stylesheets: Array.from(document.querySelectorAll('link[rel~=stylesheet]')).map((l) => l.getAttribute('href')),
    };
  });
}

// Records sub-resources that fail to load (the document itself may be a 404).
function watchFailures(page) {
  const failures = [];
  page.on('response', (r) => {
    if (r.request().isNavigationRequest()) return;
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/favicon.ico')) failures.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failures.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  return failures;
}

const h1s = {};           // h1s[page][lang], filled by the first group

// Two at a time: axe dominates the run time and the test machines have few cores.
describe('every page in every language: structure, axe (WCAG 2.1 A/AA), screenshot', { concurrency: 2 }, () => {
  for (const p of PAGES) {
    h1s[p.name] = {};
    for (const lang of LANGS) {
      test(`${p.path} in ${lang}`, { timeout: 30000 }, async () => {
        await withPage(browser, { acceptLanguage: lang }, async (page) => {
          const failures = watchFailures(page);
          const res = await page.goto(g.base + p.path);
          assert.equal(res.status(), p.status, `status of ${p.path}`);
          assert.match(res.headers()['content-type'] || '', /^text\/html/, `content-type of ${p.path}`);
          const info = await inspect(page);
          // Screenshot first: it helps most when something below fails.
          await screenshot(page, `${p.name}-${lang}`);

          assert.equal(info.lang, lang, '<html lang>');
          assert.ok(info.title, '<title> is empty');
          assert.equal(info.h1s.length, 1, `exactly one h1, got ${JSON.stringify(info.h1s)}`);
          assert.ok(info.h1s[0], 'the h1 is empty');
          assert.ok(info.hasMain && info.h1InMain, 'the h1 is inside <main>');
          h1s[p.name][lang] = info.h1s[0];
          assert.doesNotMatch(info.html, /\{\{|\}\}/, 'unrendered Mustache tag');
          assert.doesNotMatch(info.text, /\bundefined\b|\[object Object\]/, 'placeholder text in the page');
          assert.doesNotMatch(info.attrs, /\bundefined\b|\[object Object\]/, 'placeholder text in an attribute');

          // Header: the platform's name; the language switch before <main>.
          assert.ok(info.headerText, 'no <header>');
          assert.match(info.headerText, /Guichet/, 'the header names the platform');
          for (const other of LANGS.filter((l) => l !== lang)) {
            const l = info.langLinks.find((x) => x.path === `/language/${other}`);
            assert.ok(l, `language switch link to ${other}; found ${JSON.stringify(info.langLinks.map((x) => x.path))}`);
            assert.equal(l.origin, g.base, 'language link is on this site');
            assert.equal(l.next, p.path, `the ${other} link's next= is the current path`);
            assert.ok(l.text.includes(LANG_NAMES[other]), `the ${other} link reads "${LANG_NAMES[other]}", got "${l.text}"`);
            assert.ok(l.beforeMain && !l.inMain && !l.inFooter, `the ${other} link is in the page header, before <main>`);
            // WCAG 3.1.2: "Deutsch" on a French page is German text.
            assert.equal(l.lang, other, `the ${other} link has lang="${other}"`);
            assert.equal(l.hreflang, other, `the ${other} link has hreflang="${other}"`);
          }

          // Skip link: the first focusable element, pointing into <main>.
          assert.ok(info.skip, 'the first focusable element is a skip link (a[href^="#"])');
          assert.ok(info.skip.text, 'the skip link has text');
          assert.ok(info.skipTargetIsMain, `the skip link ${info.skip.href} targets <main>`);

          // Footer: the accessibility statement and the privacy notice.
          assert.ok(info.footerLinks, 'no <footer>');
          for (const target of ['/accessibility', '/privacy']) {
            const l = info.footerLinks.find((x) => x.path === target && x.origin === g.base);
            assert.ok(l && l.text, `footer link to ${target}`);
          }

          const axe = await runAxe(page);
          const bad = seriousViolations(axe);
          assert.equal(bad.length, 0, `axe: serious/critical violations on ${p.path} (${lang}):\n${formatViolations(bad)}`);

          assert.deepEqual(failures, [], 'sub-resources that failed to load');
        });
      });
    }
  }
});

test('the h1 is translated (fr, de, en, lb differ where the words do)', () => {
  for (const p of PAGES) {
    const h = h1s[p.name];
    assert.ok(h.fr && h.de && h.en && h.lb, `${p.path}: h1 missing in a language: ${JSON.stringify(h)}`);
    assert.notEqual(h.fr, h.en, `${p.path}: fr vs en`);
    assert.notEqual(h.de, h.en, `${p.path}: de vs en`);
    assert.notEqual(h.fr, h.de, `${p.path}: fr vs de`);
    assert.notEqual(h.lb, h.en, `${p.path}: lb vs en`);
    assert.notEqual(h.lb, h.fr, `${p.path}: lb vs fr`);
  }
});

// The language's h1 of a path, as a fresh browser sees it.
async function h1Of(path, lang) {
  if (h1s[pageName(path)]?.[lang]) return h1s[pageName(path)][lang];
  return withPage(browser, { acceptLanguage: lang }, async (page) => {
    await page.goto(g.base + path);
    return (await inspect(page)).h1s[0];
  });
}
function pageName(path) { return PAGES.find((p) => p.path === path)?.name; }

// The header's link to a language (the switch, not a link in the content).
function languageLink(page, lang) {
  return page.locator(`a[href^="/language/${lang}?"]`).filter({ hasText: LANG_NAMES[lang] }).first();
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

// Clicks a language link; returns the response that ends the navigation (its
// request's redirectedFrom() is the /language/… request).
async function switchLanguage(page, lang) {
  const [res] = await Promise.all([
    page.waitForNavigation(),
    languageLink(page, lang).click(),
  ]);
  assert.equal(res.status(), 200, `the switch to ${lang} ends on a page: ${res.status()} from ${res.url()}`);
  return res;
}

// A raw request with exactly these headers (no Accept-Language unless given).
async function rawLang(path, headers) {
  const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${g.port}`, 'Accept: text/html', 'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  const r = await rawRequest(g.port, `${lines.join('\r\n')}\r\n\r\n`);
  const m = r.body.match(/<html[^>]*\slang="([^"]*)"/);
  return { status: r.status, lang: m ? m[1] : null };
}

test('language switch: Deutsch from English, stays German, back to French', { timeout: 20000 }, async () => {
  const path = '/accessibility';
  const deH1 = await h1Of(path, 'de');
  const frH1 = await h1Of(path, 'fr');
  await withPage(browser, { acceptLanguage: 'en' }, async (page, context) => {
    await page.goto(g.base + path);
    assert.equal(await htmlLang(page), 'en');

    const res = await switchLanguage(page, 'de');
    const redirected = res.request().redirectedFrom();
    assert.ok(redirected, 'the switch answered with a redirect');
    assert.equal(new URL(redirected.url()).pathname, '/language/de');
    assert.equal((await redirected.response()).status(), 303);
    assert.equal(new URL(page.url()).pathname, path, 'back on the same path');
    assert.equal(await htmlLang(page), 'de');
    assert.equal((await inspect(page)).h1s[0], deH1, 'the German h1');
    const cookie = (await context.cookies(g.base)).find((c) => c.name === 'lang');
    assert.ok(cookie, 'a lang cookie is set');
    assert.equal(cookie.value, 'de');
    assert.equal(cookie.path, '/', 'the cookie applies to every page');

    // A new page load: the cookie wins over the browser's English.
    const other = await context.newPage();
    await other.goto(g.base + '/');
    assert.equal(await htmlLang(other), 'de', 'new page in the same browser stays German');
    await other.close();
    // ... and without any Accept-Language at all.
    assert.deepEqual(await rawLang('/', { Cookie: 'lang=de' }), { status: 200, lang: 'de' });

    await switchLanguage(page, 'fr');
    assert.equal(new URL(page.url()).pathname, path);
    assert.equal(await htmlLang(page), 'fr');
    assert.equal((await inspect(page)).h1s[0], frH1, 'the French h1');
    assert.equal((await context.cookies(g.base)).find((c) => c.name === 'lang')?.value, 'fr');
  });
});

test('Accept-Language negotiation (quality values, prefixes, fallback to fr)', { timeout: 20000 }, async () => {
  const cases = [
    ['de-LU,de;q=0.9,en;q=0.5', 'de'],
    ['lb', 'lb'],
    ['lb-LU', 'lb'],
    ['es', 'fr'],
    ['en', 'en'],
    ['fr-LU', 'fr'],
    ['EN-gb', 'en'],
    ['en;q=0.5, de;q=0.8', 'de'],
    ['fr;q=0.1, lb;q=0.7, en;q=0.6', 'lb'],
    ['es, it;q=0.9, en;q=0.2', 'en'],
    ['es;q=1, de;q=0.001', 'de'],
    ['de;q=0, en', 'en'],
    ['en-US,en;q=0.9', 'en'],
  ];
  const got = [];
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    for (const [al] of cases) {
      await page.setExtraHTTPHeaders({ 'Accept-Language': al });
      const res = await page.goto(g.base + '/');
      assert.equal(res.status(), 200);
      got.push([al, await htmlLang(page)]);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(got, cases);
  // No Accept-Language at all (a browser always sends one): French.
  assert.deepEqual(await rawLang('/', {}), { status: 200, lang: 'fr' });
  // The 404 page negotiates too.
  assert.deepEqual(await rawLang('/no/such/page', { 'Accept-Language': 'de-LU,de;q=0.9' }), { status: 404, lang: 'de' });
});

// Remembers every focusable element's computed look while nothing has focus,
// so that a focused element can be compared with itself (run in the page).
function recordUnfocused() {
  const pick = (s) => ({
    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
    boxShadow: s.boxShadow, backgroundColor: s.backgroundColor, color: s.color,
    textDecoration: `${s.textDecorationLine} ${s.textDecorationThickness} ${s.textDecorationColor}`,
    border: `${s.borderTopWidth} ${s.borderTopColor} ${s.borderBottomWidth} ${s.borderBottomColor}`,
  });
  window.__gxPick = pick;
  window.__gxBlur = new Map();
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
    window.__gxBlur.set(el, pick(getComputedStyle(el)));
  }
}

// The focused element: where it is, and whether its look changed visibly
// from recordUnfocused's (run in the page).
function focusedInfo() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const main = document.querySelector('main, [role=main]');
  const footer = document.querySelector('footer, [role=contentinfo]');
  const now = window.__gxPick(getComputedStyle(el));
  const was = window.__gxBlur.get(el) || {};
  const alpha = (c) => { const m = c.match(/rgba?\(([^)]*)\)/); if (!m) return 1; const p = m[1].split(/[ ,/]+/).filter(Boolean); return p.length > 3 ? Number(p[3]) : 1; };
  const changed = Object.keys(now).filter((k) => now[k] !== was[k]);
  const outlineVisible = now.outlineStyle !== 'none' && parseFloat(now.outlineWidth) > 0 && alpha(now.outlineColor) > 0;
  const visibleChange = changed.some((k) => {
    if (k.startsWith('outline')) return outlineVisible;
    if (k === 'boxShadow') return now.boxShadow !== 'none';
    return true;
  });
  const r = el.getBoundingClientRect();
  const href = el.getAttribute('href');
  return {
    tag: el.tagName.toLowerCase(),
    href,
    path: href && !href.startsWith('#') ? new URL(href, location.href).pathname : href,
    text: el.textContent.replace(/\s+/g, ' ').trim(),
    order: Array.prototype.indexOf.call(document.getElementsByTagName('*'), el),
    region: main && main.contains(el) ? 'main' : footer && footer.contains(el) ? 'footer'
      : main && (el.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'top' : 'other',
    isMain: el === main,
    onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0,
    indicator: visibleChange || (outlineVisible && now.outlineStyle === 'auto'),
    changed,
  };
}

test('keyboard only: the skip link comes first, shows itself and moves focus to the main content', { timeout: 20000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en' }, async (page) => {
    await page.goto(g.base + '/');
    // Each focusable element's look before anything has focus.
    await page.evaluate(recordUnfocused);
    const focused = () => page.evaluate(focusedInfo);

    // 1. The first Tab lands on the skip link, which shows itself.
    await page.keyboard.press('Tab');
    const skip = await focused();
    assert.ok(skip, 'Tab focused nothing');
    assert.ok(skip.href && skip.href.startsWith('#'), `first Tab focuses the skip link, got ${JSON.stringify(skip)}`);
    const box = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { w: r.width, h: r.height, top: r.top, left: r.left, hit: !!hit && document.activeElement.contains(hit) };
    });
    assert.ok(box.w > 1 && box.h > 1 && box.top >= 0 && box.left >= 0 && box.hit,
      `the focused skip link is visible on screen: ${JSON.stringify(box)}`);
    assert.ok(skip.indicator, `the skip link shows focus (changed: ${skip.changed})`);

    // 2. Enter moves focus to the main content; the next Tab stays in it.
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, skip.href);
    const afterSkip = await page.evaluate(() => {
      const main = document.querySelector('main, [role=main]');
      const el = document.activeElement;
      return { inMain: !!main && !!el && main.contains(el), active: el ? `${el.tagName.toLowerCase()}#${el.id}` : null };
    });
    assert.ok(afterSkip.inMain, `after Enter on the skip link, focus is on the main content (activeElement: ${afterSkip.active}; ` +
      'without JavaScript <main> needs tabindex="-1" to take focus)');
    await page.keyboard.press('Tab');
    // The next Tab goes on from the main content, not back to the header.
    const next = await focused();
    assert.ok(next && (next.region === 'main' || next.region === 'footer'),
      `the Tab after the skip link goes on from <main>, got ${JSON.stringify(next)}`);
  });
});

test('keyboard only: Tab order (header, content, footer) and a visible focus on every stop', { timeout: 20000 }, async () => {
  await withPage(browser, { acceptLanguage: 'en' }, async (page) => {
    await page.goto(g.base + '/');
    await page.evaluate(recordUnfocused);
    const focused = () => page.evaluate(focusedInfo);
    const seq = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (!f || (seq.length && f.order === seq[0].order)) break;   // left the page or wrapped
      seq.push(f);
    }
    const show = seq.map((f) => `${f.region}:${f.tag}${f.path ? `(${f.path})` : ''}"${f.text.slice(0, 30)}"`).join('\n  ');
    assert.ok(seq.length >= 6, `too few focusable elements:\n  ${show}`);
    assert.ok(seq[0].href?.startsWith('#'), `the skip link comes first:\n  ${show}`);
    const at = (pred) => seq.findIndex(pred);
    for (const l of ['fr', 'de', 'lb']) {
      const i = at((f) => f.path === `/language/${l}`);
      assert.ok(i > 0, `Tab reaches the ${l} language link:\n  ${show}`);
      assert.equal(seq[i].region, 'top', `the ${l} link is in the page header`);
    }
    for (const p of ['/accessibility', '/privacy']) {
      const i = at((f) => f.path === p && f.region === 'footer');
      assert.ok(i > 0, `Tab reaches the footer link to ${p}:\n  ${show}`);
    }
    // Sensible order: document order (no positive tabindex), so header, then
    // main, then footer.
    for (let i = 1; i < seq.length; i++) {
      assert.ok(seq[i].order > seq[i - 1].order, `focus order follows the document:\n  ${show}`);
    }
    const rank = { top: 0, main: 1, other: 1, footer: 2 };
    for (let i = 1; i < seq.length; i++) {
      assert.ok(rank[seq[i].region] >= rank[seq[i - 1].region], `header, then main, then footer:\n  ${show}`);
    }
    const hidden = seq.filter((f) => !f.onScreen);
    assert.deepEqual(hidden.map((f) => f.text), [], 'focused elements that are not visible');
    const noIndicator = seq.filter((f) => !f.indicator);
    assert.deepEqual(noIndicator.map((f) => `${f.tag} "${f.text}"`), [], 'focused elements without a visible focus indicator');
  });
});

test('the hashed stylesheet: immutable caching, and the page uses it', { timeout: 20000 }, async () => {
  await withPage(browser, { acceptLanguage: 'fr' }, async (page) => {
    await page.goto(g.base + '/');
    const info = await inspect(page);
    const sheets = info.stylesheets.map((h) => new URL(h, g.base)).filter((u) => u.origin === g.base && CSS_PATH.test(u.pathname));
    assert.equal(sheets.length, 1, `one /static/guichet.<hash>.css stylesheet, got ${JSON.stringify(info.stylesheets)}`);
    const res = await page.request.get(sheets[0].href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] || '', /^text\/css/);
    const cc = res.headers()['cache-control'] || '';
    assert.match(cc, /\bimmutable\b/, `cache-control: ${cc}`);
    assert.match(cc, /\bmax-age=31536000\b/, `cache-control: ${cc}`);

    // GOV.UK Frontend styles its classes, not <body>'s font: look at the h1
    // and a paragraph of the content.
    const applied = await page.evaluate((href) => {
      const sheet = Array.from(document.styleSheets).find((x) => x.href === href);
      let rules = 0;
      try { rules = sheet ? sheet.cssRules.length : 0; } catch { rules = -1; }
      const style = (el) => (el ? getComputedStyle(el) : null);
      const h1 = style(document.querySelector('h1'));
      const p = style(document.querySelector('main p'));
      return {
        rules,
        h1Font: h1?.fontFamily, pFont: p?.fontFamily,
        bodyMargin: getComputedStyle(document.body).margin,
      };
    }, sheets[0].href);
    assert.ok(applied.rules > 100, `the stylesheet is loaded and parsed (${applied.rules} rules)`);
    const serif = /^("?Times New Roman"?|serif|Tinos|"?DejaVu Serif"?|"?Liberation Serif"?)$/i;
    for (const [what, font] of [['h1', applied.h1Font], ['main p', applied.pFont]]) {
      assert.ok(font, `no ${what} on the start page`);
      assert.doesNotMatch(font, serif, `${what} font is the browser default: ${font}`);
      assert.match(font, /sans-serif/, `${what} font: ${font}`);
    }
    assert.equal(applied.bodyMargin, '0px', 'the template removes the browser\'s body margin');
  });
});

test('pages work without JavaScript, language switch included', { timeout: 20000 }, async () => {
  const deH1 = await h1Of('/', 'de');
  await withPage(browser, { acceptLanguage: 'en', javaScriptEnabled: false }, async (page, context) => {
    const res = await page.goto(g.base + '/');
    assert.equal(res.status(), 200);
    const info = await inspect(page);    // (evaluate works: it is not the page's script)
    assert.equal(info.lang, 'en');
    assert.ok(info.h1s[0], 'the h1 is empty');
    assert.match(await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontFamily), /sans-serif/,
      'the stylesheet applies without JavaScript');
    await screenshot(page, 'start-en-nojs');
    await switchLanguage(page, 'de');
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await htmlLang(page), 'de');
    assert.equal((await inspect(page)).h1s[0], deH1);
    assert.equal((await context.cookies(g.base)).find((c) => c.name === 'lang')?.value, 'de');
  });
});
