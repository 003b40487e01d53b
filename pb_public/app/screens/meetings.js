// Meetings: the list with each one's state, the mentor's form to log one (with or without a
// network), and a meeting's page, where the mentee confirms it.
import { checks, choice, field, h, picked, pickedAll, showErrors, valueOf } from '../dom.js';
import { duration, firstName, longDate, shortDate, t, today } from '../i18n.js';
import { back, conflictCard, frame, waiting } from './parts.js';
import { isOffline } from '../chrome.js';

/** @typedef {import('./routes.js').Context} Context */
/** @typedef {Record<string, any>} Row */

export const MODES = ['in_person', 'video', 'phone'];
export const TOPICS = ['cv', 'cover_letter', 'interview', 'network', 'job_search', 'language', 'orientation', 'training',
  'administration', 'wellbeing', 'other'];
const DURATIONS = [30, 45, 60, 90, 120, 150, 180, 240];

/** @param {Context} ctx */
export function meetingList(ctx) {
  const duo = ctx.model.duo;
  if (!duo) return frame(t('meetings.title'), h('p', {}, t('home.noDuo')));
  const mentor = ctx.model.isMentor(duo);
  const partner = firstName(ctx.model.partner(duo));
  const meetings = ctx.model.meetings(duo);
  return frame(t('meetings.title'),
    mentor && ctx.model.canLog(duo, today()) ? h('p', {}, h('a', { class: 'button', href: '#meeting/new' }, t('meetings.log'))) : null,
    meetings.length
      ? h('ul', { class: 'rows' }, meetings.map((m) => h('li', {}, h('a', { href: `#meeting/${m.id}`, class: 'row' },
        h('span', { class: 'row-title' }, longDate(m.held_on)),
        h('span', { class: 'row-detail' }, `${duration(m.minutes)} · ${t(`mode.${m.mode}`)}`),
        stateBadge(m, mentor, partner), waiting(ctx, 'meetings', m.id)))))
      : h('p', {}, mentor ? t('meetings.noneMentor') : t('meetings.noneMentee', { partner })));
}

/** @param {Row} m @param {boolean} mentor @param {string} partner */
function stateBadge(m, mentor, partner) {
  if (m.mentee_confirmed) return h('span', { class: 'badge ok' }, mentor ? t('meeting.confirmedBy', { partner }) : t('meeting.confirmed'));
  return h('span', { class: 'badge todo' }, mentor ? t('meeting.waitingFor', { partner }) : t('meeting.toConfirm'));
}

/** @param {Context} ctx @param {Record<string, string>} params */
export function meetingView(ctx, params) {
  const m = ctx.kit.get('meetings', params.id);
  if (!m) return frame(t('meeting.gone'), back('meetings', t('meetings.title')), h('p', {}, t('meeting.goneText')));
  const duo = ctx.kit.get('duos', m.duo);
  const mentor = duo?.mentor === ctx.model.me;
  const partner = firstName(duo && ctx.model.partner(duo));
  const objectives = (m.objectives ?? []).map((/** @type {string} */ id) => ctx.kit.get('objectives', id)?.title).filter(Boolean);
  const confirm = async () => {
    await ctx.kit.update('meetings', m.id, { mentee_confirmed: true });
    ctx.notice(isOffline(ctx) ? t('meeting.confirmedOffline') : t('meeting.confirmedNotice'));
  };
  return frame(t('meeting.title', { day: longDate(m.held_on) }),
    back('meetings', t('meetings.title')),
    ctx.model.conflicts(ctx.notes.settled).filter((c) => c.target_id === m.id).map((c) => conflictCard(ctx, c)),
    h('p', {}, stateBadge(m, mentor, partner), ' ', waiting(ctx, 'meetings', m.id)),
    h('dl', { class: 'facts' },
      h('dt', {}, t('meeting.duration')), h('dd', {}, duration(m.minutes)),
      h('dt', {}, t('meeting.mode')), h('dd', {}, t(`mode.${m.mode}`)),
      m.place ? [h('dt', {}, t('meeting.place')), h('dd', {}, m.place)] : null,
      h('dt', {}, t('meeting.topics')), h('dd', {}, m.topics?.length ? m.topics.map((/** @type {string} */ x) => t(`topic.${x}`)).join(', ') : t('value.empty')),
      objectives.length ? [h('dt', {}, t('meeting.objectives')), h('dd', {}, objectives.join(', '))] : null,
      h('dt', {}, t('meeting.notes')), h('dd', { class: 'text' }, m.notes || t('value.empty'))),
    !mentor && !m.mentee_confirmed
      ? h('div', { class: 'card' }, h('p', {}, t('meeting.confirmQuestion', { partner, day: shortDate(m.held_on) })),
        h('p', {}, h('button', { type: 'button', id: 'confirm-meeting', onclick: confirm }, t('meeting.confirm'))))
      : null,
    mentor && duo && ctx.model.canLog(duo, today()) ? h('p', {}, h('a', { class: 'button secondary', href: `#meeting/${m.id}/edit` }, t('meeting.edit'))) : null);
}

