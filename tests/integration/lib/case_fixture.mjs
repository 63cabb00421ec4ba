// A one-field procedure for back-office tests, of any organisation, and a
// copy of the catalogue holding it (GUICHET_PATHS_PROCEDURES).
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const texts = (t) => ({ fr: t, de: t, en: t });

/** A definition `id` of `organisation`: one required text field "note";
 *  statuses submitted → in_processing → completed or rejected (submitted
 *  may also end at once). */
export function caseFixture(id, organisation) {
  return {
    id, version: 1, organisation, titles: texts(`Fixture ${id}`),
    statuses: {
      submitted: { to: ['in_processing', 'completed', 'rejected'] },
      in_processing: { to: ['completed', 'rejected'] },
      completed: { final: true },
      rejected: { final: true },
    },
    steps: [{ id: 'only', titles: texts('Only'), fields: [
      { id: 'note', kind: 'text', labels: texts('Note'), required: true },
    ] }],
  };
}

/** procedures/ copied into dir/procedures with the fixtures added: its path. */
export function catalogWith(dir, ...fixtures) {
  const catalog = join(dir, 'procedures');
  cpSync('procedures', catalog, { recursive: true });
  for (const f of fixtures) writeFileSync(join(catalog, `${f.id}.json`), JSON.stringify(f));
  return catalog;
}
