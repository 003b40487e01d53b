// A person's page (steps 1-3): their account and intake profile, the training of a mentor,
// the invitation to choose a password (POST /api/console/people/{id}/invite), their duos, and
// their consents and data (privacy.js).
import { $, cell, notice } from './dom.js';
import { calendarDate, errorText, messageOf, moment, personName, t } from './i18n.js';
import { invitationState } from './people.js';
import { account, answers, fill, roleChanged, showErrors } from './profile-form.js';
import { drawPrivacy, forgetErase } from './privacy.js';

let current = { pb: null, id: null, branchId: null, user: null, profile: null };

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
    notice(t('invitation.sent', { email: sent.email, until: moment(sent.expiresAt) }));
    return true;
  } catch (err) {
    notice(errorText(err));
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
      const said = await create(pb);
      if (said) notice(said);
      return;
    }
    await pb.collection('users').update(current.user.id, account());
    await pb.collection('profiles').update(current.profile.id, answers());
    notice(t('person.saved'));
    await renderPerson(pb, current.id, current.branchId, current.zone);
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

// redrawPerson writes the page's own words again in the language just chosen.
export async function redrawPerson() {
  if (current.user) {
    $('person-heading').textContent = current.user.name;
    $('person-where').textContent = t(`role.${current.user.role}`);
    drawInvitation(current.user);
    await drawDuos(current.pb, current.user.id);
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
  $('person-heading').textContent = user.name;
  $('person-where').textContent = t(`role.${user.role}`);
  fill(user, profile);
  drawInvitation(user);
  await drawDuos(pb, id);
  await drawPrivacy(pb, user, () => renderPerson(pb, id, branchId, zone));
}