/** The mentor logs a meeting (or corrects one): every field checked here, and again by the server. */
export function meetingForm(/** @type {Context} */ ctx, /** @type {Record<string, string>} */ params) {
  const duo = ctx.model.duo;
  const editing = params.id ? ctx.kit.get('meetings', params.id) : undefined;
  const title = editing ? t('meeting.editTitle') : t('meetings.log');
  if (!duo || !ctx.model.isMentor(duo) || (params.id && !editing) || !ctx.model.canLog(duo, today())) {
    return frame(title, back('meetings', t('meetings.title')), h('p', {}, t('meetings.cannotLog')));
  }
  // A new meeting starts at the duo's usual place, which the mentor changes when they met elsewhere.
  const start = /** @type {Row} */ (editing ?? { held_on: params.date || today(), minutes: 120, mode: '', place: duo.meeting_place ?? '',
    topics: [], objectives: [], notes: '' });
  const minutes = Number(start.minutes) || 120;
  const form = h('form', { novalidate: true, class: 'meeting-form' },
    field('held_on', t('meeting.date'), h('input', { type: 'date', value: String(start.held_on ?? '').slice(0, 10), max: today(),
      min: duo.started_on ? duo.started_on.slice(0, 10) : false, required: true })),
    field('minutes', t('meeting.duration'), h('select', {}, (DURATIONS.includes(minutes) ? DURATIONS : [...DURATIONS, minutes].sort((a, b) => a - b))
      .map((n) => h('option', { value: String(n), selected: n === minutes }, duration(n))))),
    choice('mode', t('meeting.mode'), MODES.map((v) => ({ value: v, text: t(`mode.${v}`) })), start.mode ?? '', { required: true }),
    field('place', t('meeting.place'), h('input', { type: 'text', maxlength: '200', value: start.place ?? '', autocomplete: 'off' }), t('meeting.placeHint')),
    checks('topics', t('meeting.topics'), TOPICS.map((v) => ({ value: v, text: t(`topic.${v}`) })), start.topics ?? []),
    objectiveChecks(ctx, duo, start.objectives ?? []),
    field('notes', t('meeting.notes'), h('textarea', { rows: '5', maxlength: '5000' }, start.notes ?? ''), t('meeting.notesHint')),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
      h('a', { href: editing ? `#meeting/${editing.id}` : '#meetings', class: 'button secondary' }, t('form.cancel'))));
  form.addEventListener('submit', (event) => { event.preventDefault(); saveMeeting(ctx, duo, editing, form); });
  return frame(title, back('meetings', t('meetings.title')), form);
}

/** @param {Context} ctx @param {Row} duo @param {string[]} checked */
function objectiveChecks(ctx, duo, checked) {
  const open = ctx.model.objectives(duo).filter((o) => o.status !== 'dropped');
  if (!open.length) return null;
  return checks('objectives', t('meeting.objectives'), open.map((o) => ({ value: o.id, text: o.title })), checked);
}

/**
 * @param {Context} ctx @param {Row} duo @param {Row|undefined} editing @param {HTMLElement} form
 */
async function saveMeeting(ctx, duo, editing, form) {
  const fields = {
    held_on: valueOf(form, 'held_on'),
    minutes: Number(valueOf(form, 'minutes')),
    mode: picked(form, 'mode'),
    place: valueOf(form, 'place').trim(),
    topics: pickedAll(form, 'topics'),
    objectives: pickedAll(form, 'objectives'),
    notes: valueOf(form, 'notes').trim(),
  };
  /** @type {Record<string, string>} */
  const errors = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.held_on)) errors.held_on = t('meeting.dateMissing');
  else if (fields.held_on > today()) errors.held_on = t('meeting.dateFuture');
  else if (duo.started_on && fields.held_on < duo.started_on.slice(0, 10)) errors.held_on = t('meeting.dateBefore', { day: shortDate(duo.started_on) });
  if (!fields.mode) errors.mode = t('meeting.modeMissing');
  if (showErrors(form, errors)) return;
  let id = editing?.id;
  if (editing) {
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(k === 'held_on' ? String(editing[k]).slice(0, 10) : editing[k])));
    if (Object.keys(changed).length) await ctx.kit.update('meetings', editing.id, changed);
  } else {
    id = await ctx.kit.create('meetings', /** @type {any} */ ({ duo: duo.id, ...fields }));
  }
  ctx.notice(isOffline(ctx) ? t('saved.offline') : t('saved.online'));
  ctx.go(`meeting/${id}`);
}
