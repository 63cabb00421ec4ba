// Logging in and out in a real browser (Debian's chromium through
// playwright-core): guichetd's pages, the demo OpenID provider's real login
// form and logout confirmation (idp/server.mjs), the session cookie as the
// browser keeps it, axe on the private space and the provider's login page,
// the keyboard. The same flows over plain HTTP are in login.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './lib/stack.mjs';
import { stopAll } from './lib/exit.mjs';
import {
  launchBrowser, newContext, runAxe, seriousViolations, formatViolations, screenshot,
} from './lib/browser.mjs';
import {
  SESSION_COOKIE, MARIE, accountBar, headerLoginLink, onProviderLogin, logoutToProvider,
  submitProviderLogin, sessionCookie, confirmProviderLogout,
} from './lib/login_browser.mjs';

let s;
let browser;
before(async () => {
  [s, browser] = await Promise.all([startStack(), launchBrowser()]);
});
// s.stop() judges guichetd's exit: status 0, no sanitizer report (lib/exit.mjs).
after(async () => { await stopAll(() => ctx?.close().catch(() => {}), () => browser?.close(), s); });

const SPACE_PATH = /^\/spaces\/\d+$/;

// The API's answer to a session cookie value, asked from node (not the browser).
async function meStatus(value) {
  const res = await fetch(`${s.site}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${value}` } });
  await res.arrayBuffer();
  return res.status;
}

async function assertNoSeriousAxe(page, what) {
  const serious = seriousViolations(await runAxe(page));
  assert.equal(serious.length, 0, `axe on ${what} (${page.url()}):\n${formatViolations(serious)}`);
}

// Clicks a "Log in" link on guichetd and waits for the provider's login page.
async function toProviderLogin(page, link) {
  await Promise.all([
    page.waitForURL((u) => u.origin === s.idp.issuer && u.pathname.startsWith('/interaction/'), { waitUntil: 'load' }),
    link.click(),
  ]);
  assert.ok(await onProviderLogin(page, s.idp.issuer), `the provider's login form, got ${page.url()}`);
}

// Checks that the page is Marie's private space, in English.
async function assertPrivateSpaceEn(page) {
  assert.match(new URL(page.url()).pathname, SPACE_PATH, `lands in the private space, got ${page.url()}`);
  const bar = await accountBar(page);
  assert.equal(bar.lang, 'en');
  assert.equal(bar.h1, 'Your private space');
  assert.match(bar.text, new RegExp(`Logged in as ${MARIE.name}`), `header: ${bar.text}`);
  assert.equal(bar.name, MARIE.name);
  assert.equal(bar.logoutButton, 'Log out');
  assert.equal(bar.loginLink, false, 'no "Log in" link once logged in');
  assert.ok(bar.csrf && bar.csrf.length >= 16, 'the log-out form carries a csrf_token');
  return bar;
}

// Steps 1-4 share one browser context: log in, the cookie, log out, log in again.
let ctx;
let page;
let oldCookie;
let loggedOut = false;
let spaceUrl;

test('log in from the start page through the provider\'s form into the private space (axe, screenshots)', { timeout: 30000 }, async () => {
  ctx = await newContext(browser, { acceptLanguage: 'en' });
  page = await ctx.newPage();
  const res = await page.goto(`${s.site}/`);
  assert.equal(res.status(), 200);
  const anon = await accountBar(page);
  assert.equal(anon.loginLink, true, `the header offers "Log in": ${anon.text}`);
  assert.equal(anon.text, 'Log in');
  assert.equal(await sessionCookie(ctx, s.site), undefined);

  await toProviderLogin(page, headerLoginLink(page));
  await screenshot(page, 'idp-login-en');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the provider speaks English too');
  assert.equal(await page.locator('h1').textContent(), 'Log in');
  await assertNoSeriousAxe(page, 'the provider\'s login page');

  await submitProviderLogin(page, { nationalId: MARIE.nationalId, site: s.site });
  spaceUrl = page.url();
  await screenshot(page, 'space-en');
  await assertPrivateSpaceEn(page);
  await assertNoSeriousAxe(page, 'the private space');
});

test('the session cookie in the browser: __Host-, HttpOnly, Secure, SameSite=Lax, path /, host-only', async () => {
  assert.ok(ctx, 'the login test ran');
  const all = await ctx.cookies(s.site);
  const c = all.find((x) => x.name === SESSION_COOKIE);
  assert.ok(c, `chromium kept the Secure cookie on ${s.site} (cookies: ${all.map((x) => x.name).join(', ') || 'none'})`);
  assert.equal(c.httpOnly, true);
  assert.equal(c.secure, true);
  assert.equal(c.sameSite, 'Lax');
  assert.equal(c.path, '/');
  // Host-only: the domain is the host itself, not ".host" (a Domain attribute).
  assert.equal(c.domain, '127.0.0.1');
  assert.match(c.value, /^[A-Za-z0-9_-]{43}$/);
  // Not readable from the page's scripts.
  assert.doesNotMatch(await page.evaluate(() => document.cookie), /__Host-guichet/);
  assert.equal(await meStatus(c.value), 200, 'the browser\'s cookie works from node too');
  oldCookie = c.value;
});

