// A person's page (steps 1-3): their account and intake profile, the training of a mentor,
// the invitation to choose a password (POST /api/console/people/{id}/invite), their duos, the
// sessions they are on the list of, the coordinators' notes on them (notes.js), and their
// consents and data (privacy.js).
import { $, cell, said } from './dom.js';
import { calendarDate, errorText, messageOf, moment, personName, t } from './i18n.js';
import { invitationState, waitingWords } from './people.js';
import { account, answers, fill, roleChanged, showErrors } from './profile-form.js';
import { drawPrivacy, forgetErase } from './privacy.js';
import { bindNotes, drawNotes, hideNotes } from './notes.js';
import { dayWords, sessionName } from './calendar.js';
import { partsIn } from './zone.js';

let current = { pb: null, id: null, branchId: null, user: null, profile: null, standing: null };

function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: current.zone }).format(new Date());
}

function fieldsOf(err) {
  return err?.response?.data && typeof err.response.data === 'object' ? err.response.data : {};
}

function drawInvitation(user) {
  $('person-invitation').hidden = false;
  $('invitation-state').textContent = invitationState(user.verified, user.invited_at);
  $('invitation-send').textContent = user.invited_at || user.verified ? t('invitation.again') : t('invitation.send');
}

async function sendInvitation(pb, user) {
  try {
    const sent = await pb.send(`/api/console/people/${user.id}/invite`, { method: 'POST' });
    user.invited_at = sent.sentAt;
    drawInvitation(user);
    said($('invitation-said'), t('invitation.sent', { email: sent.email, until: moment(sent.expiresAt) }));
    return true;
  } catch (err) {
    said($('invitation-said'), errorText(err), true);
    return false;
  }
}

async function drawDuos(pb, id) {
  const duos = await pb.collection('duos').getFullList({ filter: pb.filter('mentor = {:id} || mentee = {:id}', { id }),
    sort: '-created', expand: 'mentor,mentee' });
  $('person-duos-box').hidden = duos.length === 0;
  $('person-duos').replaceChildren(...duos.map((d) => {
    const item = cell('li');
    const link = cell('a', t('duo.heading', { mentee: personName(d.expand?.mentee), mentor: personName(d.expand?.mentor) }));
    link.href = `#duo/${d.id}`;
    item.append(link, cell('span', ` · ${t(`status.${d.status}`)}${d.started_on ? ` · ${calendarDate(d.started_on)}` : ''}`));
    return item;
  }));
}

// create makes the account (its password chosen later by the person), then fills the profile
// the server made with it, then sends the invitation if asked.
async function create(pb) {
  const user = await pb.collection('users').create({ ...account(), role: $('p-role').value, branch: current.branchId });
  const profile = await pb.collection('profiles').getFirstListItem(pb.filter('user = {:id}', { id: user.id }));
  // From here on the account exists: a second press of the button saves it, not another.
  Object.assign(current, { id: user.id, user, profile });
  window.history.replaceState(null, '', `#person/${user.id}`);
  await pb.collection('profiles').update(profile.id, answers());
  const asked = $('p-invite').checked;
  if (asked) await sendInvitation(pb, user); // says itself whether the mail left
  await renderPerson(pb, user.id, current.branchId, current.zone);
  return asked ? null : t('person.created');
}

async function save(event) {
  event.preventDefault();
  const { pb } = current;
  showErrors();
  if (!$('p-name').value.trim() || !$('p-email').value.trim()) {
    const missing = {};
    if (!$('p-name').value.trim()) missing.name = { message: t('person.required') };
    if (!$('p-email').value.trim()) missing.email = { message: t('person.required') };
    showErrors(missing, t('person.notSaved'));
    return;
  }
  $('person-save').disabled = true;
  try {
    if (current.id === 'new') {
      const words = await create(pb);
      if (words) said($('person-save-said'), words);
      return;
    }
    await pb.collection('users').update(current.user.id, account());
    await pb.collection('profiles').update(current.profile.id, answers());
    await renderPerson(pb, current.id, current.branchId, current.zone);
    said($('person-save-said'), t('person.saved'));
  } catch (err) {
    showErrors(fieldsOf(err), messageOf(err));
    $('person-errors').focus?.();
  } finally {
    $('person-save').disabled = false;
  }
}

