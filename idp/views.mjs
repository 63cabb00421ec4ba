// HTML pages of the identity provider: plain, accessible, no JavaScript, no
// external assets. Texts in French (default), German and English.

export const LANGS = ['fr', 'de', 'en'];
export const DEFAULT_LANG = 'fr';

const T = {
  fr: {
    site: 'Fournisseur d’identité de démonstration',
    demo_notice: 'Environnement de démonstration et de test : il remplace l’eID national. N’y saisissez jamais de données réelles.',
    login_title: 'Connexion',
    login_intro: (client) => `Connectez-vous pour accéder à ${client}.`,
    who: 'Qui êtes-vous ?',
    national_id: 'Numéro d’identification national',
    national_id_hint: '13 chiffres, par exemple 1985031410148',
    or: 'ou',
    person: 'Choisir une personne de démonstration',
    person_none: '— aucune —',
    password: 'Mot de passe',
    password_hint: (pw) => `Mot de passe de démonstration, le même pour toutes les personnes : ${pw}`,
    submit: 'Se connecter',
    cancel: 'Annuler',
    login_error: 'La connexion a échoué : identifiant ou mot de passe incorrect.',
    language: 'Langue',
    error_title: 'Une erreur est survenue',
    expired: 'Cette demande de connexion a expiré ou n’existe pas. Retournez au service et recommencez.',
    back: 'Retour',
    logout_title: 'Déconnexion',
    logout_question: (client) => `Voulez-vous vous déconnecter${client ? ` de ${client}` : ''} ?`,
    logout_yes: 'Oui, me déconnecter',
    logout_no: 'Non, rester connecté',
    logged_out_title: 'Vous êtes déconnecté',
    logged_out: 'Votre déconnexion a réussi.',
    index_intro: 'Ce service ne s’utilise qu’au travers d’une application cliente (Guichet).',
  },
  de: {
    site: 'Demo-Identitätsanbieter',
    demo_notice: 'Demo- und Testumgebung: ersetzt die nationale eID. Geben Sie hier niemals echte Daten ein.',
    login_title: 'Anmeldung',
    login_intro: (client) => `Melden Sie sich an, um ${client} zu nutzen.`,
    who: 'Wer sind Sie?',
    national_id: 'Nationale Identifikationsnummer',
    national_id_hint: '13 Ziffern, zum Beispiel 1985031410148',
    or: 'oder',
    person: 'Eine Demo-Person auswählen',
    person_none: '— keine —',
    password: 'Passwort',
    password_hint: (pw) => `Demo-Passwort, für alle Personen gleich: ${pw}`,
    submit: 'Anmelden',
    cancel: 'Abbrechen',
    login_error: 'Die Anmeldung ist fehlgeschlagen: Kennung oder Passwort falsch.',
    language: 'Sprache',
    error_title: 'Ein Fehler ist aufgetreten',
    expired: 'Diese Anmeldeanfrage ist abgelaufen oder existiert nicht. Kehren Sie zum Dienst zurück und beginnen Sie erneut.',
    back: 'Zurück',
    logout_title: 'Abmeldung',
    logout_question: (client) => `Möchten Sie sich${client ? ` von ${client}` : ''} abmelden?`,
    logout_yes: 'Ja, abmelden',
    logout_no: 'Nein, angemeldet bleiben',
    logged_out_title: 'Sie sind abgemeldet',
    logged_out: 'Ihre Abmeldung war erfolgreich.',
    index_intro: 'Dieser Dienst wird nur über eine Client-Anwendung (Guichet) genutzt.',
  },
  en: {
    site: 'Demo identity provider',
    demo_notice: 'Demo and test environment: it stands in for the national eID. Never enter real data here.',
    login_title: 'Log in',
    login_intro: (client) => `Log in to use ${client}.`,
    who: 'Who are you?',
    national_id: 'National identification number',
    national_id_hint: '13 digits, for example 1985031410148',
    or: 'or',
    person: 'Pick a demo person',
    person_none: '— none —',
    password: 'Password',
    password_hint: (pw) => `Demo password, the same for every person: ${pw}`,
    submit: 'Log in',
    cancel: 'Cancel',
    login_error: 'Login failed: wrong identifier or password.',
    language: 'Language',
    error_title: 'Something went wrong',
    expired: 'This login request has expired or does not exist. Go back to the service and start again.',
    back: 'Back',
    logout_title: 'Log out',
    logout_question: (client) => `Do you want to log out${client ? ` of ${client}` : ''}?`,
    logout_yes: 'Yes, log me out',
    logout_no: 'No, stay logged in',
    logged_out_title: 'You are logged out',
    logged_out: 'You have logged out successfully.',
    index_intro: 'This service is only used through a client application (Guichet).',
  },
};

