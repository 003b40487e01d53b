// The coordinators' console: a client of duo's own API through the official pocketbase SDK,
// with the coordinator's token, so that it shows exactly what the API rules let them read.
import PocketBase from './vendor/pocketbase.es.mjs';
import { $, button, notice, show } from './dom.js';
import { LANGUAGES, loadLanguage, t } from './i18n.js';
import { renderDuo } from './duo.js';
import { renderDuos } from './duos.js';
import { renderMatching } from './matching.js';
import { renderOverview } from './overview.js';

const LANGUAGE_KEY = 'duo.console.language';
const BRANCH_KEY = 'duo.console.branch';
const PAGES = ['overview', 'duos', 'matching'];

const pb = new PocketBase(window.location.origin);
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
  try {
    await signIn($('email').value.trim(), $('password').value);
  } catch (err) {
    error.textContent = signInError(err);
    error.hidden = false;
    $('password').select();
    return;
  }
  $('password').value = '';
  await start();
}

function signOut() {
  pb.authStore.clear();
  localStorage.removeItem(BRANCH_KEY);
  notice('');
  show('signin', false);
  $('email').focus();
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

// route shows the page the address names (#overview, #duos, #duo/<id>, #matching) for the
// current branch.
async function route() {
  notice(''); // what the last page said is not about this one
  const [name, id] = window.location.hash.slice(1).split('/');
  const page = name === 'duo' && id ? 'duo' : PAGES.includes(name) ? name : 'overview';
  const branchId = isSuperuser() ? localStorage.getItem(BRANCH_KEY) : pb.authStore.record.branch;
  if (!branchId) {
    await chooseBranch();
    return;
  }
  try {
    const branch = await pb.collection('branches').getOne(branchId);
    if (page === 'matching') await renderMatching(pb, branch.id);
    else if (page === 'duos') await renderDuos(pb, branch.id);
    else if (page === 'duo') await renderDuo(pb, id);
    else await renderOverview(pb, branch, isSuperuser());
    show(page, true);
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      signOut();
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

async function main() {
  await loadLanguage(preferredLanguage(pb.authStore.record), pb);
  $('language').addEventListener('change', async (e) => {
    localStorage.setItem(LANGUAGE_KEY, e.target.value);
    await loadLanguage(e.target.value, pb);
    await start();
  });
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => { if (signedIn()) route(); });
  $('duos-status').addEventListener('change', () => route());
  if (signedIn()) {
    try {
      await pb.collection(isSuperuser() ? '_superusers' : 'users').authRefresh();
    } catch {
      pb.authStore.clear();
    }
  }
  await start();
}

main();
