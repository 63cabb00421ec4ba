// Writes a procedures folder of TOTAL definitions for the search benchmark:
// the shipped ones (procedures/*.json, with organisations.json and
// themes.json) and generated ones made of their words, so that queries
// match many of them as they would in a large catalogue.
// Usage: node bench/generate_procedures.mjs OUT_DIR [TOTAL=1000] [SEED=1]
import { mkdirSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, totalArg = '1000', seedArg = '1'] = process.argv.slice(2);
if (!out) { console.error('usage: node bench/generate_procedures.mjs OUT_DIR [TOTAL] [SEED]'); process.exit(2); }
const total = Number(totalArg);
let seed = Number(seedArg) >>> 0 || 1;
const rand = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
const pick = (a) => a[Math.floor(rand() * a.length)];

mkdirSync(out, { recursive: true });
const shipped = readdirSync('procedures').filter((f) => f.endsWith('.json'));
for (const f of shipped) copyFileSync(join('procedures', f), join(out, f));
const defs = shipped.filter((f) => !['schema.json', 'organisations.json', 'themes.json'].includes(f))
  .map((f) => JSON.parse(readFileSync(join('procedures', f), 'utf8')));
const orgs = JSON.parse(readFileSync('procedures/organisations.json', 'utf8')).organisations.map((o) => o.id);
const themes = JSON.parse(readFileSync('procedures/themes.json', 'utf8'));
const langs = ['fr', 'de', 'en'];
const words = Object.fromEntries(langs.map((l) => [l, [...new Set(defs.flatMap((d) =>
  `${d.titles[l]} ${d.help?.[l] ?? ''}`.split(/[^\p{L}\p{N}'’-]+/u).filter((w) => w.length > 3)))]]));
const phrase = (l, n) => Array.from({ length: n }, () => pick(words[l])).join(' ');
const texts = (n) => Object.fromEntries(langs.map((l) => [l, phrase(l, n)]));
const sentence = (n) => Object.fromEntries(langs.map((l) => [l, `${phrase(l, n)}.`]));

for (let i = defs.length; i < total; i++) {
  const id = `generated-${String(i).padStart(4, '0')}`;
  const t = texts(4);
  const def = {
    id, version: 1, organisation: pick(orgs),
    titles: Object.fromEntries(langs.map((l) => [l, t[l][0].toUpperCase() + t[l].slice(1)])),
    help: sentence(25),
    themes: [pick(themes.themes).id],
    life_events: rand() < 0.3 ? { [pick(themes.life_events).id]: 1 + Math.floor(rand() * 100) } : undefined,
    about: { who: sentence(8), needs: sentence(8), duration: sentence(3), cost: sentence(2) },
    keywords: { ...Object.fromEntries(langs.map((l) => [l, [pick(words[l]), pick(words[l]), pick(words[l])]])),
      lb: [pick(words.de)] },
    statuses: { submitted: { to: ['completed', 'rejected'] }, completed: { final: true }, rejected: { final: true } },
    steps: [{ id: 'you', titles: { fr: 'Vous', de: 'Sie', en: 'You' }, fields: [
      { id: 'given_name', kind: 'text', labels: { fr: 'Prénom', de: 'Vorname', en: 'Given name' }, required: true,
        prefill: { source: 'persons', attribute: 'given_name' } },
      { id: 'note', kind: 'text', labels: { fr: 'Remarque', de: 'Bemerkung', en: 'Note' }, max_length: 500 },
    ] }],
  };
  if (!def.life_events) delete def.life_events;
  writeFileSync(join(out, `${id}.json`), JSON.stringify(def));
}
console.log(`${Math.max(total, defs.length)} definitions in ${out} (${defs.length} shipped)`);
