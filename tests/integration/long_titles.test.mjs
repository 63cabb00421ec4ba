// A procedure whose titles are long and not ASCII: the step page's title
// holds them whole ("step – procedure"), and the error title too. (A fixed
// buffer of 600 bytes used to cut the title inside a character, so the page
// could not be made and answered 500.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, login } from './lib/stack.mjs';

const texts = (s) => ({ fr: s, de: s, en: s });
const STEP = 'Étape où l’on déclare ' + 'é'.repeat(300);
const TITLE = 'Déclaration très détaillée ' + 'ü'.repeat(300);
const FIXTURE = {
  id: 'long-titles', version: 1, organisation: 'commune', titles: texts(TITLE),
  statuses: { submitted: { to: ['completed', 'rejected'] }, completed: { final: true }, rejected: { final: true } },
  steps: [{ id: 'only', titles: texts(STEP), fields: [
    { id: 'note', kind: 'text', labels: texts('Note'), required: true },
  ] }],
};

let stack, work, cookie, csrf, space;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'guichet-long-titles-'));
  const catalog = join(work, 'procedures');
  cpSync('procedures', catalog, { recursive: true });
  writeFileSync(join(catalog, `${FIXTURE.id}.json`), JSON.stringify(FIXTURE));
  stack = await startStack({ env: { GUICHET_PATHS_PROCEDURES: catalog } });
  ({ cookie } = await login(stack));
  const me = await (await fetch(`${stack.site}/api/v1/me`, { headers: { cookie } })).json();
  csrf = me.csrf_token;
  space = me.active_space.id;
});

after(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function title(html) {
  return html.match(/<title>([^<]*)<\/title>/)[1];
}

test('the step page holds the long titles whole, also when it shows errors', async () => {
  const res = await fetch(`${stack.site}/api/v1/spaces/${space}/drafts`, {
    method: 'POST', headers: { cookie, 'x-csrf-token': csrf, origin: stack.site, 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: FIXTURE.id }) });
  assert.equal(res.status, 201);
  const { id } = await res.json();
  const step = `${stack.site}/spaces/${space}/drafts/${id}/steps/1`;
  let page = await fetch(step, { headers: { cookie, 'accept-language': 'en' } });
  assert.equal(page.status, 200);
  assert.ok(title(await page.text()).includes(`${STEP} – ${TITLE}`));
  page = await fetch(`${step}?errors=1`, { headers: { cookie, 'accept-language': 'en' } });
  assert.equal(page.status, 200);
  const t = title(await page.text());
  assert.ok(t.startsWith('Error:'), t.slice(0, 40));
  assert.ok(t.includes(`${STEP} – ${TITLE}`));
});
