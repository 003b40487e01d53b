// The branch's calendar: its sessions (information sessions, trainings, intakes, a duo's
// first and signing meetings, check-ins) as a week, Monday to Sunday in the branch's time
// zone, or as a list (to come, then past), each leading to its page (session.js).
import { $, cell } from './dom.js';
import { language, personName, t } from './i18n.js';
import { addDays, momentOf, mondayOf, partsIn, stampOf, todayIn } from './zone.js';

const PAST_SHOWN = 50;
const UPCOMING_SHOWN = 200;
const SEATED = ['registered', 'attended'];
const SEAT_KINDS = ['info_session', 'training'];

const state = { view: 'week', monday: '' };

// kindWord names a session's kind in the page's language.
export function kindWord(kind) {
  const words = {
    info_session: () => t('sessionKind.info_session'), training: () => t('sessionKind.training'),
    intake: () => t('sessionKind.intake'), first_meeting: () => t('sessionKind.first_meeting'),
    signing_meeting: () => t('sessionKind.signing_meeting'), checkin: () => t('sessionKind.checkin'),
  };
  return (words[kind] ?? (() => kind))();
}

// sessionName: its own title if it has one, else its kind.
export const sessionName = (s) => s.title || kindWord(s.kind);

const timeFormat = (zone) => new Intl.DateTimeFormat(language(), { timeStyle: 'short', timeZone: zone });

// hours writes when a session runs in the branch's zone: "14:00–16:00".
export function hours(s, zone) {
  const f = timeFormat(zone);
  return `${f.format(new Date(s.starts_at.replace(' ', 'T')))}–${f.format(new Date(s.ends_at.replace(' ', 'T')))}`;
}

