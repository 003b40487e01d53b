// The coordinators' console: a client of duo's own API through the official pocketbase SDK,
// with the coordinator's token, so that it shows exactly what the API rules let them read.
import PocketBase from './vendor/pocketbase.es.mjs';

const LANGUAGES = ['fr', 'nl', 'en'];
const STATUSES = ['proposed', 'validated', 'active', 'completed', 'stopped', 'declined'];
const LANGUAGE_KEY = 'duo.console.language';
const BRANCH_KEY = 'duo.console.branch';

const pb = new PocketBase(window.location.origin);
pb.autoCancellation(false);

let catalog = {};
let language = 'fr';

const $ = (id) => document.getElementById(id);

// t is a text of the catalog in the chosen language, with {{name}} placeholders filled.
function t(key, params = {}) {
  const text = catalog[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

async function loadLanguage(lang) {
  language = LANGUAGES.includes(lang) ? lang : 'fr';
  const res = await fetch(`locales/${language}.json`);
  catalog = await res.json();
  document.documentElement.lang = language;
  $('language').value = language;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  pb.beforeSend = (url, options) => {
    options.headers = { ...options.headers, 'Accept-Language': language };
    return { url, options };
  };
}

// preferredLanguage: the one chosen here before, else the person's own, else the browser's.
function preferredLanguage(record) {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen) return chosen;
  if (record?.locale) return record.locale;
  const browser = (navigator.language || 'fr').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'fr';
}

function show(sectionId) {
  for (const id of ['signin', 'branches', 'overview']) $(id).hidden = id !== sectionId;
  const signedIn = pb.authStore.isValid;
  $('signout').hidden = !signedIn;
  $('who').hidden = !signedIn;
  $('main').focus();
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

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
  show('signin');
  $('email').focus();
}

// start shows what the person signed in may use: the overview of their branch (coordinators),
// a choice of branch (administrators), or nothing at all (mentors and mentees).
async function start() {
  notice('');
  if (!pb.authStore.isValid) {
    show('signin');
    return;
  }
  if (!isSuperuser() && !isCoordinator()) {
    pb.authStore.clear();
    show('signin');
    notice(t('signin.staffOnly'));
    return;
  }
  if (!localStorage.getItem(LANGUAGE_KEY) && pb.authStore.record?.locale) await loadLanguage(pb.authStore.record.locale);
  describeWho();
  if (isSuperuser() && !localStorage.getItem(BRANCH_KEY)) {
    await chooseBranch();
    return;
  }
  await overview(isSuperuser() ? localStorage.getItem(BRANCH_KEY) : pb.authStore.record.branch);
}

async function chooseBranch() {
  const list = $('branch-list');
  list.replaceChildren();
  const branches = await pb.collection('branches').getFullList({ sort: 'name' });
  for (const b of branches) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = `${b.name} (${b.city})`;
    button.addEventListener('click', () => {
      localStorage.setItem(BRANCH_KEY, b.id);
      overview(b.id);
    });
    item.append(button);
    list.append(item);
  }
  show('branches');
}

// calendarDate shows a stored calendar date ("2027-04-01") in the page's language.
function calendarDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

function cell(tag, text) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

function renderCounts(byStatus) {
  const body = $('status-counts');
  body.replaceChildren();
  for (const status of STATUSES) {
    const row = document.createElement('tr');
    row.dataset.status = status;
    const name = cell('th', t(`status.${status}`));
    name.scope = 'row';
    row.append(name, cell('td', String(byStatus[status] ?? 0)));
    body.append(row);
  }
}

function renderRisks(atRisk) {
  const body = $('risk-rows');
  body.replaceChildren();
  $('no-risks').hidden = atRisk.length > 0;
  for (const duo of atRisk) {
    const row = document.createElement('tr');
    row.dataset.duo = duo.duo;
    const reasons = document.createElement('ul');
    for (const r of duo.reasons) {
      const item = cell('li', t(`risk.${r.code}`, { days: r.days, count: r.count, date: r.date ? calendarDate(r.date) : '' }));
      item.dataset.risk = r.code;
      reasons.append(item);
    }
    const why = cell('td');
    why.append(reasons);
    row.append(cell('td', duo.mentee), cell('td', duo.mentor), cell('td', t(`status.${duo.status}`)), why);
    body.append(row);
  }
}

// overview shows a branch at a glance, from one answer of the server (GET /api/console/overview).
async function overview(branchId) {
  try {
    const branch = await pb.collection('branches').getOne(branchId);
    $('overview-heading').textContent = t('overview.heading', { branch: branch.name });
    const o = await pb.send('/api/console/overview', { query: isSuperuser() ? { branch: branchId } : {} });
    renderCounts(o.byStatus);
    renderRisks(o.atRisk);
    show('overview');
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      signOut();
      return;
    }
    notice(t('error.load'));
  }
}

async function main() {
  await loadLanguage(preferredLanguage(pb.authStore.record));
  $('language').addEventListener('change', async (e) => {
    localStorage.setItem(LANGUAGE_KEY, e.target.value);
    await loadLanguage(e.target.value);
    await start();
  });
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout').addEventListener('click', signOut);
  if (pb.authStore.isValid) {
    try {
      await pb.collection(isSuperuser() ? '_superusers' : 'users').authRefresh();
    } catch {
      pb.authStore.clear();
    }
  }
  await start();
}

main();
