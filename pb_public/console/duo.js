// A duo's page (steps 5 to 8): who, where it stands, the agreement's signatures, its whole
// timeline (history, meetings, objectives, evaluations), and the coordinator's moves:
// validate or decline a proposed duo, stop a running one with a category and a word to the
// duo (both read by its mentor and mentee), and the staff's own note on it (duo_staff_notes,
// which they never read).
import { $, button, cell, notice } from './dom.js';
import { calendarDate, errorText, moment, personName, t } from './i18n.js';

const namesOf = (duo) => ({ [duo.mentor]: personName(duo.expand?.mentor), [duo.mentee]: personName(duo.expand?.mentee) });

export const STOP_CATEGORIES = ['job', 'training', 'moved', 'lost_contact', 'health', 'mismatch', 'personal', 'other'];

const ISO_DATE = /\d{4}-\d{2}-\d{2}|-/g;
const dayWords = (d) => (d && d !== '-' ? calendarDate(d) : t('event.noDate'));

// eventText writes a history event in the page's language from what the server keeps: codes
// (kinds, statuses, roles, stop categories) and dates, never the server's own words.
export function eventText(e, names) {
  const status = (s) => (s ? t(`status.${s}`) : '');
  switch (e.kind) {
    case 'signed':
      return t(`event.signed_${e.detail}`);
    case 'person_erased':
      return t('event.person_erased', { role: t(`role.${e.detail}`).toLowerCase() });
    case 'dates_corrected': {
      const [from, to, wasFrom, wasTo] = (e.detail.match(ISO_DATE) ?? []).map(dayWords);
      return t('event.dates_corrected', { from, to, wasFrom, wasTo });
    }
    case 'status_changed': {
      const moved = t('event.status_changed', { from: status(e.from_status), to: status(e.to_status), who: names[e.actor] ?? '' });
      const [start, end] = e.to_status === 'active' ? e.detail.match(ISO_DATE) ?? [] : [];
      if (start && end) return `${moved} ${t('event.period', { from: dayWords(start), to: dayWords(end) })}`;
      if (e.to_status === 'stopped' && STOP_CATEGORIES.includes(e.detail)) {
        return `${moved} ${t('event.stopCategory', { category: t(`stopCategory.${e.detail}`) })}`;
      }
      return moved;
    }
    default:
      return t(`event.${e.kind}`, { to: status(e.to_status) });
  }
}

// timeline merges what happened to the duo, newest first; evaluations as the server says they
// stand (GET /api/console/duos/{id}/evaluations).
function timeline(duo, events, meetings, objectives, evaluations, states) {
  const names = namesOf(duo);
  const items = [
    ...events.map((e) => ({ at: e.at, kind: 'event', text: eventText(e, names) })),
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
    notice(errorText(err));
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

// stopInfo says why a stopped duo stopped, as its mentor and mentee read it.
function stopInfo(duo) {
  const info = $('duo-stop-info');
  const parts = [];
  if (duo.status === 'stopped' && STOP_CATEGORIES.includes(duo.stop_category)) parts.push(t('duo.stoppedBecause', { category: t(`stopCategory.${duo.stop_category}`) }));
  if (duo.status === 'stopped' && duo.stop_reason) parts.push(t('duo.stoppedWords', { words: duo.stop_reason }));
  info.textContent = parts.join(' ');
  info.hidden = parts.length === 0;
}

// staffNote shows the staff's note on the duo and saves it (one a duo: made, then changed).
function staffNote(pb, duoId, note) {
  let current = note;
  const field = $('duo-note');
  // A page drawn again (after a stop, say) never takes back what the coordinator is typing:
  // the field shows the saved note unless it was changed since it was last shown.
  if (field.dataset.duo !== duoId || field.value === (field.dataset.shown ?? '')) field.value = note?.text ?? '';
  field.dataset.duo = duoId;
  field.dataset.shown = note?.text ?? '';
  $('duo-note-form').onsubmit = async (event) => {
    event.preventDefault();
    const text = $('duo-note').value.trim();
    try {
      current = current ? await pb.collection('duo_staff_notes').update(current.id, { text })
        : await pb.collection('duo_staff_notes').create({ duo: duoId, text });
      notice(t('duo.noteSaved'));
    } catch (err) {
      notice(errorText(err));
    }
  };
}

export async function renderDuo(pb, id) {
  const byDuo = { filter: pb.filter('duo = {:duo}', { duo: id }) };
  const [duo, events, meetings, objectives, agreements, evaluations, standing, notes] = await Promise.all([
    pb.collection('duos').getOne(id, { expand: 'mentor,mentee' }),
    pb.collection('duo_events').getFullList({ ...byDuo, sort: 'at' }),
    pb.collection('meetings').getFullList({ ...byDuo, sort: 'held_on' }),
    pb.collection('objectives').getFullList({ ...byDuo, sort: 'created' }),
    pb.collection('agreements').getFullList(byDuo),
    pb.collection('evaluations').getFullList({ ...byDuo, sort: 'created' }),
    pb.send(`/api/console/duos/${encodeURIComponent(id)}/evaluations`, {}),
    pb.collection('duo_staff_notes').getFullList(byDuo),
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
  stopInfo(duo);
  actions(pb, duo, () => renderDuo(pb, id));
  staffNote(pb, id, notes[0]);
  $('stop-reason').value = '';
  $('stop-category').value = '';
}
