// The mentors' and mentees' app: a client of duo's API through the official pocketbase SDK
// and the sync client kit, so that it shows what the API rules let the person read, works
// offline from its local copy, and sends their edits when the phone is back online.
import PocketBase, { LocalAuthStore } from './vendor/pocketbase.es.mjs';
import { byId, h } from './dom.js';
import { LANGUAGES, language, loadLanguage, setTimeZone, t } from './i18n.js';
import { drawStatus, bindBanners } from './chrome.js';
import { registerWorker } from './updates.js';
import { resolve } from './screens/routes.js';
import { cachedSettings, refreshSettings } from './settings.js';
import { Notes } from './notes.js';

/** @typedef {import('./screens/routes.js').Context} Context */

const LANGUAGE_KEY = 'duo.app.language';

// The app's sign-in is kept under its own key: the console, on the same server and browser
// (a coordinator trying the app), keeps its own and neither takes the other's place.
const pb = new PocketBase(window.location.origin, new LocalAuthStore('duo.app.auth'));
pb.autoCancellation(false);
pb.beforeSend = (url, options) => {
  options.headers = { ...options.headers, 'Accept-Language': language() };
  return { url, options };
};
// The session's code (the kit, the copy) starts loading now, beside the first screen.
const session = import('./session.js');

/** @type {Context} */
const ctx = {
  pb, kit: /** @type {any} */ (null), model: /** @type {any} */ (null), notes: new Notes(''), settings: cachedSettings(),
  go: (route) => { if (window.location.hash.slice(1) === route) draw(true); else window.location.hash = route; },
  notice, redraw: () => draw(false), setLanguage, signedOut,
};

/** notice says something for a few seconds (saved, sent, refused) where screen readers hear it. */
let noticeTimer = 0;
function notice(/** @type {string} */ text, /** @type {'ok'|'error'} */ kind = 'ok') {
  const el = byId('notice');
  el.textContent = text;
  el.className = `notice ${kind}`;
  el.hidden = !text;
  clearTimeout(noticeTimer);
  if (text) noticeTimer = window.setTimeout(() => { el.hidden = true; }, kind === 'error' ? 12_000 : 5_000);
}

/**
 * The person's language: their account's (their branch's when unset), else the one chosen
 * here, else the one the invitation's page opened the app in (?lang=), else the phone's.
 */
function preferredLanguage() {
  const person = ctx.model?.person ?? pb.authStore.record;
  const duo = ctx.model?.duo;
  const branchLocale = duo ? ctx.model.branch(duo)?.locale : '';
  const asked = new URLSearchParams(window.location.search).get('lang') ?? '';
  const browser = (navigator.language || 'fr').slice(0, 2);
  return person?.locale || branchLocale || localStorage.getItem(LANGUAGE_KEY) || (LANGUAGES.includes(asked) ? asked : '')
    || (LANGUAGES.includes(browser) ? browser : 'fr');
}

/** setLanguage switches the app's words, and the account's language when signed in (pushes follow it). */
async function setLanguage(/** @type {string} */ lang) {
  localStorage.setItem(LANGUAGE_KEY, lang);
  notice(''); // a notice in the former language goes
  if (ctx.model?.person && ctx.model.person.locale !== lang) await ctx.kit.update('users', ctx.model.me, { locale: /** @type {'fr'|'nl'|'en'} */ (lang) });
  await loadLanguage(lang);
  draw(false);
}

let drawnRoute = '';
let drawnLanguage = '';
let drawing = 0;
let movePending = false; // a navigation superseded while loading still moves the focus
/**
 * draw shows the screen the address names. A new screen takes the focus (its heading), as a
 * page would; a screen drawn again after a sync keeps the reader's place and focus. A screen
 * not loaded yet is loaded first; a later draw wins over one still loading.
 * @param {boolean} moved
 */
