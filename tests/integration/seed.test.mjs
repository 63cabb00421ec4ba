// guichetctl seed end to end (the ASan build): the same seed gives
// byte-identical registers, every national id passes idp/population.mjs's
// check-digit validator, the registers agree with each other, and the
// identity provider loads the population file it writes.
// Run from the repository root: node --test tests/integration/seed.test.mjs
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isValidNationalId, loadPopulation } from '../../idp/population.mjs';
import { runSanitized } from './lib/exit.mjs';
import { registerDatabase, seedTarget } from './lib/registers.mjs';
import { sql } from './lib/store.mjs';

const CTL = process.env.GUICHETCTL ?? 'build/asan/guichetctl';
const PERSONS = 2000;
const REGISTERS = ['persons', 'companies', 'vehicles', 'social_security', 'income_tax', 'driving_licences'];
// Runs guichetctl seed and judges its exit (by default status 0; always no
// sanitizer report: lib/exit.mjs); returns { stdout, stderr }.
// On PostgreSQL the registers go to databases made for dir (lib/registers.mjs).
const targets = [];
function runSeed(dir, seedValue, extra = [], expect = undefined) {
  mkdirSync(dir, { recursive: true });
  const target = seedTarget(dir);
  targets.push(target);
  return runSanitized(CTL, ['seed', '--persons', String(PERSONS), '--seed', String(seedValue), '--out', dir, ...extra,
    ...target.args], { name: 'guichetctl seed', expect, env: target.env });
}

function seed(dir, seedValue, extra = []) {
  return runSeed(dir, seedValue, extra).stdout;
}

const RECORDS = {
  sqlite: 'SELECT key_type, key, data, as_of, version FROM records ORDER BY 1, 2',
  postgresql: 'SELECT key_type, key, data, as_of, version FROM records ORDER BY key_type COLLATE "C", key COLLATE "C"',
};

function rows(dir, register) {
  const text = sql(registerDatabase(dir, register), RECORDS, { json: true, readonly: true });
  return text.trim() === '' ? [] : JSON.parse(text);
}

function dumpHash(dir) {
  const h = createHash('sha256');
  for (const r of REGISTERS) h.update(`${r}\n${sql(registerDatabase(dir, r), RECORDS)}`);
  return h.digest('hex');
}

describe('guichetctl seed', () => {
  let root;
  let a;
  let b;
  let c;
  let stdout;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'guichet-seed-'));
    a = join(root, 'a');
    b = join(root, 'b');
    c = join(root, 'c');
    stdout = seed(a, 42, ['--idp-population', join(root, 'idp.json')]);
    seed(b, 42);
    seed(c, 43);
  });

  after(() => {
    for (const t of targets) t.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('prints counts only', () => {
    assert.match(stdout, /2000 persons/);
    assert.doesNotMatch(stdout, /[0-9]{13}/, 'no national id in the output');
  });

  test('the same seed gives byte-identical registers; another seed does not', () => {
    const ha = dumpHash(a);
    assert.equal(ha, dumpHash(b));
    assert.notEqual(ha, dumpHash(c));
  });

  test('every national id passes the check digits, once', () => {
    const persons = rows(a, 'persons');
    assert.equal(persons.length, PERSONS);
    const ids = new Set();
    for (const p of persons) {
      assert.equal(p.key_type, 'national_id');
      assert.ok(isValidNationalId(p.key), `invalid id ${p.key}`);
      const data = JSON.parse(p.data);
      assert.equal(data.birth_date.replaceAll('-', ''), p.key.slice(0, 8));
      assert.match(data.address.postcode, /^L-[0-9]{4}$/);
      ids.add(p.key);
    }
    assert.equal(ids.size, PERSONS);
  });

  test('the registers agree: partners, parents, managers, employers', () => {
    const persons = new Map(rows(a, 'persons').map((r) => [r.key, JSON.parse(r.data)]));
    for (const [id, p] of persons) {
      if (p.partner !== null) assert.equal(persons.get(p.partner).partner, id);
      for (const child of p.children) assert.ok(persons.get(child).parents.includes(id));
      for (const parent of p.parents) {
        assert.ok(persons.get(parent).children.includes(id));
        assert.deepEqual(persons.get(parent).address, p.address);
      }
    }
    const all = rows(a, 'companies');
    const companies = new Map(all.filter((r) => r.key_type === 'rcs_number').map((r) => [r.key, JSON.parse(r.data)]));
    assert.equal(companies.size, PERSONS / 20);
    for (const [rcs, co] of companies) {
      for (const m of co.managers) {
        assert.ok(persons.has(m));
        // The manager's own record lists the company (lookups by national id).
        const own = all.find((r) => r.key_type === 'national_id' && r.key === m);
        assert.ok(JSON.parse(own.data).managed_companies.some((x) => x.rcs_number === rcs && x.name === co.name));
      }
    }
    for (const r of all.filter((x) => x.key_type === 'national_id')) {
      for (const x of JSON.parse(r.data).managed_companies) assert.ok(companies.get(x.rcs_number).managers.includes(r.key));
    }
    for (const r of rows(a, 'social_security')) {
      const s = JSON.parse(r.data);
      assert.ok(persons.has(r.key));
      if (s.employer !== null) assert.equal(companies.get(s.employer).name, s.employer_name);
    }
  });

  test('the identity provider loads the population file', () => {
    const pop = loadPopulation(join(root, 'idp.json'));
    assert.ok(pop.persons.length > PERSONS / 2);
    assert.equal(pop.featured.length, 6);
    const demo = JSON.parse(readFileSync(join(a, 'demo-persons.json'), 'utf8'));
    assert.equal(demo.length, 6);
    for (const d of demo) assert.ok(pop.byId.has(d.national_id));
  });

  test('refuses to write over existing registers', () => {
    assert.match(runSeed(a, 42, [], { code: 1 }).stderr, /already exists/);
  });
});
