// The public sign-up: a person who has not joined yet picks an information session, registers,
// and comes back through the mail's link, which confirms (or cancels) the registration. No
// account, no cookie; the link's token travels in the address's fragment, which no server
// receives, and is wiped from the address once read.

/**
 * @typedef {{ id: string, name: string, city: string }} Branch
 * @typedef {{ id: string, branch: Branch, starts_at: string, ends_at: string, timezone: string,
 *   place: string, online: boolean, language: string, full: boolean }} Session
 * @typedef {{ status: number, data: Record<string, { code: string, message: string }>, message: string }} Failure
 */

const LANGUAGES = ['fr', 'nl', 'en'];
const FIELDS = ['session', 'role', 'first_name', 'last_name', 'email', 'phone', 'language', 'consent_contact'];

/** @type {Record<string, string>} */
let catalog = {};
let current = 'fr';
/** @type {Session[]} */
let sessions = [];
/** How many days after its session an unconverted registration is kept (the server says). */
let keepDays = '90';
const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * A text of the catalog in the chosen language, with {{name}} placeholders filled.
 * @param {string} key
 * @param {Record<string, string>} [params]
 */
function t(key, params = {}) {
  return (catalog[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name) => params[name] ?? '');
}

function firstLanguage() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked && LANGUAGES.includes(asked)) return asked;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const code = (wanted || '').slice(0, 2);
    if (LANGUAGES.includes(code)) return code;
  }
  return 'fr';
}

/** @param {string} lang */
async function loadLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'fr';
  catalog = await (await fetch(`locales/${current}.json`)).json();
  document.documentElement.lang = current;
  /** @type {HTMLSelectElement} */ ($('language')).value = current;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
  document.title = t('title');
  $('privacy').textContent = t('privacy', { days: keepDays });
  renderSessions();
}

/**
 * Calls one of the sign-up's routes; the server answers errors in the page's language.
 * @param {string} method
 * @param {string} path
 * @param {object} [body]
 */
async function call(method, path, body) {
  const res = await fetch(path, {
    method, headers: { 'Content-Type': 'application/json', 'Accept-Language': current },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw /** @type {Failure} */ ({ status: res.status, data: json.data ?? {}, message: json.message ?? '' });
  return json;
}

/** @param {string} stamp "2026-12-09 17:00:00.000Z" */
const instant = (stamp) => new Date(stamp.replace(' ', 'T'));

/** How dates are written in each language: as in Belgium, and in English as in Europe. */
const DATE_LOCALES = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** A session's day and hours in its branch's zone, in the page's language. @param {Session} s */
function when(s) {
  const zone = s.timezone || 'Europe/Brussels';
  const locale = DATE_LOCALES[/** @type {'fr'|'nl'|'en'} */ (current)];
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone }).format(instant(s.starts_at));
  const hour = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
  return t('session.when', { day, start: hour.format(instant(s.starts_at)), end: hour.format(instant(s.ends_at)) });
}

/** @param {Session} s */
function where(s) {
  const parts = [s.online ? t('session.online') : s.place];
  if (s.language) parts.push(t(`session.lang.${s.language}`));
  return parts.filter(Boolean).join(' · ');
}

/** Sessions grouped by city and branch, each a radio; full ones shown, not selectable. */
function renderSessions() {
  const list = $('session-list');
  const chosen = /** @type {HTMLInputElement|null} */ (list.querySelector('input:checked'))?.value;
  list.replaceChildren();
  /** @type {Map<string, Session[]>} */
  const groups = new Map();
  for (const s of sessions) groups.set(s.branch.id, [...(groups.get(s.branch.id) ?? []), s]);
  for (const group of groups.values()) {
    const box = document.createElement('div');
    box.className = 'branch';
    const title = document.createElement('h2');
    const { city, name } = group[0].branch;
    title.textContent = name && name !== city ? `${city} · ${name}` : city;
    box.append(title);
    for (const s of group) box.append(sessionChoice(s, s.id === chosen));
    list.append(box);
  }
  $('sessions-loading').hidden = sessions.length > 0;
}

/** @param {Session} s @param {boolean} checked */
function sessionChoice(s, checked) {
  const item = document.createElement('div');
  item.className = s.full ? 'choice full' : 'choice';
  const input = document.createElement('input');
  Object.assign(input, { type: 'radio', name: 'session', value: s.id, id: `session-${s.id}`, disabled: s.full, checked: checked && !s.full });
  const label = document.createElement('label');
  label.htmlFor = input.id;
  const day = document.createElement('span');
  day.textContent = when(s);
  const place = document.createElement('span');
  place.className = 'hint';
  place.textContent = s.full ? `${where(s)} · ${t('session.full')}` : where(s);
  label.append(day, place);
  item.append(input, label);
  return item;
}

async function loadSessions() {
  try {
    const answer = await call('GET', '/api/join/sessions');
    sessions = answer.items;
    keepDays = String(answer.keep_days ?? keepDays);
    $('privacy').textContent = t('privacy', { days: keepDays });
    if (!sessions.length) $('sessions-loading').textContent = t('sessions.none');
  } catch {
    $('sessions-loading').textContent = t('sessions.failed');
  }
  renderSessions();
}

