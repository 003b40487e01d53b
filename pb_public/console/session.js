// A session's page (#session/<id>, #session/new): when and where, who is on its list with
// their state, attendance taken in a tap per person (attended, absent, excused), people of
// the branch invited, a registrant of an information session or an intake made a person
// (POST /api/registrations/{id}/convert), the session changed or cancelled.
import { $, button, cell, said } from './dom.js';
import { errorText, personName, t } from './i18n.js';
import { dayWords, hours, kindWord, seatsText, sessionName } from './calendar.js';
import { bindSessionForm, DUO_KINDS, fillForm } from './session-form.js';
import { partsIn } from './zone.js';

const TAPS = ['attended', 'absent', 'excused'];
const SEATED = ['registered', 'attended'];
const CONVERTIBLE = ['info_session', 'intake'];

let current = { pb: null, branch: null, session: null, lines: [], redraw: async () => {} };
let justPlanned = '';

// stateWord names a line's state in the page's language.
function stateWord(state) {
  const words = { invited: () => t('attendance.invited'), registered: () => t('attendance.registered'),
    attended: () => t('attendance.attended'), absent: () => t('attendance.absent'), excused: () => t('attendance.excused') };
  return (words[state] ?? (() => state))();
}
const tapWord = (state) => ({ attended: () => t('attendance.markAttended'), absent: () => t('attendance.markAbsent'),
  excused: () => t('attendance.markExcused') })[state]();

function fact(list, term, value) {
  if (!value) return;
  list.append(cell('dt', term), value instanceof Node ? wrap('dd', value) : cell('dd', value));
}
function wrap(tag, child) {
  const el = cell(tag);
  el.append(child);
  return el;
}

function drawFacts(s, zone) {
  const list = $('session-facts');
  list.replaceChildren();
  const day = partsIn(s.starts_at, zone).date;
  fact(list, t('session.when'), `${dayWords(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}, ${hours(s, zone)}`);
  fact(list, t('session.kind'), kindWord(s.kind));
  fact(list, t('session.place'), s.place);
  if (s.link) {
    const a = cell('a', s.link);
    a.href = s.link;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    fact(list, t('session.link'), a);
  }
  fact(list, t('session.host'), s.expand?.host?.name);
  fact(list, t('session.seats'), seatsText(s, current.lines.filter((l) => SEATED.includes(l.state)).length));
  fact(list, t('session.language'), s.language ? new Intl.DisplayNames([document.documentElement.lang], { type: 'language' }).of(s.language) : '');
  if (s.expand?.duo) {
    const d = s.expand.duo;
    const a = cell('a', t('duo.heading', { mentee: personName(d.expand?.mentee), mentor: personName(d.expand?.mentor) }));
    a.href = `#duo/${d.id}`;
    fact(list, t('session.duo'), a);
  }
  const cancelled = s.status === 'cancelled';
  $('session-cancelled').hidden = !cancelled;
  $('session-cancel').hidden = cancelled;
  $('session-cancel-confirm').hidden = true;
}

// mark sets a line's state in one tap; what the server refuses is said on the line itself.
async function mark(line, state, note) {
  try {
    await current.pb.collection('attendance').update(line.id, { state });
  } catch (err) {
    said(note, errorText(err), true);
    return;
  }
  await current.redraw();
  said(document.querySelector(`tr[data-line="${line.id}"] .said`), t('attendance.saved', { state: stateWord(state) }));
}

async function convert(line, note) {
  try {
    const made = await current.pb.send(`/api/registrations/${encodeURIComponent(line.registration)}/convert`, { method: 'POST' });
    window.location.hash = `#person/${made.person}`;
  } catch (err) {
    said(note, errorText(err), true);
  }
}

async function withdraw(line, note) {
  try {
    await current.pb.collection('attendance').delete(line.id);
  } catch (err) {
    said(note, errorText(err), true);
    return;
  }
  await current.redraw();
  said($('invite-said'), t('session.withdrawn', { name: whoOf(line).name }));
}

function whoOf(line) {
  const r = line.expand?.registration;
  if (r) return { name: `${r.first_name} ${r.last_name}`, role: r.role, registrant: true };
  const p = line.expand?.person;
  return { name: personName(p) || line.person, role: p?.role, id: p?.id };
}

function row(line) {
  const s = current.session;
  const who = whoOf(line);
  const tr = document.createElement('tr');
  tr.dataset.line = line.id;
  tr.dataset.state = line.state;
  if (line.person) tr.dataset.person = line.person;
  const name = cell('td');
  if (who.id) {
    const a = cell('a', who.name);
    a.href = `#person/${who.id}`;
    name.append(a);
  } else {
    name.append(cell('span', who.name));
  }
  if (who.registrant) name.append(cell('span', ` · ${t('session.registrant')}`));
  const state = cell('td');
  const now = cell('p', stateWord(line.state));
  now.className = 'state';
  const taps = cell('div');
  taps.className = 'taps';
  taps.setAttribute('role', 'group');
  taps.setAttribute('aria-label', t('attendance.for', { name: who.name }));
  const note = cell('p');
  note.className = 'said';
  note.setAttribute('role', 'status');
  note.hidden = true;
  for (const st of TAPS) {
    const b = button(tapWord(st), () => mark(line, st, note), 'tap');
    b.setAttribute('aria-pressed', String(line.state === st));
    b.dataset.state = st;
    taps.append(b);
  }
  state.append(now, taps);
  if (line.state === 'invited') state.append(button(t('session.withdraw'), () => withdraw(line, note), 'link'));
  if (who.registrant && CONVERTIBLE.includes(s.kind) && !line.expand.registration.converted_at) {
    state.append(button(t('session.makePerson'), () => convert(line, note), 'secondary convert'));
  }
  state.append(note);
  tr.append(name, cell('td', who.role ? t(`role.${who.role}`) : ''), state);
  return tr;
}

