// Who is who in a seeded population, for the tests of spaces and acting for
// others: a company's manager, a parent of a minor child, a parent of an
// adult child, and as many other adults as asked, all persons of the
// registers (so the registers' answers are real) and of the identity
// provider (so they log in through it). And a small API client per session.
import { registerDatabase, sql } from './registers.mjs';

const YEAR_MS = 365.2425 * 86400 * 1000;

function records(pop, register) {
  const out = sql(registerDatabase(pop.dir, register), 'SELECT key, data FROM records ORDER BY key', { json: true });
  return out ? JSON.parse(out).map((r) => ({ key: r.key, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data })) : [];
}

// The day a person born on birth (YYYY-MM-DD) turns 18, as a Date at 00:00 UTC.
export function majority(birth) {
  const [y, m, d] = birth.split('-').map(Number);
  const day = new Date(Date.UTC(y + 18, m - 1, d));
  return day.getUTCDate() === d ? day : new Date(Date.UTC(y + 18, 2, 1)); // 29 February: 1 March
}

/**
 * Picks from pop (lib/registers.mjs seed()): { manager, company, minorParent,
 * minor, adultParent, adultChild, others: [n adults] }, each a person of the
 * identity provider's list ({national_id, given_name, family_name}) but the
 * minor ({national_id, birth_date, ...}). now: the platform's clock (Date).
 * minorBefore: the minor turns 18 before this Date (for a test that moves
 * the clock to the birthday); else any minor at now. exclude: a Set of
 * national ids taken already (the ones picked are added to it), so that
 * several calls give different people.
 */
export function pickPeople(pop, { others = 0, now = new Date(), minorBefore, exclude = new Set() } = {}) {
  const adults = new Map(pop.population.map((p) => [p.national_id, p]));
  const persons = new Map(records(pop, 'persons').map((r) => [r.key, r.data]));
  const used = exclude;
  const take = (id) => { used.add(id); return adults.get(id); };
  // A company whose first manager logs in.
  const companies = records(pop, 'companies').filter((c) => /^B/.test(c.key));
  const co = companies.find((c) => c.data.managers.some((m) => adults.has(m)) && !c.data.managers.some((m) => used.has(m)));
  const manager = take(co.data.managers.find((m) => adults.has(m)));
  // A parent whose child is a minor now (and turns 18 before minorBefore, when asked).
  let minorParent, minor;
  for (const [id, p] of persons) {
    if (!adults.has(id) || used.has(id) || !Array.isArray(p.children)) continue;
    const kid = p.children.map((c) => ({ id: c, ...persons.get(c) })).find((c) => c.birth_date && majority(c.birth_date) > now &&
      (!minorBefore || majority(c.birth_date) <= minorBefore) && c.parents?.includes(id));
    if (kid) { minorParent = take(id); minor = { national_id: kid.id, ...kid }; break; }
  }
  // A parent all of whose children are adults, one of them in the provider's list.
  let adultParent, adultChild;
  for (const [id, p] of persons) {
    if (!adults.has(id) || used.has(id) || !Array.isArray(p.children) || p.children.length === 0) continue;
    const kids = p.children.map((c) => persons.get(c));
    if (kids.some((k) => !k || majority(k.birth_date) > now)) continue;
    const grown = p.children.find((c) => adults.has(c) && !used.has(c));
    if (grown) { adultParent = take(id); adultChild = take(grown); break; }
  }
  const rest = [];
  for (const p of pop.population) {
    if (rest.length === others) break;
    if (!used.has(p.national_id) && !minor?.parents?.includes(p.national_id)) { used.add(p.national_id); rest.push(p); }
  }
  if (!manager || !minorParent || !adultParent || rest.length < others) throw new Error('the seed lacks the people the test needs');
  return { manager, company: { number: co.key, ...co.data }, minorParent, minor, adultParent, adultChild, others: rest };
}

/** A logged-in person's API: api(method, path, body) with the cookie and
 *  CSRF token; json(method, path, body) the parsed answer (throws on a
 *  status other than expect). */
export function apiOf(site, who) {
  const api = (method, path, body) => fetch(`${site}${path}`, {
    method, redirect: 'manual',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = async (method, path, body, expect = 200) => {
    const res = await api(method, path, body);
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status}, expected ${expect}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { api, json };
}

/** A day as YYYY-MM-DD, days after d. */
export function day(d, days = 0) {
  return new Date(d.getTime() + days * 86400000).toISOString().slice(0, 10);
}

export { YEAR_MS };
