// A small harness for browser tests: Debian's chromium driven by
// playwright-core (never a downloaded browser), one browser per test file, a
// fresh context per test with the Accept-Language it asks for, axe-core
// checks and screenshots under build/screenshots/.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = process.env.GUICHET_SCREENSHOTS || 'build/screenshots';

// The background-networking flags matter: on the closed test network
// chromium's own outgoing connections are refused and, without them, slow
// everything down. We run as root, hence --no-sandbox.
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

// A fresh context (cookies, cache, storage all empty).
//   acceptLanguage: the Accept-Language header sent with every request;
//   locale: navigator.language and Intl (also sets Accept-Language when
//           acceptLanguage is not given: chromium lets the locale win over
//           extra headers, so when both are given the header is set per request);
//   javaScriptEnabled: false for no-JS tests.
// Without either, chromium sends its default "en-US,en;q=0.9".
export async function newContext(browser, { acceptLanguage, locale, javaScriptEnabled = true, viewport } = {}) {
  const opts = { javaScriptEnabled, viewport: viewport || { width: 1280, height: 800 } };
  if (locale) opts.locale = locale;
  if (acceptLanguage !== undefined && !locale) opts.extraHTTPHeaders = { 'Accept-Language': acceptLanguage };
  const context = await browser.newContext(opts);
  // Fail fast: a missing element should fail a test in seconds, not 30 s.
  context.setDefaultTimeout(5000);
  context.setDefaultNavigationTimeout(10000);
  if (acceptLanguage !== undefined && locale) await setAcceptLanguage(context, acceptLanguage);
  return context;
}

// Changes the Accept-Language of every later request of a context.
export async function setAcceptLanguage(context, value) {
  await context.unroute('**/*').catch(() => {});
  await context.route('**/*', (route) => {
    const headers = { ...route.request().headers() };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'accept-language') delete headers[k];
    headers['accept-language'] = value;
    return route.continue({ headers });
  });
}

// Runs fn(page, context) in a fresh context, closed afterwards.
export async function withPage(browser, opts, fn) {
  const context = await newContext(browser, opts);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Runs axe on the page; returns its result. Two things make it about a
// third faster: only violations carry node details (resultTypes), and legacy
// mode runs axe.run in the page itself instead of per-frame partial runs
// finished in an extra blank page (our pages have no cross-origin frames;
// pass { legacy: false } for a page that does).
export async function runAxe(page, { tags = WCAG_TAGS, legacy = true } = {}) {
  return new AxeBuilder({ page }).withTags(tags).options({ resultTypes: ['violations'] })
    .setLegacyMode(legacy).analyze();
}

// The violations whose impact is serious or critical.
export function seriousViolations(result) {
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// One line per violation: id, impact, help and the failing nodes' selectors.
export function formatViolations(violations) {
  return violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${(n.html || '').slice(0, 160)}\n      ` +
      `${n.failureSummary ? n.failureSummary.replace(/\s+/g, ' ') : ''}`).join('\n'),
  ).join('\n');
}

// Saves a full-page screenshot to build/screenshots/<name>.png; returns the path.
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