let bound = false;
function bindOnce() {
  if (bound) return;
  bound = true;
  $('person-form').addEventListener('submit', save);
  $('p-role').addEventListener('change', roleChanged);
  $('p-trained-today').addEventListener('click', () => { $('p-training_completed_on').value = today(); });
  $('invitation-send').addEventListener('click', () => sendInvitation(current.pb, current.user));
}

// standingOf reads where the person stands in the roster (GET /api/console/people): their
// situation and, waiting, since when.
async function standingOf(pb, user, branchId) {
  const query = { q: user.email, perPage: 200 };
  if (pb.authStore.isSuperuser) query.branch = branchId;
  try {
    const { items } = await pb.send('/api/console/people', { query });
    return items.find((p) => p.id === user.id) ?? null;
  } catch {
    return null; // the page stands without it
  }
}

// whereWords says the person's role, situation and since when they wait.
function whereWords(user, standing) {
  const parts = [t(`role.${user.role}`)];
  if (standing) parts.push(t(`personStatus.${standing.status}`));
  if (standing?.waitingSince) parts[parts.length - 1] += ` ${waitingWords(standing.waitingSince, false)}`;
  return parts.join(' · ');
}

// redrawPerson writes the page's own words again in the language just chosen.
export async function redrawPerson() {
  if (current.user) {
    $('person-heading').textContent = current.user.name;
    $('person-where').textContent = whereWords(current.user, current.standing);
    drawInvitation(current.user);
    await drawDuos(current.pb, current.user.id);
    await drawSessionsAndNotes(current.pb, current.user.id, current.zone);
    await drawPrivacy(current.pb, current.user, () => renderPerson(current.pb, current.id, current.branchId, current.zone));
  } else {
    $('person-heading').textContent = t('person.newHeading');
  }
}

export async function renderPerson(pb, id, branchId, zone) {
  bindOnce();
  current = { pb, id, branchId, zone, user: null, profile: null };
  forgetErase();
  showErrors();
  const isNew = id === 'new';
  $('p-role-box').hidden = !isNew;
  $('p-invite-box').hidden = !isNew;
  $('person-invitation').hidden = true;
  $('person-duos-box').hidden = true;
  $('person-privacy').hidden = true;
  $('person-sessions-box').hidden = true;
  hideNotes();
  if (isNew) {
    $('person-heading').textContent = t('person.newHeading');
    $('person-where').textContent = '';
    fill({ role: 'mentee' }, {});
    return;
  }
  const [user, profile] = await Promise.all([
    pb.collection('users').getOne(id),
    pb.collection('profiles').getFirstListItem(pb.filter('user = {:id}', { id })),
  ]);
  current.user = user;
  current.profile = profile;
  current.standing = await standingOf(pb, user, branchId);
  $('person-heading').textContent = user.name;
  $('person-where').textContent = whereWords(user, current.standing);
  fill(user, profile);
  drawInvitation(user);
  await drawDuos(pb, id);
  await drawSessionsAndNotes(pb, id, zone);
  await drawPrivacy(pb, user, () => renderPerson(pb, id, branchId, zone));
}

// drawSessionsAndNotes shows the person's sessions and the coordinators' notes on them (what
// is being typed in a new note stays, as in the form above).
async function drawSessionsAndNotes(pb, id, zone) {
  const sessions = await drawSessions(pb, id, zone);
  bindNotes();
  await drawNotes(pb, { field: 'person', id }, sessions, zone, $('person-privacy'));
}

// drawSessions lists the sessions the person is on the list of (information session, intake,
// training, their duo's), newest first, each with where their line stands; it answers them.
async function drawSessions(pb, id, zone) {
  const lines = await pb.collection('attendance').getFullList({ filter: pb.filter('person = {:id}', { id }), expand: 'session' });
  const listed = lines.filter((l) => l.expand?.session).sort((a, b) => (a.expand.session.starts_at < b.expand.session.starts_at ? 1 : -1));
  $('person-sessions').replaceChildren(...listed.map((line) => {
    const s = line.expand.session;
    const item = cell('li');
    item.dataset.session = s.id;
    const link = cell('a', `${sessionName(s)} · ${dayWords(partsIn(s.starts_at, zone).date, { day: 'numeric', month: 'long', year: 'numeric' })}`);
    link.href = `#session/${s.id}`;
    item.append(link, cell('span', ` · ${t(`attendance.${line.state}`)}`));
    return item;
  }));
  $('no-person-sessions').hidden = listed.length > 0;
  $('person-sessions-box').hidden = false;
  return listed.map((l) => l.expand.session);
}