async function draw(moved) {
  const ticket = ++drawing;
  const route = window.location.hash.slice(1) || 'home';
  movePending ||= moved || drawnLanguage !== language();
  const signedIn = !!ctx.model;
  const screen = resolve(signedIn ? route : (route === 'forgot' ? 'forgot' : 'signin'));
  if (!movePending && !screen.live && drawnRoute === route) return; // a form being filled stays as it is
  const render = await screen.load();
  if (ticket !== drawing) return;
  moved = movePending;
  movePending = false;
  const focused = document.activeElement?.id;
  const scroll = window.scrollY;
  const { node, title } = render(ctx, screen.params);
  byId('main').replaceChildren(node);
  byId('main').dataset.route = screen.name;
  byId('main').dataset.address = route;
  byId('main').dataset.drawn = String(Number(byId('main').dataset.drawn ?? 0) + 1); // tests wait for it
  document.title = `${title} · DUO for a JOB`;
  drawTabs(signedIn ? screen.tab : '');
  drawStatus(ctx);
  drawnRoute = route;
  drawnLanguage = language();
  if (moved) {
    window.scrollTo(0, 0);
    /** @type {HTMLElement|null} */ (byId('main').querySelector('h1'))?.focus();
  } else {
    window.scrollTo(0, scroll);
    if (focused) document.getElementById(focused)?.focus();
  }
}

const TABS = [['home', 'tab.home'], ['meetings', 'tab.meetings'], ['objectives', 'tab.objectives'], ['me', 'tab.me']];

/** The four tabs at the bottom, large, with the current one marked. */
function drawTabs(/** @type {string} */ current) {
  const nav = byId('tabs');
  nav.hidden = !current;
  nav.setAttribute('aria-label', t('tab.label'));
  nav.replaceChildren(...TABS.map(([route, key]) => h('a', { href: `#${route}`, class: `tab tab-${route}`,
    'aria-current': route === current ? 'page' : false }, h('span', { class: 'tab-icon', 'aria-hidden': 'true' }), t(key))));
}

/** Opens the signed-in person's copy and starts syncing, in their language. */
async function openCopy() {
  const { openCopy: open } = await session;
  await open(ctx, { changed: scheduleRedraw, signedOut, notice });
  if (preferredLanguage() !== language()) await loadLanguage(preferredLanguage());
}

let redrawQueued = false;
/** Many records change in one pull: the screen is drawn once after them. */
function scheduleRedraw() {
  if (redrawQueued) return;
  redrawQueued = true;
  requestAnimationFrame(() => {
    redrawQueued = false;
    const duo = ctx.model?.duo;
    if (duo) setTimeZone(ctx.model.zone(duo));
    const lang = preferredLanguage();
    if (ctx.model && lang !== language()) loadLanguage(lang).then(() => draw(false));
    else draw(false);
  });
}

/** signedOut: the copy is gone (signed out here, or the server ended the session): the sign-in shows. */
function signedOut(/** @type {string} */ message) {
  session.then((s) => s.closeCopy());
  ctx.model = /** @type {any} */ (null);
  window.location.hash = 'signin';
  draw(true);
  if (message) notice(message, 'error');
}

// Opens the copy once the person signed in (screens/signin.js calls it through the context).
ctx.signedIn = async () => {
  await openCopy();
  if (window.location.hash.slice(1) === 'home') draw(true);
  else window.location.hash = 'home';
};

async function start() {
  registerWorker();
  bindBanners(ctx);
  refreshSettings(pb).then((settings) => { ctx.settings = settings; });
  const record = pb.authStore.record;
  if (record?.collectionName === 'users' && pb.authStore.isValid && record.role !== 'coordinator') {
    await openCopy();
  }
  await loadLanguage(preferredLanguage());
  window.addEventListener('hashchange', () => draw(true));
  draw(true);
}

start().catch((err) => {
  console.error(err);
  byId('main').replaceChildren(h('p', { class: 'error' }, String(err?.message ?? err)));
});
