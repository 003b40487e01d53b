// The coordinators' console: a client of duo's own API through the official pocketbase SDK,
// with the coordinator's token, so that it shows exactly what the API rules let them read.
import PocketBase from './vendor/pocketbase.es.mjs';
import { $, button, forgetSaid, notice, show, takeNextNotice } from './dom.js';
import { LANGUAGES, loadLanguage, setTimeZone, t } from './i18n.js';
import { bindCalendar, renderCalendar } from './calendar.js';
import { renderDuo } from './duo.js';
import { bindDuos, renderDuos } from './duos.js';
import { bindImpact, renderImpact } from './impact.js';
import { renderMatching } from './matching.js';
import { renderOverview } from './overview.js';
import { bindPeople, renderPeople } from './people.js';
import { redrawPerson, renderPerson } from './person.js';
import { drawChoices } from './profile-form.js';
import { renderSession } from './session.js';

const LANGUAGE_KEY = 'duo.console.language';
const BRANCH_KEY = 'duo.console.branch';
const PAGES = ['overview', 'people', 'calendar', 'duos', 'matching', 'impact'];

const pb = new PocketBase(window.location.origin);
let shownBranch = ''; // the branch whose pages are shown
let shownBranchRecord = null;
pb.autoCancellation(false);

// preferredLanguage: the one chosen here before, else the person's own, else the browser's.
function preferredLanguage(record) {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen) return chosen;
  if (record?.locale) return record.locale;
  const browser = (navigator.language || 'fr').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'fr';
}

const signedIn = () => pb.authStore.isValid;
const isSuperuser = () => pb.authStore.isSuperuser;
const isCoordinator = () => pb.authStore.record?.collectionName === 'users' && pb.authStore.record?.role === 'coordinator';

function describeWho() {
  const r = pb.authStore.record;
  $('who').textContent = isSuperuser() ? t('who.superuser', { email: r.email }) : t('who.coordinator', { name: r.name });
}

async function signIn(email, password) {
  try {
    await pb.collection('users').authWithPassword(email, password);
  } catch (err) {
    if (err.status !== 400) throw err;
    // Not a person of the programme: perhaps one of its administrators.
    await pb.collection('_superusers').authWithPassword(email, password);
  }
}

function signInError(err) {
  if (err.status === 429) return t('signin.tooMany');
  if (err.status === 0 || err.isAbort) return t('signin.offline');
  return t('signin.failed');
}

async function onSignIn(event) {
  event.preventDefault();
  const error = $('signin-error');
  error.hidden = true;
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark('duo:signin');
  try {
    await signIn($('email').value.trim(), $('password').value);
  } catch (err) {
    error.textContent = signInError(err);
    error.hidden = false;
    $('password').select();
    return;
  }
  $('password').value = '';
  renewedAt = Date.now();
  await start();
}

// forgetSession drops the token here and shows the sign-in: the server said it no longer
// works, or the person signed out.
function forgetSession() {
  pb.authStore.clear();
  localStorage.removeItem(BRANCH_KEY);
  notice('');
  show('signin', false);
  $('email').focus();
}

// signOut ends the session on the server too (POST /api/auth/sign-out): the token, and every
// other of this person's, stops working there, not only here.
async function signOut() {
  if (pb.authStore.isValid) {
    try {
      await pb.send('/api/auth/sign-out', { method: 'POST' });
    } catch {
      // unreachable or already ended: the token is dropped here all the same
    }
  }
  forgetSession();
}

// A coordinator's token lasts two hours (people.StaffSignIn): while the console is used, it
// renews the token, at most every ten minutes; left alone, it signs itself out.
const RENEW_EVERY_MS = 10 * 60 * 1000;
let renewedAt = Date.now();
async function keepSession() {
  if (!pb.authStore.token) return;
  if (!signedIn()) {
    forgetSession();
    return;
  }
  if (Date.now() - renewedAt < RENEW_EVERY_MS) return;
  renewedAt = Date.now();
  try {
    await pb.collection(isSuperuser() ? '_superusers' : 'users').authRefresh();
  } catch (err) {
    if (err.status === 401 || err.status === 403) forgetSession();
  }
}

async function chooseBranch() {
  const list = $('branch-list');
  list.replaceChildren();
  const branches = await pb.collection('branches').getFullList({ sort: 'name' });
  for (const b of branches) {
    const item = document.createElement('li');
    item.append(button(`${b.name} (${b.city})`, () => {
      localStorage.setItem(BRANCH_KEY, b.id);
      route();
    }, 'link'));
    list.append(item);
  }
  show('branches', true);
}

