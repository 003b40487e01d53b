// A duo's page (steps 5 to 8), the coordinator's working file: who, where it stands, why it
// is at risk (as the overview says), its sessions, the notes of the staff (case_notes, dated
// and authored; duo_staff_notes, the one note of before), the agreement's signatures, its whole
// timeline (history dated with who did what, meetings, objectives, evaluations), and the
// coordinator's moves: validate or decline a proposed duo, and, out of the way at the end, stop
// a running one with a category and a word to the duo (both read by its mentor and mentee).
import { $, button, cell, said } from './dom.js';
import { calendarDate, errorText, moment, personName, t } from './i18n.js';
import { dayWords as dayName, hours, sessionName } from './calendar.js';
import { bindNotes, drawNotes } from './notes.js';
import { partsIn } from './zone.js';

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

// actorOf says who did what an event records: a person by name, an administrator, or the
// server itself (a duo completed at its term, a check-in planned).
export function actorOf(e, names) {
  if (e.actor_kind === 'superuser') return t('who.administrator');
  if (e.actor_kind === 'system' || !e.actor) return t('who.server');
  return personName(e.expand?.actor) || names[e.actor] || t('who.colleague');
}

// timeline merges what happened to the duo, newest first; evaluations as the server says they
// stand (GET /api/console/duos/{id}/evaluations).
function timeline(duo, events, meetings, objectives, evaluations, states) {
  const names = namesOf(duo);
  const items = [
    ...events.map((e) => ({ at: e.at, kind: 'event', text: eventText(e, names), who: actorOf(e, names) })),
    ...meetings.map((m) => ({ at: m.held_on, day: true, kind: 'meeting', who: names[m.logged_by], text: t(m.mentee_confirmed ? 'timeline.meetingConfirmed' : 'timeline.meeting', {
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

// move changes the duo's stage; what the server says is said next to the buttons (a stop,
// whose form closes with it, is said there too, and the focus goes to it).
async function move(pb, duo, fields, done, where) {
  try {
    await pb.collection('duos').update(duo.id, fields);
  } catch (err) {
    said(where, errorText(err), true);
    return;
  }
  await done();
  said($('duo-said'), t(`duo.moved.${fields.status}`));
  if (fields.status === 'stopped') {
    $('duo-said').tabIndex = -1;
    $('duo-said').focus();
  }
}

function actions(pb, duo, done) {
  const box = $('duo-actions');
  box.replaceChildren();
  $('duo-stop').hidden = !['validated', 'active'].includes(duo.status);
  if (duo.status === 'proposed') {
    box.append(button(t('duo.validate'), () => move(pb, duo, { status: 'validated' }, done, $('duo-said'))),
      button(t('duo.decline'), () => move(pb, duo, { status: 'declined' }, done, $('duo-said')), 'secondary'));
  }
  $('duo-stop-form').onsubmit = (event) => {
    event.preventDefault();
    move(pb, duo, { status: 'stopped', stop_category: $('stop-category').value, stop_reason: $('stop-reason').value.trim() }, done, $('duo-stop-said'));
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
      said($('duo-note-said'), t('duo.noteSaved'));
    } catch (err) {
      said($('duo-note-said'), errorText(err), true);
    }
  };
}

// drawRisks says why the duo is to be watched, in the overview's words (GET /api/console/overview).
function drawRisks(overview, id) {
  const reasons = overview.atRisk.find((d) => d.duo === id)?.reasons ?? [];
  $('duo-risks-box').hidden = reasons.length === 0;
  $('duo-risks').replaceChildren(...reasons.map((r) => {
    const item = cell('li', t(`risk.${r.code}`, { days: r.days, count: r.count, date: r.date ? calendarDate(r.date) : '' }));
    item.dataset.risk = r.code;
    return item;
  }));
}

// drawSessions lists the duo's sessions (first and signing meetings, check-ins), each a link.
function drawSessions(sessions, zone) {
  $('no-duo-sessions').hidden = sessions.length > 0;
  $('duo-sessions').replaceChildren(...sessions.map((s) => {
    const item = cell('li');
    item.className = `session-card${s.status === 'cancelled' ? ' is-cancelled' : ''}`;
    item.dataset.session = s.id;
    const link = cell('a', sessionName(s));
    link.href = `#session/${s.id}`;
    const title = cell('p');
    title.className = 'session-title';
    title.append(link);
    item.append(cell('p', `${dayName(partsIn(s.starts_at, zone).date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })} · ${hours(s, zone)}`), title);
    if (s.status === 'cancelled') {
      const flag = cell('p', t('calendar.cancelled'));
      flag.className = 'flag';
      item.append(flag);
    }
    return item;
  }));
}

export async function renderDuo(pb, id, branch) {
  bindNotes();
  const byDuo = { filter: pb.filter('duo = {:duo}', { duo: id }) };
  const overviewQuery = pb.authStore.isSuperuser ? { branch: branch.id } : {};
  const [duo, events, meetings, objectives, agreements, evaluations, standing, notes, sessions, overview] = await Promise.all([
    pb.collection('duos').getOne(id, { expand: 'mentor,mentee' }),
    pb.collection('duo_events').getFullList({ ...byDuo, sort: 'at', expand: 'actor' }),
    pb.collection('meetings').getFullList({ ...byDuo, sort: 'held_on' }),
    pb.collection('objectives').getFullList({ ...byDuo, sort: 'created' }),
    pb.collection('agreements').getFullList(byDuo),
    pb.collection('evaluations').getFullList({ ...byDuo, sort: 'created' }),
    pb.send(`/api/console/duos/${encodeURIComponent(id)}/evaluations`, {}),
    pb.collection('duo_staff_notes').getFullList(byDuo),
    pb.collection('sessions').getFullList({ ...byDuo, sort: 'starts_at' }),
    pb.send('/api/console/overview', { query: overviewQuery }),
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
    const li = cell('li');
    li.dataset.kind = item.kind;
    const when = cell('time', item.day ? calendarDate(item.at) : moment(item.at));
    when.dateTime = item.at.replace(' ', 'T');
    when.className = 'when';
    const what = cell('span', item.text);
    if (item.who) {
      const who = cell('span', ` ${t('timeline.by', { name: item.who })}`);
      who.className = 'who';
      what.append(who);
    }
    li.append(when, what);
    list.append(li);
  }
  drawRisks(overview, id);
  drawSessions(sessions, branch.timezone);
  $('duo-plan').href = `#session/new/${id}`;
  $('duo-plan').parentElement.hidden = !['proposed', 'validated', 'active'].includes(duo.status); // a closed duo meets no more
  await drawNotes(pb, { field: 'duo', id }, sessions, branch.timezone, $('duo-note-form'));
  stopInfo(duo);
  actions(pb, duo, () => renderDuo(pb, id, branch));
  staffNote(pb, id, notes[0]);
  $('stop-reason').value = '';
  $('stop-category').value = '';
}