// dayWords names a calendar date ("lundi 7 décembre").
export function dayWords(date, style = { weekday: 'long', day: 'numeric', month: 'long' }) {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(language(), { ...style, timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

// seatsText: "4 / 12 places", or "4 inscrits" with no limit; only where seats apply.
export function seatsText(s, taken) {
  if (!SEAT_KINDS.includes(s.kind)) return '';
  return s.capacity > 0 ? t('calendar.seats', { taken, capacity: s.capacity }) : t('calendar.seatsNoLimit', { taken });
}

// card draws one session as a block: time, name, where, host, seats; cancelled said as such.
function card(s, zone, taken, withDay) {
  const item = cell('li');
  item.className = 'session-card';
  item.dataset.session = s.id;
  item.dataset.kind = s.kind;
  const cancelled = s.status === 'cancelled';
  if (cancelled) item.classList.add('is-cancelled');
  const when = withDay ? `${dayWords(partsIn(s.starts_at, zone).date, { weekday: 'short', day: 'numeric', month: 'short' })} · ${hours(s, zone)}` : hours(s, zone);
  const link = cell('a', sessionName(s));
  link.href = `#session/${s.id}`;
  const title = cell('p');
  title.className = 'session-title';
  title.append(link);
  const lines = [cell('p', when), title];
  if (cancelled) {
    const flag = cell('p', t('calendar.cancelled'));
    flag.className = 'flag';
    lines.push(flag);
  }
  const duo = s.expand?.duo;
  if (duo) lines.push(cell('p', t('duo.heading', { mentee: personName(duo.expand?.mentee), mentor: personName(duo.expand?.mentor) })));
  const where = [s.place, s.link ? t('calendar.online') : ''].filter(Boolean).join(' · ');
  if (where) lines.push(cell('p', where));
  const host = s.expand?.host?.name;
  if (host) lines.push(cell('p', t('calendar.hostedBy', { name: host })));
  const seats = seatsText(s, taken);
  if (seats) lines.push(cell('p', seats));
  item.append(...lines);
  return item;
}

// seatsTaken counts, per session with seats, the lines that hold one (a filter names the
// sessions themselves: the API lets no list of lines be filtered through their session).
async function seatsTaken(pb, sessions) {
  const ids = sessions.filter((s) => SEAT_KINDS.includes(s.kind)).map((s) => s.id);
  const taken = new Map();
  for (let i = 0; i < ids.length; i += 40) {
    const chunk = ids.slice(i, i + 40);
    const filter = chunk.map((_, j) => `session = {:s${j}}`).join(' || ');
    const params = Object.fromEntries(chunk.map((id, j) => [`s${j}`, id]));
    const lines = await pb.collection('attendance').getFullList({ filter: pb.filter(filter, params), fields: 'session,state' });
    for (const l of lines) if (SEATED.includes(l.state)) taken.set(l.session, (taken.get(l.session) ?? 0) + 1);
  }
  return taken;
}

async function sessionsBetween(pb, branchId, from, to, sort, max) {
  const filter = pb.filter('branch = {:b} && starts_at >= {:from} && starts_at < {:to}', { b: branchId, from, to });
  const { items } = await pb.collection('sessions').getList(1, max, { filter, sort, expand: 'host,duo.mentor,duo.mentee' });
  return items;
}

async function drawWeek(pb, branch) {
  const zone = branch.timezone;
  const from = stampOf(momentOf(state.monday, '00:00', zone));
  const to = stampOf(momentOf(addDays(state.monday, 7), '00:00', zone));
  const sessions = await sessionsBetween(pb, branch.id, from, to, 'starts_at', 500);
  const taken = await seatsTaken(pb, sessions);
  $('calendar-range').textContent = t('calendar.weekOf', { from: dayWords(state.monday, { day: 'numeric', month: 'long' }),
    to: dayWords(addDays(state.monday, 6), { day: 'numeric', month: 'long', year: 'numeric' }) });
  const today = todayIn(zone);
  const days = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(state.monday, i);
    const day = cell('li');
    day.className = 'day';
    day.dataset.date = date;
    const heading = cell('h3', dayWords(date, { weekday: 'long', day: 'numeric', month: 'long' }));
    if (date === today) {
      day.classList.add('today');
      day.setAttribute('aria-current', 'date');
    }
    const list = cell('ul');
    list.className = 'sessions';
    const ofDay = sessions.filter((s) => partsIn(s.starts_at, zone).date === date);
    list.append(...ofDay.map((s) => card(s, zone, taken.get(s.id) ?? 0, false)));
    day.append(heading, ofDay.length ? list : cell('p', t('calendar.nothing')));
    days.push(day);
  }
  $('calendar-days').replaceChildren(...days);
}

async function drawList(pb, branch) {
  const zone = branch.timezone;
  const now = stampOf(new Date());
  const [upcoming, past] = await Promise.all([
    sessionsBetween(pb, branch.id, now, '9999-12-31', 'starts_at', UPCOMING_SHOWN),
    sessionsBetween(pb, branch.id, '0001-01-01', now, '-starts_at', PAST_SHOWN),
  ]);
  const taken = await seatsTaken(pb, [...upcoming, ...past]);
  $('calendar-range').textContent = '';
  $('calendar-upcoming').replaceChildren(...upcoming.map((s) => card(s, zone, taken.get(s.id) ?? 0, true)));
  $('calendar-past').replaceChildren(...past.map((s) => card(s, zone, taken.get(s.id) ?? 0, true)));
  $('calendar-no-upcoming').hidden = upcoming.length > 0;
  $('calendar-no-past').hidden = past.length > 0;
}

// renderCalendar draws the branch's calendar in the view chosen (the week shown stays while
// the coordinator goes to a session and back).
export async function renderCalendar(pb, branch) {
  if (!state.monday || state.zone !== branch.timezone) state.monday = mondayOf(todayIn(branch.timezone));
  state.zone = branch.timezone;
  const week = state.view === 'week';
  $('calendar-week').setAttribute('aria-pressed', String(week));
  $('calendar-list').setAttribute('aria-pressed', String(!week));
  $('calendar-weeknav').hidden = !week;
  $('calendar-days').hidden = !week;
  $('calendar-lists').hidden = week;
  $('calendar-range').hidden = !week;
  if (week) await drawWeek(pb, branch);
  else await drawList(pb, branch);
}

// bindCalendar wires the view and week buttons once; draw redraws the page.
export function bindCalendar(draw) {
  const set = (change) => () => { change(); draw(); };
  $('calendar-week').addEventListener('click', set(() => { state.view = 'week'; }));
  $('calendar-list').addEventListener('click', set(() => { state.view = 'list'; }));
  $('calendar-prev').addEventListener('click', set(() => { state.monday = addDays(state.monday, -7); }));
  $('calendar-next').addEventListener('click', set(() => { state.monday = addDays(state.monday, 7); }));
  $('calendar-today').addEventListener('click', set(() => { state.monday = mondayOf(todayIn(state.zone)); }));
}
