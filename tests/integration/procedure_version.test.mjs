// A definition that changes while a draft is open: the draft is checked at
// submit against the definition loaded then (a field the new version
// requires is reported), and the submission keeps that version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile } from './lib/registers.mjs';
import { stopAll } from './lib/exit.mjs';

let pop, regs = {}, work, g, idp, site, env, procs;

before(async () => {
  pop = seed({ persons: 200 });
  work = mkdtempSync(join(tmpdir(), 'guichet-version-'));
  procs = join(work, 'procedures');
  cpSync('procedures', procs, { recursive: true });
  regs.persons = await startRegistryd('persons', pop.dir);
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${site}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  env = {
    GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: site, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${site}/auth/callback`, GUICHET_PATHS_PROCEDURES: procs,
    GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: regs.persons.url }),
  };
  g = await startGuichetd({ env });
});

// Every guichetd and registryd exit is judged (lib/exit.mjs), after all are stopped.
after(async () => {
  await stopAll(g, idp, regs.persons, () => pop?.cleanup(), () => work && rmSync(work, { recursive: true, force: true }),
    () => g?.cleanup());
});

test('a draft opened under one version is checked and submitted under the next', async () => {
  const person = pop.population.find((p) => p.featured);
  const l = await login({ site }, { nationalId: person.national_id });
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
  const api = (method, path, body) => fetch(`${site}${path}`, {
    method, headers: { cookie: l.cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const space = me.active_space.id;
  const draft = await (await api('POST', `/api/v1/spaces/${space}/drafts`, { procedure: 'certificate-of-residence' })).json();
  const v = draft.version;
  assert.ok(v >= 1);
  const answers = { ...draft.data, certificate_type: 'residence', certificate_language: 'en', copies: 2, delivery: 'letterbox' };
  assert.equal((await api('PUT', `/api/v1/spaces/${space}/drafts/${draft.id}`, { data: answers, step: 1 })).status, 200);

  // Version 2 asks for one more thing; guichetd restarts with it, on the same store.
  const file = join(procs, 'certificate-of-residence.json');
  const def = JSON.parse(readFileSync(file, 'utf8'));
  def.version = v + 1;
  def.steps.at(-1).fields.push({ id: 'reason_detail', kind: 'text', required: true,
    labels: { fr: 'Précisez', de: 'Erläutern Sie', en: 'Tell us more' } });
  writeFileSync(file, JSON.stringify(def));
  await g.stop();   // judged: exit 0, no sanitizer report
  g = await startGuichetd({ env, dir: g.workdir });

  const refused = await api('POST', `/api/v1/spaces/${space}/drafts/${draft.id}/submit`);
  assert.equal(refused.status, 422);
  const problem = await refused.json();
  assert.deepEqual(problem.errors.map((e) => [e.field, e.code]), [['/reason_detail', 'required']]);

  assert.equal((await api('PUT', `/api/v1/spaces/${space}/drafts/${draft.id}`,
    { data: { ...answers, reason_detail: 'For my employer' }, step: 1 })).status, 200);
  const res = await api('POST', `/api/v1/spaces/${space}/drafts/${draft.id}/submit`);
  assert.equal(res.status, 201);
  const sub = await res.json();
  assert.equal(sub.receipt.procedure_version, v + 1);
  const got = await (await api('GET', `/api/v1/spaces/${space}/submissions/${sub.id}`)).json();
  assert.equal(got.version, v + 1);
});
