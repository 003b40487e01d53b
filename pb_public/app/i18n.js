// The app's words in French, Dutch and English (locales/*.json), and dates as people say them.
export const LANGUAGES = ['fr', 'nl', 'en'];

/** @type {Record<string, string>} */
let catalog = {};
let current = 'fr';
let zone = 'Europe/Brussels';

/** The branch's time zone: "today" and the weekly meeting are the branch's, whatever the phone says. */
export function setTimeZone(/** @type {string} */ name) { if (name) zone = name; }
export const timeZone = () => zone;
export const language = () => current;

/**
 * t is a text of the catalog in the chosen language, with {{name}} placeholders filled.
 * @param {string} key @param {Record<string, string|number>} [params]
 */
export function t(key, params = {}) {
  const text = catalog[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

/**
 * tn is a text that depends on a count: "1 change waiting", "3 changes waiting" (the key's
 * .one and .other forms, chosen by the language's own plural rules).
 * @param {string} key @param {number} n @param {Record<string, string|number>} [params]
 */
export function tn(key, n, params = {}) {
  const form = new Intl.PluralRules(current).select(n);
  return t(`${key}.${form}` in catalog ? `${key}.${form}` : `${key}.other`, { ...params, n });
}

/** Whether the catalog has a text for key (values the server may add have none yet). */
export const has = (/** @type {string} */ key) => key in catalog;

/**
 * loadLanguage reads a catalog (one of this version's files, kept by the service worker).
 * @param {string} lang
 */
export async function loadLanguage(lang) {
  const chosen = LANGUAGES.includes(lang) ? lang : 'fr';
  const res = await fetch(new URL(`./locales/${chosen}.json`, import.meta.url));
  catalog = await res.json();
  current = chosen;
  document.documentElement.lang = current;
}

/** firstName: partners see each other's first name; an erased person is named as such. */
export function firstName(/** @type {{name?: string, erased_at?: string}|undefined} */ user) {
  if (!user) return '…';
  if (user.erased_at) return t('person.erased');
  return (user.name ?? '').trim().split(/\s+/)[0] || '…';
}

/** @param {string} iso "2026-12-08" or a stored date: a calendar day, never shifted by a zone */
function utcDay(iso) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** longDate: "mardi 8 décembre 2026". */
export const longDate = (/** @type {string} */ iso) =>
  new Intl.DateTimeFormat(current, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utcDay(iso));

/** shortDate: "8 déc." (this year), "8 déc. 2025" (another). */
export function shortDate(/** @type {string} */ iso) {
  const sameYear = iso.slice(0, 4) === today().slice(0, 4);
  return new Intl.DateTimeFormat(current, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' })
    .format(utcDay(iso));
}

/** weekdayName: 1 (Monday) .. 7 (Sunday) in words. */
export const weekdayName = (/** @type {number} */ n) =>
  new Intl.DateTimeFormat(current, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, n)); // 1 Jan 2024 was a Monday

/** moment: a stored date-time ("2026-12-01 14:03:00.000Z") as the branch lives it. */
export const moment = (/** @type {string} */ stamp) =>
  new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(stamp.replace(' ', 'T')));

/**
 * span: when a session takes place, as the branch lives it: "mardi 8 décembre, 18:30 – 20:30".
 * @param {string} start @param {string} end stored date-times @param {string} [inZone] the session's branch's zone
 */
export function span(start, end, inZone = zone) {
  const from = new Date(start.replace(' ', 'T'));
  const to = new Date(end.replace(' ', 'T'));
  const day = new Intl.DateTimeFormat(current, { weekday: 'long', day: 'numeric', month: 'long', timeZone: inZone }).format(from);
  const hour = new Intl.DateTimeFormat(current, { hour: '2-digit', minute: '2-digit', timeZone: inZone });
  return `${day}, ${hour.formatRange(from, to)}`;
}

/** today: the branch's calendar day, "2026-12-06". */
export const today = (/** @type {Date} */ at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

/** addDays to a calendar day. */
export const addDays = (/** @type {string} */ iso, /** @type {number} */ days) =>
  new Date(utcDay(iso) + days * 86_400_000).toISOString().slice(0, 10);

/** isoWeekday of a calendar day: 1 (Monday) .. 7 (Sunday). */
export const isoWeekday = (/** @type {string} */ iso) => ((new Date(utcDay(iso)).getUTCDay() + 6) % 7) + 1;

/** duration: 120 minutes as "2 h", 90 as "1 h 30". */
export function duration(/** @type {number} */ minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return t('minutes', { n: rest });
  return rest ? t('hoursMinutes', { h: hours, m: String(rest).padStart(2, '0') }) : t('hours', { n: hours });
}