function drawPeople() {
  const lines = current.lines;
  $('session-people').replaceChildren(...lines.map(row));
  $('session-no-people').hidden = lines.length > 0;
  const came = lines.filter((l) => l.state === 'attended').length;
  $('session-people-count').textContent = lines.length ? t('session.count', { listed: lines.length, came }) : '';
}

// inviteRoles: who may be on the list; a training is for mentors, a duo's session for its two.
function inviteRoles(s) {
  if (s.kind === 'training') return ['mentor'];
  return ['mentor', 'mentee'];
}

async function findToInvite(event) {
  event.preventDefault();
  const { pb, branch, session: s } = current;
  const q = $('invite-q').value.trim();
  const listed = new Set(current.lines.map((l) => l.person));
  let people;
  if (DUO_KINDS[s.kind]) {
    const d = s.expand?.duo;
    people = [d?.expand?.mentor, d?.expand?.mentee].filter(Boolean).map((p) => ({ id: p.id, name: personName(p), role: p.role }));
  } else {
    const query = { q, perPage: 20 };
    if (pb.authStore.isSuperuser) query.branch = branch.id;
    if (inviteRoles(s).length === 1) query.role = inviteRoles(s)[0];
    for (const k of Object.keys(query)) if (query[k] === '') delete query[k];
    people = (await pb.send('/api/console/people', { query })).items;
  }
  const fit = people.filter((p) => !listed.has(p.id) && (!q || p.name.toLowerCase().includes(q.toLowerCase())));
  $('invite-results').replaceChildren(...fit.map((p) => {
    const item = cell('li');
    item.dataset.person = p.id;
    item.append(button(t('session.invite', { name: p.name, role: t(`role.${p.role}`) }), () => invite(p), 'secondary'));
    return item;
  }));
  said($('invite-said'), fit.length ? '' : t('session.nobodyFound'));
}

async function invite(p) {
  try {
    await current.pb.collection('attendance').create({ session: current.session.id, person: p.id, state: 'invited' });
  } catch (err) {
    said($('invite-said'), errorText(err), true);
    return;
  }
  $('invite-results').querySelector(`li[data-person="${p.id}"]`)?.remove();
  await current.redraw();
  said($('invite-said'), t('session.invited', { name: p.name }));
}

function askCancel(show) {
  $('session-cancel-confirm').hidden = !show;
  $('session-cancel').hidden = show;
  if (show) $('session-cancel-no').focus();
  else $('session-cancel').focus();
}

async function cancelSession() {
  try {
    await current.pb.collection('sessions').update(current.session.id, { status: 'cancelled' });
  } catch (err) {
    said($('session-said'), errorText(err), true);
    return;
  }
  await current.redraw();
  said($('session-said'), t('session.cancelled'));
  $('session-heading').focus();
}

let bound = false;
function bindOnce(pb) {
  if (bound) return;
  bound = true;
  bindSessionForm(pb, () => current, (id) => {
    justPlanned = id;
    window.location.hash = `#session/${id}`;
  });
  $('invite-form').addEventListener('submit', (e) => findToInvite(e).catch((err) => said($('invite-said'), errorText(err), true)));
  $('session-cancel').addEventListener('click', () => askCancel(true));
  $('session-cancel-no').addEventListener('click', () => askCancel(false));
  $('session-cancel-yes').addEventListener('click', cancelSession);
}

async function load(pb, id) {
  const [session, lines] = await Promise.all([
    pb.collection('sessions').getOne(id, { expand: 'host,duo.mentor,duo.mentee' }),
    pb.collection('attendance').getFullList({ filter: pb.filter('session = {:id}', { id }), expand: 'person,registration' }),
  ]);
  lines.sort((a, b) => whoOf(a).name.localeCompare(whoOf(b).name));
  return { session, lines };
}

// renderSession draws a session's page, or the form that plans a new one.
export async function renderSession(pb, id, branch, forDuo = '') {
  bindOnce(pb);
  const isNew = id === 'new';
  current = { pb, branch, session: null, lines: [], redraw: async () => {} };
  for (const box of ['session-facts-box', 'session-people-box']) $(box).hidden = isNew;
  $('session-edit').open = isNew;
  $('session-edit').classList.toggle('plain', isNew); // a new session: the form is the page
  $('session-edit-summary').textContent = isNew ? t('session.planHeading') : t('session.change');
  $('invite-results').replaceChildren();
  $('invite-q').value = '';
  if (isNew) {
    $('session-heading').textContent = t('session.planHeading');
    await fillForm(pb, branch, null, pb.authStore.record?.role === 'coordinator' ? pb.authStore.record.id : '', forDuo);
    return;
  }
  const redraw = async () => {
    const { session, lines } = await load(pb, id);
    Object.assign(current, { session, lines });
    $('session-heading').textContent = `${sessionName(session)} · ${dayWords(partsIn(session.starts_at, branch.timezone).date,
      { weekday: 'short', day: 'numeric', month: 'short' })}`;
    drawFacts(session, branch.timezone);
    drawPeople();
    $('invite-hint').textContent = DUO_KINDS[session.kind] ? t('session.inviteDuoHint')
      : session.kind === 'training' ? t('session.inviteMentorsHint') : t('session.inviteHint');
  };
  current.redraw = redraw;
  await redraw();
  await fillForm(pb, branch, current.session, '');
  if (justPlanned === id) said($('session-said'), t('session.planned'));
  justPlanned = '';
}
