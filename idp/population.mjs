// The demo population of the identity provider, and the Luxembourg national
// identification number ("matricule") it uses as the person's identifier.
//
// A matricule has 13 digits: YYYYMMDD (birth date), XXX (sequence), then two
// check digits computed over the first 11 digits: a Luhn digit, then a
// Verhoeff digit.
import { readFileSync } from 'node:fs';

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function digitsOf(s) {
  if (typeof s !== 'string' || !/^[0-9]+$/.test(s)) throw new TypeError('expected a string of digits');
  return [...s].map(Number);
}

/** The Luhn check digit to append to a string of digits. */
export function luhnDigit(payload) {
  const ds = digitsOf(payload).reverse();
  let sum = 0;
  ds.forEach((d, i) => {
    // The rightmost payload digit is doubled, since the check digit will follow it.
    if (i % 2 === 0) {
      const x = d * 2;
      sum += x > 9 ? x - 9 : x;
    } else {
      sum += d;
    }
  });
  return (10 - (sum % 10)) % 10;
}

/** The Verhoeff check digit to append to a string of digits. */
export function verhoeffDigit(payload) {
  const ds = digitsOf(payload).reverse();
  let c = 0;
  ds.forEach((d, i) => {
    c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][d]];
  });
  return VERHOEFF_INV[c];
}

/** The two check digits (Luhn, then Verhoeff) of the first 11 digits of a matricule. */
export function checkDigits(first11) {
  if (!/^[0-9]{11}$/.test(first11)) throw new TypeError('expected 11 digits');
  return `${luhnDigit(first11)}${verhoeffDigit(first11)}`;
}

/** Builds a valid matricule from a birth date (YYYY-MM-DD) and a 3-digit sequence. */
export function makeNationalId(birthdate, sequence) {
  const first11 = birthdate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first11 + checkDigits(first11);
}

function isCalendarDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Whether s is a valid 13-digit Luxembourg national identification number:
 * 13 digits, a real calendar date in the first 8, and both check digits right.
 */
export function isValidNationalId(s) {
  if (typeof s !== 'string' || !/^[0-9]{13}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (!isCalendarDate(y, m, d)) return false;
  return checkDigits(s.slice(0, 11)) === s.slice(11);
}

/** Normalises what a person typed: drops spaces, dots and dashes. */
export function normaliseNationalId(typed) {
  return String(typed ?? '').replace(/[\s.\-]/g, '');
}

const LOCALES = new Set(['fr', 'de', 'en', 'lb']);
const NAME_MAX = 100;

function validatePerson(p, i) {
  const where = `person ${i}`;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new Error(`${where}: not an object`);
  const allowed = new Set(['national_id', 'given_name', 'family_name', 'birthdate', 'locale', 'featured']);
  for (const k of Object.keys(p)) {
    if (!allowed.has(k)) throw new Error(`${where}: unknown field ${k}`);
  }
  if (!isValidNationalId(p.national_id)) throw new Error(`${where}: national_id is not a valid matricule`);
  for (const k of ['given_name', 'family_name']) {
    if (typeof p[k] !== 'string' || p[k].trim() === '' || p[k].length > NAME_MAX) throw new Error(`${where}: ${k} missing or too long`);
  }
  if (typeof p.birthdate !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(p.birthdate)) throw new Error(`${where}: birthdate must be YYYY-MM-DD`);
  if (p.birthdate.replaceAll('-', '') !== p.national_id.slice(0, 8)) throw new Error(`${where}: birthdate does not match national_id`);
  if (!LOCALES.has(p.locale)) throw new Error(`${where}: locale must be one of fr, de, en, lb`);
  if (p.featured !== undefined && typeof p.featured !== 'boolean') throw new Error(`${where}: featured must be a boolean`);
}

/**
 * Validates and indexes a population (a JSON array of persons).
 * Returns { persons, byId, featured }. Persons flagged "featured": true are
 * offered in the login page's list; when none is flagged, the first six are.
 */
export function buildPopulation(list) {
  if (!Array.isArray(list)) throw new Error('population must be a JSON array');
  const byId = new Map();
  list.forEach((p, i) => {
    validatePerson(p, i);
    if (byId.has(p.national_id)) throw new Error(`person ${i}: duplicate national_id`);
    byId.set(p.national_id, Object.freeze({
      national_id: p.national_id,
      given_name: p.given_name,
      family_name: p.family_name,
      birthdate: p.birthdate,
      locale: p.locale,
    }));
  });
  let featured = list.filter((p) => p.featured === true);
  if (featured.length === 0) featured = list.slice(0, 6);
  return {
    persons: [...byId.values()],
    byId,
    featured: featured.map((p) => byId.get(p.national_id)),
  };
}

/** Reads, validates and indexes a population file. */
export function loadPopulation(path) {
  let list;
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`population file ${path}: ${err.code === 'ENOENT' ? 'not found' : 'not valid JSON'}`);
  }
  try {
    return buildPopulation(list);
  } catch (err) {
    throw new Error(`population file ${path}: ${err.message}`);
  }
}
