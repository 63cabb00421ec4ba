// Logs a demo person in through the identity provider and prints the
// session cookie ("__Host-guichet=…") for the session benchmark.
// usage: node bench/login.mjs SITE_URL [NATIONAL_ID]
import { CookieJar, loginThroughForm } from '../idp/testing.mjs';

const site = process.argv[2];
const nationalId = process.argv[3] || '1985031410148';
const start = await fetch(`${site}/login?next=%2Fspace`, { redirect: 'manual' });
if (start.status !== 303) throw new Error(`/login answered ${start.status}`);
const callback = await loginThroughForm(new CookieJar(), start.headers.get('location'), { nationalId });
const res = await fetch(callback, { redirect: 'manual' });
const line = res.headers.getSetCookie().find((c) => c.startsWith('__Host-guichet='));
if (!line) throw new Error(`no session cookie (status ${res.status})`);
console.log(line.split(';')[0]);
