// Pages over plain HTTP (the browser tests are in pages.test.mjs): content
// negotiation of errors, the language switch and its redirect, headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGuichetd } from './lib/guichetd.mjs';
import { stopAll } from './lib/exit.mjs';

let g;
before(async () => { g = await startGuichetd(); });
after(async () => { await stopAll(g, () => g?.cleanup()); });

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

test('the start page is HTML in the negotiated language, with security headers', async () => {
  for (const [al, lang] of [['en', 'en'], ['de-LU,de;q=0.9', 'de'], ['lb', 'lb'], ['es', 'fr'], ['', 'fr']]) {
    const res = await fetch(`${g.base}/`, { headers: { ...html, 'accept-language': al } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const body = await res.text();
    assert.match(body, new RegExp(`<html lang="${lang}"`), `Accept-Language ${al}`);
    assert.doesNotMatch(body, /\{\{|undefined/);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  }
});

test('a browser gets an HTML 404 page, the API and other clients problem JSON', async () => {
  let res = await fetch(`${g.base}/no/such/page`, { headers: { ...html, 'accept-language': 'en' } });
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const page = await res.text();
  assert.match(page, /<html lang="en"/);
  assert.match(page, /<h1[^>]*>[^<]+<\/h1>/);
  assert.match(page, new RegExp(res.headers.get('x-request-id')));

  res = await fetch(`${g.base}/api/v1/nothing`, { headers: html });
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);

  res = await fetch(`${g.base}/no/such/page`);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
});

test('the language switch sets a cookie and goes back to the page', async () => {
  const res = await fetch(`${g.base}/language/de?next=%2Fprivacy`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/privacy');
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^lang=de;/);
  assert.match(cookie, /Path=\//);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);

  const page = await fetch(`${g.base}/privacy`, { headers: { ...html, cookie: 'lang=de', 'accept-language': 'en' } });
  assert.match(await page.text(), /<html lang="de"/);
});

test('the language switch never redirects off the site', async () => {
  for (const next of ['%2F%2Fevil.example%2F', 'https%3A%2F%2Fevil.example', '%2F%5Cevil.example', 'x', '%2Fa%0D%0ASet-Cookie:x=1']) {
    const res = await fetch(`${g.base}/language/en?next=${next}`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/', `next=${next}`);
  }
  const res = await fetch(`${g.base}/language/xx?next=%2F`, { redirect: 'manual' });
  assert.equal(res.status, 404);
});

test('the stylesheet is served under its content hash with long-lived caching', async () => {
  const body = await (await fetch(`${g.base}/`)).text();
  const href = body.match(/<link rel="stylesheet" href="(\/static\/guichet\.[0-9a-f]+\.css)">/)[1];
  const res = await fetch(`${g.base}${href}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/css/);
  assert.match(res.headers.get('cache-control'), /max-age=31536000/);
  assert.match(res.headers.get('cache-control'), /immutable/);
  assert.ok((await res.text()).length > 1000);
  const stale = await fetch(`${g.base}/static/guichet.0000000000000000.css`);
  assert.equal(stale.status, 404);
});
