// A duo's page (steps 5 to 8): who, where it stands, the agreement's signatures, its whole
// timeline (history, meetings, objectives, evaluations), and the coordinator's moves:
// validate or decline a proposed duo, stop a running one with a reason.
import { $, button, cell, notice } from './dom.js';
import { calendarDate, moment, personName, t } from './i18n.js';

const namesOf = (duo) => ({ [duo.mentor]: personName(duo.expand?.mentor), [duo.mentee]: personName(duo.expand?.mentee) });

// timeline merges what happened to the duo, newest first; evaluations as the server says they
// stand (GET /api/console/duos/{id}/evaluations).
function timeline(duo, events, meetings, objectives, evaluations, states) {
  const names = namesOf(duo);
  const items = [
    ...events.map((e) => ({ at: e.at, kind: 'event', text: t(e.kind === 'signed' ? `event.signed_${e.detail}` : `event.${e.kind}`, {
      from: e.from_status ? t(`status.${e.from_status}`) : '', to: e.to_status ? t(`status.${e.to_status}`) : '',
      detail: e.detail, who: names[e.actor] ?? '', role: e.kind === 'person_erased' ? t(`role.${e.detail}`).toLowerCase() : '' }) })),
    ...meetings.map((m) => ({ at: m.held_on, kind: 'meeting', text: t(m.mentee_confirmed ? 'timeline.meetingConfirmed' : 'timeline.meeting', {
      date: calendarDate(m.held_on), minutes: m.minutes }) })),
    ...objectives.map((o) => ({ at: o.created, kind: 'objective', text: t('timeline.objective', { title: o.title, status: t(`objective.${o.status}`) }) })),
    ...evaluations.map((e) => ({ at: e.created, kind: 'evaluation', text: t(`evaluation.${states.get(e.id) ?? 'waiting'}`, {
      kind: t(`evaluationKind.${e.kind}`), who: names[e.respondent] ?? '' }) })),
  ];
  return items.sort((a, b) => (a.at < b.at ? 1 : -1));
}

// drawEvaluations shows each evaluation the duo has or will have, and where it stands.
function drawEvaluations(duo, list) {
  const names = namesOf(duo);
  $('no-evaluations').hidden = list.length > 0;
  $('evaluations-table').hidden = list.length === 0;
  $('evaluation-rows').replaceChildren(...list.map((e) => {
    const row = document.createElement('tr');
    row.dataset.kind = e.kind;
    row.dataset.state = e.state;
    const at = e.answeredAt ? moment(e.answeredAt) : calendarDate(e.openedOn);
    row.append(cell('td', t(`evaluationKind.${e.kind}`)), cell('td', `${names[e.respondent] ?? ''} (${t(`role.${e.role}`)})`),
      cell('td', t(`evaluationState.${e.state}`, { date: at, days: e.daysWaiting })));
    return row;
  }));
}

function signatures(agreement) {
  const list = $('duo-signatures');
  list.replaceChildren();
  if (!agreement) {
    list.append(cell('li', t('duo.noAgreement')));
    return;
  }
  for (const side of ['mentor', 'mentee']) {
    const at = agreement[`${side}_signed_at`];
    const item = cell('li', at ? t(`duo.${side}Signed`, { at: moment(at) }) : t(`duo.${side}NotSigned`));
    item.dataset.signed = at ? 'yes' : 'no';
    list.append(item);
  }
}

async function move(pb, duo, fields, done) {
  try {
    await pb.collection('duos').update(duo.id, fields);
  } catch (err) {
    const field = Object.values(err.response?.data ?? {})[0];
    notice(field?.message ?? err.message);
    return;
  }
  notice(t(`duo.moved.${fields.status}`));
  await done();
}

function actions(pb, duo, done) {
  const box = $('duo-actions');
  box.replaceChildren();
  $('duo-stop').hidden = !['validated', 'active'].includes(duo.status);
  if (duo.status === 'proposed') {
    box.append(button(t('duo.validate'), () => move(pb, duo, { status: 'validated' }, done)),
      button(t('duo.decline'), () => move(pb, duo, { status: 'declined' }, done), 'secondary'));
  }
  $('duo-stop-form').onsubmit = (event) => {
    event.preventDefault();
    move(pb, duo, { status: 'stopped', stop_category: $('stop-category').value, stop_reason: $('stop-reason').value.trim() }, done);
  };
}

export async function renderDuo(pb, id) {
  const byDuo = { filter: pb.filter('duo = {:duo}', { duo: id }) };
  const [duo, events, meetings, objectives, agreements, evaluations, standing] = await Promise.all([
    pb.collection('duos').getOne(id, { expand: 'mentor,mentee' }),
    pb.collection('duo_events').getFullList({ ...byDuo, sort: 'at' }),
    pb.collection('meetings').getFullList({ ...byDuo, sort: 'held_on' }),
    pb.collection('objectives').getFullList({ ...byDuo, sort: 'created' }),
    pb.collection('agreements').getFullList(byDuo),
    pb.collection('evaluations').getFullList({ ...byDuo, sort: 'created' }),
    pb.send(`/api/console/duos/${encodeURIComponent(id)}/evaluations`, {}),
  ]);
  const states = new Map(standing.evaluations.filter((e) => e.id).map((e) => [e.id, e.state]));
  const heading = t('duo.heading', { mentee: personName(duo.expand?.mentee), mentor: personName(duo.expand?.mentor) });
  $('duo-heading').textContent = heading.charAt(0).toUpperCase() + heading.slice(1); // "Personne effacée et …"
  $('duo-status').textContent = t('duo.status', { status: t(`status.${duo.status}`) });
  $('duo-status').dataset.status = duo.status;
  $('duo-period').textContent = duo.started_on ? t('duo.period', { from: calendarDate(duo.started_on), to: calendarDate(duo.ends_on) }) : '';
  signatures(agreements[0]);
  const list = $('duo-timeline');
  list.replaceChildren();
  drawEvaluations(duo, standing.evaluations);
  for (const item of timeline(duo, events, meetings, objectives, evaluations, states)) {
    const li = cell('li', item.text);
    li.dataset.kind = item.kind;
    list.append(li);
  }
  actions(pb, duo, () => renderDuo(pb, id));
  $('stop-reason').value = '';
  $('stop-category').value = '';
}
