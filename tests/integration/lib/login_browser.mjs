// Browser helpers for logging in and out of guichetd through the demo OpenID
// provider's real pages (idp/views.mjs): its login form and its logout
// confirmation. Used by login_browser.test.mjs.
import assert from 'node:assert/strict';

export const SESSION_COOKIE = '__Host-guichet';
export const DEMO_PASSWORD = 'guichet-demo';
export const MARIE = { nationalId: '1985031410148', name: 'Marie Schmit' };

const clean = (s) => (s == null ? '' : s.replace(/\s+/g, ' ').trim());

// guichetd's account bar (between the header and the language switch):
// whether someone is logged in, as whom, and its controls.
export function accountBar(page) {
  return page.evaluate(() => {
    const tidy = (s) => (s == null ? '' : s.replace(/\s+/g, ' ').trim());
    const bar = document.querySelector('.gx-account');
    const main = document.querySelector('main');
    const h1 = main && main.querySelector('h1');
    return {
      text: bar ? tidy(bar.textContent) : null,
      name: bar?.querySelector('.gx-account__who strong')?.textContent.trim() ?? null,
      loginLink: !!bar?.querySelector('a[href="/login"]'),
      logoutButton: bar?.querySelector('form[action="/logout"] button')?.textContent.trim() ?? null,
      csrf: bar?.querySelector('form[action="/logout"] input[name="csrf_token"]')?.value ?? null,
      h1: h1 ? tidy(h1.textContent) : null,
      lang: document.documentElement.getAttribute('lang'),
    };
  });
}

// The header's "Log in" link (the account bar's, not the start page's box).
export function headerLoginLink(page) {
  return page.locator('.gx-account a[href="/login"]');
}

// The header's log-out button.
export function logoutButton(page) {
  return page.locator('.gx-account form[action="/logout"] button[type="submit"]');
}

// True when the page is the provider's login form.
export async function onProviderLogin(page, issuer) {
  const u = new URL(page.url());
  return u.origin === issuer && /^\/interaction\/[^/]+$/.test(u.pathname)
    && (await page.locator('form input#password').count()) === 1;
}

// Fills and submits the provider's login form; waits for the navigation that
// leaves the provider (through guichetd's /auth/callback to its landing page).
//   nationalId: typed into the text field; or person: a name picked in the list.
export async function submitProviderLogin(page, { nationalId, person, password = DEMO_PASSWORD, site }) {
  if (nationalId) await page.locator('#national_id').fill(nationalId);
  if (person) await page.locator('#person').selectOption({ label: person });
  await page.locator('#password').fill(password);
  // The submit button without formaction (the other one cancels).
  const submit = page.locator('form button[type="submit"]:not([formaction])');
  await Promise.all([
    page.waitForURL((u) => u.origin === site && !u.pathname.startsWith('/auth/callback'), { waitUntil: 'load' }),
    submit.click(),
  ]);
}

// The session cookie of the site as the browser context holds it.
export async function sessionCookie(context, site) {
  return (await context.cookies(site)).find((c) => c.name === SESSION_COOKIE);
}

// Presses the header's log-out button (press: a function that does it, e.g.
// with the keyboard; default a click) and waits for the provider's logout
// page. guichetd answers POST /logout with a 303 to the provider's
// end_session_endpoint; if the page's CSP form-action does not allow the
// provider's origin, chromium blocks that redirect and stays on the page: the
// error then quotes the console's CSP message.
export async function logoutToProvider(page, { issuer, press }) {
  const consoleErrors = [];
  const onConsole = (m) => { if (m.type() === 'error') consoleErrors.push(m.text().trim()); };
  page.on('console', onConsole);
  try {
    await Promise.all([
      page.waitForURL((u) => u.origin === issuer, { waitUntil: 'load' }),
      press ? press() : logoutButton(page).click(),
    ]);
  } catch (err) {
    await new Promise((r) => setTimeout(r, 200));   // let the console message arrive
    throw new Error(`the log-out did not reach the provider (${issuer}); the page is at ${page.url()}\n`
      + `  playwright: ${err.message.split('\n')[0]}\n`
      + `  console errors: ${consoleErrors.length ? consoleErrors.join('\n    ') : 'none'}`);
  } finally {
    page.off('console', onConsole);
  }
}

// On the provider's logout confirmation, presses "yes" and waits to be back
// on the site. via: 'click' or 'keyboard' (the yes button has autofocus).
export async function confirmProviderLogout(page, { issuer, site, via = 'click' }) {
  const u = new URL(page.url());
  assert.equal(u.origin, issuer, `on the provider's logout page, got ${page.url()}`);
  assert.match(u.pathname, /^\/oidc\/session\/end/, `the provider's end-session page, got ${page.url()}`);
  const yes = page.locator('button[form="op.logoutForm"][name="logout"][value="yes"]');
  assert.equal(await yes.count(), 1, 'the provider shows its confirm button');
  const back = page.waitForURL((v) => v.origin === site, { waitUntil: 'load' });
  if (via === 'keyboard') {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.getAttribute('form') === 'op.logoutForm' && el.getAttribute('value') === 'yes';
    });
    if (!focused) await yes.focus();
    await page.keyboard.press('Enter');
  } else {
    await yes.click();
  }
  await back;
}

export { clean };
