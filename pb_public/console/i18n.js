// The console's texts in French, Dutch and English (locales/*.json), and dates in words.
export const LANGUAGES = ['fr', 'nl', 'en'];

let catalog = {};
let current = 'fr';
let zone = 'Europe/Brussels';

// setTimeZone: times are shown as the branch lives them, whatever the laptop's clock says.
export function setTimeZone(name) { zone = name || zone; }

export const language = () => current;

// t is a text of the catalog in the chosen language, with {{name}} placeholders filled.
export function t(key, params = {}) {
  const text = catalog[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

// personName is how a person is named: "erased person" in the page's language for a
// pseudonym (an erased person's place in their duos), else their name.
export const personName = (user) => (user?.erased_at ? t('person.erasedName') : user?.name ?? '');

// languageName names a language code ("ar") in the page's language, as the browser knows it;
// the few it does not (Berber, Fula, Dari) the catalog does.
export function languageName(code) {
  if (code === 'other') return t('value.other');
  if (['ber', 'ff', 'prs'].includes(code)) return t(`lang.${code}`);
  return new Intl.DisplayNames([current], { type: 'language', fallback: 'code' }).of(code);
}

// listOf joins words as the page's language does ("arabe et français", "Arabic and French").
export const listOf = (words) => new Intl.ListFormat(current, { style: 'long', type: 'conjunction' }).format(words);

// messageOf is what to say of a failed request: the server's words, which it writes in the
// page's language, or ours when it could not be reached (the SDK's own are English).
export const messageOf = (err) => (err?.status && err.response?.message) || t('error.load');

// errorText is the first field error the server names, else messageOf.
export const errorText = (err) => Object.values(err?.response?.data ?? {})[0]?.message ?? messageOf(err);

// loadLanguage reads a catalog, writes it into the page's data-i18n elements, and has the
// SDK ask the server for its messages in the same language.
export async function loadLanguage(lang, pb) {
  current = LANGUAGES.includes(lang) ? lang : 'fr';
  const res = await fetch(`locales/${current}.json`);
  catalog = await res.json();
  document.documentElement.lang = current;
  document.getElementById('language').value = current;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  pb.beforeSend = (url, options) => {
    options.headers = { ...options.headers, 'Accept-Language': current };
    return { url, options };
  };
}

// calendarDate shows a stored calendar date ("2027-04-01") in the page's language.
export function calendarDate(iso) {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(current, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

// moment shows a stored moment ("2026-12-01 14:03:00.000Z") as a date and time in the branch's
// time zone.
export function moment(stamp) {
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
    .format(new Date(stamp.replace(' ', 'T')));
}

// dayOf shows the day of a stored moment in the branch's time zone ("6 December 2026").
export function dayOf(stamp) {
  return new Intl.DateTimeFormat(current, { dateStyle: 'long', timeZone: zone }).format(new Date(stamp.replace(' ', 'T')));
}