test('log out with the header\'s button, through the provider\'s confirmation; the old cookie is dead', { timeout: 20000 }, async () => {
  assert.ok(oldCookie, 'the cookie test ran');
  await logoutToProvider(page, { issuer: s.idp.issuer });
  await confirmProviderLogout(page, { issuer: s.idp.issuer, site: s.site });
  assert.equal(new URL(page.url()).pathname, '/', `back on the start page, got ${page.url()}`);
  const bar = await accountBar(page);
  assert.equal(bar.loginLink, true, `the header shows "Log in" again: ${bar.text}`);
  assert.equal(bar.logoutButton, null);
  assert.doesNotMatch(bar.text, /Logged in as/);
  assert.equal(await sessionCookie(ctx, s.site), undefined, 'the session cookie is gone from the browser');
  assert.equal(await meStatus(oldCookie), 401, 'the old session id no longer works');
  // The private space now asks for a login again.
  const res = await page.goto(spaceUrl);
  assert.equal(new URL(page.url()).origin, s.idp.issuer, `the private space sends to the provider, got ${res.status()} ${page.url()}`);
  assert.ok(await onProviderLogin(page, s.idp.issuer), 'with the login form');
  await page.goto(`${s.site}/`);
  loggedOut = true;
});

test('log in again in the same browser: the password is asked again, a new session id', { timeout: 20000 }, async () => {
  assert.ok(loggedOut, 'needs the log-out test to have passed');
  // This time from the start page's login box, picking Marie in the list.
  await toProviderLogin(page, page.locator('main a[href="/login"]'));
  await submitProviderLogin(page, { person: MARIE.name, site: s.site });
  await assertPrivateSpaceEn(page);
  const c = await sessionCookie(ctx, s.site);
  assert.ok(c, 'a new session cookie');
  assert.notEqual(c.value, oldCookie, 'a new session id');
  assert.equal(await meStatus(c.value), 200);
  assert.equal(await meStatus(oldCookie), 401);
  await ctx.close();
  ctx = undefined;
});

test('in French: the header says "Connecté en tant que Marie Schmit" (screenshot)', { timeout: 20000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'fr' });
  try {
    const p = await context.newPage();
    await p.goto(`${s.site}/`);
    assert.equal((await accountBar(p)).text, 'Se connecter');
    await toProviderLogin(p, headerLoginLink(p));
    assert.equal(await p.evaluate(() => document.documentElement.lang), 'fr');
    await submitProviderLogin(p, { nationalId: MARIE.nationalId, site: s.site });
    await screenshot(p, 'space-fr');
    assert.match(new URL(p.url()).pathname, SPACE_PATH);
    const bar = await accountBar(p);
    assert.equal(bar.lang, 'fr');
    assert.equal(bar.h1, 'Votre espace privé');
    assert.match(bar.text, new RegExp(`Connecté en tant que ${MARIE.name}`), `header: ${bar.text}`);
    assert.equal(bar.logoutButton, 'Se déconnecter');
  } finally {
    await context.close();
  }
});

test('keyboard only: Tab reaches "Log out", Enter logs out (POST with the csrf_token)', { timeout: 20000 }, async () => {
  const context = await newContext(browser, { acceptLanguage: 'en' });
  try {
    const p = await context.newPage();
    await p.goto(`${s.site}/`);
    await toProviderLogin(p, headerLoginLink(p));
    await submitProviderLogin(p, { nationalId: MARIE.nationalId, site: s.site });
    const { csrf } = await assertPrivateSpaceEn(p);
    const cookie = (await sessionCookie(context, s.site)).value;

    // Start from the top of a fresh load of the page, with nothing focused.
    await p.reload();
    const stops = [];
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await p.keyboard.press('Tab');
      const f = await p.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        return {
          tag: el.tagName.toLowerCase(), text: el.textContent.replace(/\s+/g, ' ').trim(),
          logout: el.matches('.gx-account form[action="/logout"] button'),
        };
      });
      if (!f) break;
      stops.push(`${f.tag} "${f.text.slice(0, 30)}"`);
      found = f.logout;
    }
    assert.ok(found, `Tab reaches the "Log out" button; stops:\n  ${stops.join('\n  ')}`);
    // skip link, home, private space, procedures, my procedures, letter box, who accessed my data, Log out
    assert.ok(stops.length <= 8, `"Log out" is among the first stops (header):\n  ${stops.join('\n  ')}`);

    const posted = p.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/logout');
    const atProvider = logoutToProvider(p, { issuer: s.idp.issuer, press: () => p.keyboard.press('Enter') });
    atProvider.catch(() => {});
    const req = await posted;
    const form = new URLSearchParams(req.postData() || '');
    assert.equal(form.get('csrf_token'), csrf, 'the form posts its hidden csrf_token');
    await atProvider;
    assert.equal((await req.response())?.status(), 303, 'POST /logout answers 303 to the provider');
    // The provider's "yes" button has autofocus: Enter again confirms.
    await confirmProviderLogout(p, { issuer: s.idp.issuer, site: s.site, via: 'keyboard' });
    assert.equal(new URL(p.url()).pathname, '/');
    assert.equal((await accountBar(p)).loginLink, true);
    assert.equal(await sessionCookie(context, s.site), undefined);
    assert.equal(await meStatus(cookie), 401);
  } finally {
    await context.close();
  }
});