const LANG_NAMES = { fr: 'Français', de: 'Deutsch', en: 'English' };

export function texts(lang) {
  return T[lang] || T[DEFAULT_LANG];
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Picks the page language: an explicit choice (?lang=), then the OIDC
 * ui_locales parameter (space-separated, in order of preference), then the
 * Accept-Language header (by q-value), then French.
 */
export function pickLang({ explicit, uiLocales, acceptLanguage } = {}) {
  const norm = (tag) => String(tag).trim().toLowerCase().split(/[-_]/)[0];
  if (explicit && LANGS.includes(norm(explicit))) return norm(explicit);
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocales.split(/\s+/)) {
      if (LANGS.includes(norm(tag))) return norm(tag);
    }
  }
  if (typeof acceptLanguage === 'string' && acceptLanguage.length < 1000) {
    const ranked = acceptLanguage.split(',').map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      let q = 1;
      for (const p of params) {
        const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
        if (m) q = Number(m[1]);
      }
      return { lang: norm(tag), q: Number.isFinite(q) ? q : 0, i };
    }).filter((x) => x.q > 0 && LANGS.includes(x.lang))
      .sort((a, b) => b.q - a.q || a.i - b.i);
    if (ranked.length) return ranked[0].lang;
  }
  return DEFAULT_LANG;
}

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#f3f4f6}
header{background:#00294d;color:#fff;padding:.75rem 1rem}
header .inner,main,footer{max-width:34rem;margin:0 auto}
header p{margin:0;font-weight:600}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;gap:1rem}
nav a{color:#fff}
nav a[aria-current]{font-weight:700;text-decoration:none}
main{background:#fff;margin-top:1.5rem;padding:1.5rem;border:1px solid #d0d4da;border-radius:4px}
h1{font-size:1.6rem;margin:0 0 .75rem}
.notice{background:#fff8e1;border-left:4px solid #b58100;padding:.5rem .75rem;font-size:.95rem}
.error{background:#fdecea;border-left:4px solid #b00020;padding:.5rem .75rem;font-weight:600}
fieldset{border:0;padding:0;margin:1rem 0}
legend{font-weight:700;font-size:1.15rem;margin-bottom:.5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.hint{display:block;color:#505a5f;font-size:.95rem;margin-bottom:.25rem}
input,select{font:inherit;width:100%;padding:.45rem .5rem;border:2px solid #1b1b1b;border-radius:0;background:#fff}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #ffbf47;outline-offset:0}
.or{margin:.75rem 0 0;font-style:italic}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.5rem 1.1rem;border:0;border-radius:0;cursor:pointer;background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18}
button.secondary{background:#e5e7eb;color:#1b1b1b;box-shadow:0 2px 0 #929191}
footer{font-size:.85rem;color:#505a5f;padding:1rem 0}
`;

function langNav(lang, t, hrefFor) {
  if (!hrefFor) return '';
  const items = LANGS.map((l) => (l === lang
    ? `<li><a href="${esc(hrefFor(l))}" lang="${l}" hreflang="${l}" aria-current="true">${LANG_NAMES[l]}</a></li>`
    : `<li><a href="${esc(hrefFor(l))}" lang="${l}" hreflang="${l}">${LANG_NAMES[l]}</a></li>`)).join('');
  return `<nav aria-label="${esc(t.language)}"><ul>${items}</ul></nav>`;
}

/** The whole page around a body. */
export function layout({ lang, title, body, hrefFor }) {
  const t = texts(lang);
  return `<!DOCTYPE html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} – ${esc(t.site)}</title>
<style>${CSS}</style>
</head>
<body>
<header><div class="inner"><p>${esc(t.site)}</p>${langNav(lang, t, hrefFor)}</div></header>
<main>
${body}
</main>
<footer><p class="notice">${esc(t.demo_notice)}</p></footer>
</body>
</html>
`;
}

/** The login page of an interaction. */
export function loginPage({
  lang, uid, clientName, featured, error, passwordHint, hrefFor,
}) {
  const t = texts(lang);
  const options = featured.map((p) => `<option value="${esc(p.national_id)}">${esc(`${p.given_name} ${p.family_name}`)}</option>`).join('\n');
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const body = `<h1>${esc(t.login_title)}</h1>
<p>${esc(t.login_intro(clientName))}</p>
${error ? `<p class="error" role="alert" id="login-error">${esc(t.login_error)}</p>` : ''}
<form method="post" action="${esc(action)}" autocomplete="off" novalidate>
<fieldset>
<legend>${esc(t.who)}</legend>
<label for="national_id">${esc(t.national_id)}</label>
<span class="hint" id="national_id-hint">${esc(t.national_id_hint)}</span>
<input id="national_id" name="national_id" type="text" inputmode="numeric" autocomplete="username" spellcheck="false" maxlength="20" aria-describedby="national_id-hint${error ? ' login-error' : ''}">
<p class="or">${esc(t.or)}</p>
<label for="person">${esc(t.person)}</label>
<select id="person" name="person">
<option value="">${esc(t.person_none)}</option>
${options}
</select>
</fieldset>
<label for="password">${esc(t.password)}</label>
${passwordHint ? `<span class="hint" id="password-hint">${esc(t.password_hint(passwordHint))}</span>` : ''}
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200"${passwordHint ? ' aria-describedby="password-hint"' : ''}>
<input type="hidden" name="lang" value="${esc(lang)}">
<div class="actions">
<button type="submit">${esc(t.submit)}</button>
<button type="submit" class="secondary" formaction="/interaction/${esc(encodeURIComponent(uid))}/abort" formnovalidate>${esc(t.cancel)}</button>
</div>
</form>`;
  return layout({
    lang, title: t.login_title, body, hrefFor,
  });
}

/** An error page; message is shown as text (escaped). */
export function errorPage({ lang, message, details }) {
  const t = texts(lang);
  const body = `<h1>${esc(t.error_title)}</h1>
<p role="alert">${esc(message)}</p>
${details ? `<p class="hint">${esc(details)}</p>` : ''}`;
  return layout({ lang, title: t.error_title, body });
}

/** The RP-initiated logout confirmation; form is oidc-provider's hidden form (id="op.logoutForm"). */
export function logoutPage({ lang, clientName, form }) {
  const t = texts(lang);
  const body = `<h1>${esc(t.logout_title)}</h1>
<p>${esc(t.logout_question(clientName))}</p>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">${esc(t.logout_yes)}</button>
<button type="submit" class="secondary" form="op.logoutForm">${esc(t.logout_no)}</button>
</div>`;
  return layout({ lang, title: t.logout_title, body });
}

export function loggedOutPage({ lang }) {
  const t = texts(lang);
  return layout({ lang, title: t.logged_out_title, body: `<h1>${esc(t.logged_out_title)}</h1>\n<p>${esc(t.logged_out)}</p>` });
}

export function indexPage({ lang, issuer }) {
  const t = texts(lang);
  const body = `<h1>${esc(t.site)}</h1>
<p>${esc(t.index_intro)}</p>
<p><a href="${esc(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)}">/.well-known/openid-configuration</a></p>`;
  return layout({ lang, title: t.site, body });
}