/** @param {string} field @param {string} text */
function fieldError(field, text) {
  const el = $(`error-${field}`);
  el.textContent = text;
  el.hidden = !text;
  const input = field === 'session' || field === 'role' ? null : document.getElementById(field === 'language' ? 'mail-language' : field);
  if (input) input.setAttribute('aria-invalid', text ? 'true' : 'false');
}

/** What the form holds, as POST /api/join reads it. @param {HTMLFormElement} form */
function values(form) {
  const data = new FormData(form);
  const text = (/** @type {string} */ name) => String(data.get(name) ?? '').trim();
  return { session: text('session'), role: text('role'), first_name: text('first_name'), last_name: text('last_name'),
    email: text('email'), phone: text('phone'), language: text('language'), consent_contact: data.get('consent_contact') === 'on',
    website: text('website') };
}

/** The page's own checks, in words next to each field; the server checks everything again. */
function check(/** @type {ReturnType<typeof values>} */ v) {
  /** @type {Record<string, string>} */
  const errs = {};
  if (!v.session) errs.session = t('error.session');
  if (!v.role) errs.role = t('error.role');
  if (!v.first_name) errs.first_name = t('error.name');
  if (!v.last_name) errs.last_name = t('error.name');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) errs.email = t('error.email');
  if (!v.consent_contact) errs.consent_contact = t('error.consent');
  return errs;
}

/** @param {SubmitEvent} event */
async function submit(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.target);
  const v = values(form);
  /** @type {Record<string, string>} */
  let errs = check(v);
  $('form-error').hidden = true;
  if (!Object.keys(errs).length) {
    /** @type {HTMLButtonElement} */ ($('send')).disabled = true;
    try {
      await call('POST', '/api/join', v);
      return showView('sent-view');
    } catch (err) {
      const failure = /** @type {Failure} */ (err);
      errs = Object.fromEntries(Object.entries(failure.data ?? {}).map(([k, e]) => [k, e.message]));
      if (!Object.keys(errs).length) say('form-error', failure.status === 429 ? t('error.tooMany') : t('error.failed'));
    } finally {
      /** @type {HTMLButtonElement} */ ($('send')).disabled = false;
    }
  }
  for (const field of FIELDS) fieldError(field, errs[field] ?? '');
  const first = FIELDS.find((f) => errs[f]);
  if (first) focusField(first);
}

/** @param {string} field */
function focusField(field) {
  const target = field === 'session' ? document.querySelector('#session-list input:not(:disabled)')
    : field === 'role' ? $('role-mentee') : document.getElementById(field === 'language' ? 'mail-language' : field);
  /** @type {HTMLElement|null} */ (target)?.focus();
}

/** @param {string} id @param {string} text */
function say(id, text) {
  $(id).textContent = text;
  $(id).hidden = !text;
}

/** @param {string} id */
function showView(id) {
  for (const view of ['form-view', 'sent-view', 'link-view']) $(view).hidden = view !== id;
  window.scrollTo(0, 0);
  $('main').focus();
}

/** The mail's link: confirm, then offer to cancel. */
async function confirmLink() {
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  showView('link-view');
  $('link-heading').textContent = t('link.confirming');
  try {
    const done = await call('POST', '/api/join/confirm', { token });
    $('link-heading').textContent = t('confirmed.heading', { name: done.first_name });
    say('link-text', t('confirmed.text'));
    say('link-detail', `${when(done.session)} · ${where(done.session)}`);
    if (done.link) {
      Object.assign($('link-address'), { href: done.link, textContent: t('confirmed.join') });
      $('link-online').hidden = false;
    }
    $('cancel').hidden = false;
  } catch (err) {
    linkFailed(/** @type {Failure} */ (err));
  }
}

/** @param {Failure} failure */
function linkFailed(failure) {
  if (failure.status === 404) {
    $('link-heading').textContent = t('expired.heading');
    say('link-text', t('expired.text'));
  } else {
    $('link-heading').textContent = t('problem.heading');
    say('link-text', '');
    say('link-error', Object.values(failure.data ?? {})[0]?.message ?? t('error.failed'));
  }
  showAgain();
}

/** The way back to the form, in the page's language. */
function showAgain() {
  /** @type {HTMLAnchorElement} */ ($('again')).href = `./?lang=${current}`;
  $('again').hidden = false;
}

async function cancelRegistration() {
  $('cancel').hidden = true;
  try {
    await call('POST', '/api/join/cancel', { token });
    $('link-heading').textContent = t('cancelled.heading');
    say('link-text', t('cancelled.text'));
    say('link-detail', '');
    $('link-online').hidden = true;
    showAgain();
    $('main').focus();
  } catch (err) {
    linkFailed(/** @type {Failure} */ (err));
  }
}

async function main() {
  await loadLanguage(firstLanguage());
  /** @type {HTMLSelectElement} */ ($('mail-language')).value = current;
  $('language').addEventListener('change', (e) => {
    const lang = /** @type {HTMLSelectElement} */ (e.target).value;
    /** @type {HTMLSelectElement} */ ($('mail-language')).value = lang;
    loadLanguage(lang);
  });
  $('join-form').addEventListener('submit', (e) => submit(/** @type {SubmitEvent} */ (e)));
  $('cancel').addEventListener('click', cancelRegistration);
  // A mail's link opened in the tab that sent the form changes only the fragment: start over.
  window.addEventListener('hashchange', () => window.location.reload());
  if (token) return confirmLink();
  await loadSessions();
}

main();
