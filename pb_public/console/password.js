// The page an invitation (or a reset asked for in the app) leads to: the person chooses their
// password through PocketBase's confirm-password-reset. The token came in the address's
// fragment, which no server ever receives; it is wiped from the address once used.
import PocketBase from './vendor/pocketbase.es.mjs';
import { LANGUAGES, loadLanguage, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const pb = new PocketBase(window.location.origin);
const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

function firstLanguage() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (LANGUAGES.includes(asked)) return asked;
  const browser = (navigator.language || 'fr').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'fr';
}

function say(text) {
  $('password-error').textContent = text;
  $('password-error').hidden = !text;
}

async function submit(event) {
  event.preventDefault();
  say('');
  const password = $('new-password').value;
  if (password.length < 8) return say(t('password.tooShort'));
  if (password !== $('confirm-password').value) return say(t('password.different'));
  try {
    await pb.collection('users').confirmPasswordReset(token, password, password);
  } catch (err) {
    const data = err.response?.data ?? {};
    if (data.password || data.passwordConfirm) return say((data.password ?? data.passwordConfirm).message);
    return say(err.status === 400 ? t('password.expired') : t('password.failed'));
  }
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  $('password-form').hidden = true;
  $('password-done').textContent = t('password.done');
  $('password-done').hidden = false;
  $('open-app').href = `/app/?lang=${document.documentElement.lang}`; // the app starts in the page's language
  $('password-app').hidden = false;
  $('main').focus();
}

async function main() {
  await loadLanguage(firstLanguage(), pb);
  $('language').addEventListener('change', (e) => loadLanguage(e.target.value, pb));
  $('password-form').addEventListener('submit', submit);
  if (!token) {
    $('password-form').hidden = true;
    say(t('password.noToken'));
  }
}

main();
