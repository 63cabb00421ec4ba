// Crash torture: TORTURE_CYCLES cycles (3 in make test, 50 in make
// torture) of a mixed workload (lib/workload.mjs: drafts with their prefill
// from the persons register, self-declared data, submissions, the commune's
// case system moving cases) with kill -9 of guichetd at a random moment,
// then a restart on the same store: every write the clients saw
// acknowledged is there and intact, every receipt verifies, a case move
// whose answer was lost takes effect once when sent again, and the store
// passes its integrity check. On SQLite and on PostgreSQL, like every file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../../idp/testing.mjs';
import { startGuichetd } from './lib/guichetd.mjs';
import { freePort, login } from './lib/stack.mjs';
import { seed, startRegistryd, registersFile } from './lib/registers.mjs';
import { caseFixture, catalogWith } from './lib/case_fixture.mjs';
import { clientKeys, orgClient } from './lib/org_client.mjs';
import { stopAll } from './lib/exit.mjs';
import { onPostgres, sql } from './lib/store.mjs';
import { Ledger, workload, verifyLedger, FIXTURE_ID } from './lib/workload.mjs';

const CYCLES = Number(process.env.TORTURE_CYCLES || 3);
let pop, persons, work, idp, g, env, keys, client;
const site = () => g.base;

before(async () => {
  pop = seed({ persons: 300 });
  work = mkdtempSync(join(tmpdir(), 'guichet-torture-'));
  const reg = await startRegistryd('persons', pop.dir);
  after(() => reg.stop());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startIdp({ env: { IDP_REDIRECT_URIS: `${url}/auth/callback`, IDP_POPULATION: join(pop.dir, 'idp-population.json') } });
  env = { GUICHET_LISTEN_PORT: String(port), GUICHET_SITE_URL: url, GUICHET_OIDC_ISSUER: idp.issuer,
    GUICHET_OIDC_REDIRECT_URI: `${url}/auth/callback`, GUICHET_SOURCES_REGISTERS: registersFile(work, { persons: reg.url }),
    GUICHET_PATHS_PROCEDURES: catalogWith(work, caseFixture(FIXTURE_ID, 'commune')) };
  g = await startGuichetd({ env });
  persons = [];
  for (const p of pop.population.filter((x) => x.national_id).slice(0, 4)) {
    const l = await login({ site: g.base }, { nationalId: p.national_id });
    assert.ok(l.cookie, 'logged in');
    const me = await (await fetch(`${g.base}/api/v1/me`, { headers: { cookie: l.cookie } })).json();
    persons.push({ nationalId: p.national_id, cookie: l.cookie, csrf: me.csrf_token, space: me.active_space.id });
  }
  keys = clientKeys();
  client = orgClient({ g, site: g.base }, keys, 'commune', 'submissions.read,submissions.write');
});

after(async () => {
  await stopAll(g, idp, () => g?.cleanup(), () => keys?.remove(), () => pop?.cleanup(),
    () => work && rmSync(work, { recursive: true, force: true }));
});

test(`${CYCLES} cycles of mixed load, kill -9 at a random moment, restart: nothing acknowledged is lost`, async () => {
  const ledger = new Ledger();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    let stopped = false;
    const load = workload({ site, persons, client, ledger }).run(() => stopped);
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1700));
    await g.stop({ signal: 'SIGKILL', expect: { signal: 'SIGKILL' } });
    stopped = true;
    await load;
    g = await startGuichetd({ dir: g.workdir, env });
    const checked = await verifyLedger({ site: g.base, ledger, client });
    if (!onPostgres) assert.equal(sql(g.db, 'PRAGMA integrity_check'), 'ok');
    assert.ok(checked > 0);
  }
  const { acked, unanswered, refused } = ledger.counts;
  console.log(`torture: ${CYCLES} kills; requests answered 2xx ${acked}, unanswered (killed in flight) ${unanswered}, ` +
    `refused ${refused}; checked after every restart: ${ledger.submissions.size} submissions with receipts, ${ledger.drafts.size} drafts, ${ledger.moves.size} case moves, ${ledger.phone.size} phones`);
  assert.ok(ledger.submissions.size > 0 && ledger.moves.size > 0, 'the workload reached submissions and case moves');
});
