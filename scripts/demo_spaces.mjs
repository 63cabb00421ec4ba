// `make run`'s demo of spaces and acting for others, made the way people make
// them: each person logs in through the demo identity provider and uses
// guichetd's API (no back door). The company manager opens their companies'
// spaces (from the companies register); the parents record their minor
// children (from the population register); two mandates are granted and
// accepted: a person's for every procedure, and a company's to an
// accountant for the AED's procedures (VAT) with the letter box. Run again,
// it finds them made (409 for a mandate already there). Prints a summary.
//
//   node scripts/demo_spaces.mjs SITE var/registers/demo-persons.json
import { readFileSync } from 'node:fs';
import { CookieJar, loginThroughForm } from '../idp/testing.mjs';

const [site, personsFile] = process.argv.slice(2);
const demo = JSON.parse(readFileSync(personsFile, 'utf8'));
const byProfile = (profile) => demo.find((p) => p.profile === profile);
const name = (p) => `${p.given_name} ${p.family_name}`;

async function session(person) {
  const start = await fetch(`${site}/login?next=/api/v1/me`, { redirect: 'manual' });
  const jar = new CookieJar();
  const callback = await loginThroughForm(jar, start.headers.get('location'), { nationalId: person.national_id });
  const res = await fetch(callback, { redirect: 'manual' });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('__Host-guichet='));
  const me = await (await fetch(`${site}/api/v1/me`, { headers: { cookie } })).json();
  const call = async (method, path, body, ok = [200, 201]) => {
    const r = await fetch(`${site}${path}`, { method, headers: { cookie, 'x-csrf-token': me.csrf_token,
      'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const text = await r.text();
    if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { space: me.active_space.id, call };
}

const inAYear = new Date(Date.now() + 365 * 86400000).toISOString().slice(0, 10);
const lines = [];

// The company manager's companies.
const manager = byProfile('company manager');
const boss = await session(manager);
await boss.call('POST', '/api/v1/spaces/companies');
const companies = (await boss.call('GET', '/api/v1/spaces')).body.spaces.filter((x) => x.kind === 'professional');
for (const c of companies) lines.push(`${name(manager)} (${manager.national_id}) administers the space of ${c.name}`);

// The parents' minor children.
for (const profile of ['married parent', 'single parent']) {
  const parent = byProfile(profile);
  const s = await session(parent);
  await s.call('POST', '/api/v1/spaces/children');
  const kids = (await s.call('GET', '/api/v1/spaces')).body.spaces.filter((x) => x.via === 'parent');
  for (const k of kids) lines.push(`${name(parent)} (${parent.national_id}) acts for ${k.name}, a minor`);
}

// Two mandates, each accepted by its mandatary.
async function mandate(grantor, space, mandatary, body, what) {
  const made = await grantor.call('POST', `/api/v1/spaces/${space}/mandates`,
    { mandatary: mandatary.national_id, valid_until: inAYear, ...body }, [201, 409]);
  if (made.status === 201) {
    const m = await session(mandatary);
    await m.call('POST', `/api/v1/mandates/${made.body.id}/accept`);
  }
  lines.push(`${what} to ${name(mandatary)} (${mandatary.national_id}) until ${inAYear}`);
}
const single = byProfile('single adult');
const grantor = await session(single);
await mandate(grantor, grantor.space, byProfile('retired'), { scope: 'all' },
  `mandate: ${name(single)} (${single.national_id}) gave every procedure`);
if (companies.length > 0)
  await mandate(boss, companies[0].id, byProfile('Portuguese national'), { scope: 'organisation', organisation: 'aed', letterbox: true },
    `mandate: ${companies[0].name} gave the AED's procedures (VAT) and its letter box`);

console.log(lines.map((l) => `      ${l}`).join('\n'));