// pageOf names the page an address shows: #overview, #people, #person/<id|new>, #calendar,
// #session/<id|new>, #duos, #duo/<id>, #matching, #impact.
function pageOf(hash) {
  const [name, id, about] = hash.slice(1).split('/');
  if (['duo', 'person', 'session'].includes(name) && id) return { page: name, id, about }; // #session/new/<duo>: for that duo
  return { page: PAGES.includes(name) ? name : 'overview' };
}

// markOverviewReady measures, for the Performance API, the time from pressing "sign in" to the
// overview drawn and painted with the main thread free again ("duo:signin-to-overview").
function markOverviewReady() {
  if (!performance.getEntriesByName('duo:signin').length || performance.getEntriesByName('duo:overview-ready').length) return;
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark('duo:overview-ready');
    performance.measure('duo:signin-to-overview', 'duo:signin', 'duo:overview-ready');
  }, 0));
}

// route shows the page the address names for the current branch.
async function route() {
  notice(takeNextNotice()); // what the last page said is not about this one, unless it was for it
  forgetSaid();
  const { page, id, about } = pageOf(window.location.hash);
  const branchId = isSuperuser() ? localStorage.getItem(BRANCH_KEY) : pb.authStore.record.branch;
  if (!branchId) {
    await chooseBranch();
    return;
  }
  try {
    const branch = await pb.collection('branches').getOne(branchId);
    shownBranch = branch.id;
    shownBranchRecord = branch;
    setTimeZone(branch.timezone);
    if (page === 'matching') await renderMatching(pb, branch.id);
    else if (page === 'people') await renderPeople(pb, branch.id);
    else if (page === 'person') await renderPerson(pb, id, branch.id, branch.timezone);
    else if (page === 'calendar') await renderCalendar(pb, branch);
    else if (page === 'session') await renderSession(pb, id, branch, about);
    else if (page === 'duos') await renderDuos(pb, branch.id);
    else if (page === 'duo') await renderDuo(pb, id, branch);
    else if (page === 'impact') await renderImpact(pb, branch.id, isSuperuser());
    else await renderOverview(pb, branch, isSuperuser());
    show(page, true);
    if (page === 'overview') markOverviewReady();
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      forgetSession();
      return;
    }
    notice(t('error.load'));
  }
}

// start shows what the person signed in may use: their branch (coordinators), a choice of
// branch (administrators), or nothing at all (mentors and mentees).
async function start() {
  notice('');
  if (!signedIn()) {
    show('signin', false);
    return;
  }
  if (!isSuperuser() && !isCoordinator()) {
    pb.authStore.clear();
    show('signin', false);
    notice(t('signin.staffOnly'));
    return;
  }
  if (!localStorage.getItem(LANGUAGE_KEY) && pb.authStore.record?.locale) await loadLanguage(pb.authStore.record.locale, pb);
  describeWho();
  await route();
}

// keepLanguage makes the language chosen here the coordinator's own, so that the server's
// messages and mails to them speak it too.
async function keepLanguage(lang) {
  const me = pb.authStore.record;
  if (!signedIn() || !isCoordinator() || me.locale === lang) return;
  try {
    await pb.collection('users').update(me.id, { locale: lang });
  } catch {
    // the console still speaks it; the account keeps its language
  }
}

async function main() {
  await loadLanguage(preferredLanguage(pb.authStore.record), pb);
  $('language').addEventListener('change', async (e) => {
    localStorage.setItem(LANGUAGE_KEY, e.target.value);
    await loadLanguage(e.target.value, pb);
    drawChoices();
    await keepLanguage(e.target.value);
    if (signedIn() && pageOf(window.location.hash).page === 'person' && !$('person').hidden) {
      notice(''); // what was said, was said in the other language
      forgetSaid();
      describeWho();
      await redrawPerson(); // what is typed in the form stays as it is
      show('person', true);
      return;
    }
    await start();
  });
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout').addEventListener('click', signOut);
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, keepSession, { passive: true });
  window.addEventListener('hashchange', () => { if (signedIn()) route(); });
  bindDuos(() => renderDuos(pb, shownBranch).catch(() => notice(t('error.load'))));
  // A new search redraws the list alone, in the order asked (the page and its branch stay).
  bindPeople(() => renderPeople(pb, shownBranch).catch(() => notice(t('error.load'))));
  bindCalendar(() => renderCalendar(pb, shownBranchRecord).then(() => show('calendar', true, { keepScroll: true }))
    .catch(() => notice(t('error.load'))));
  bindImpact(pb, () => ({ branchId: shownBranch, asSuperuser: isSuperuser() }), () => notice(t('error.load')));
  drawChoices();
  if (signedIn()) {
    try {
      await pb.collection(isSuperuser() ? '_superusers' : 'users').authRefresh();
      renewedAt = Date.now();
    } catch {
      pb.authStore.clear();
    }
  }
  await start();
}

main();
