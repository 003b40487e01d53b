// The home screen: my duo, our next weekly meeting, what to do now, what is new; and the form
// to change the weekly meeting's day, time and place.
import { field, h, showErrors, valueOf } from '../dom.js';
import { firstName, longDate, shortDate, t, today, weekdayName } from '../i18n.js';
import { conflictCard, frame, refusedCard } from './parts.js';
import { isOffline } from '../chrome.js';
import { sessionsCard } from './sessions.js';

/** @typedef {import('./routes.js').Context} Context */
/** @typedef {Record<string, any>} Row */

/** @param {Context} ctx */
export function home(ctx) {
  const { model } = ctx;
  const name = firstName(model.person);
  const duo = model.duo;
  const synced = ctx.kit.syncStatus.firstSync.done;
  if (!duo) {
    return frame(t('home.hello', { name }),
      h('p', { class: 'card' }, synced ? t('home.noDuo') : isOffline(ctx) ? t('home.firstSyncOffline') : t('home.firstSync')),
      sessionsCard(ctx));
  }
  const settled = ctx.notes.settled;
  const tasks = model.tasks(settled);
  return frame(t('home.hello', { name }),
    ctx.notes.refused.map((r) => refusedCard(ctx, r)),
    duoCard(ctx, duo),
    nextMeetingCard(ctx, duo),
    sessionsCard(ctx),
    h('section', { class: 'todo', 'aria-labelledby': 'todo-heading' },
      h('h2', { id: 'todo-heading' }, t('home.todo')),
      tasks.length
        ? h('ul', { class: 'tasks' }, tasks.map((task) => h('li', {}, h('a', { class: `task task-${task.kind}`, href: `#${task.route}` },
          t(`task.${task.kind}`, taskParams(ctx, duo, task.params))))))
        : h('p', {}, t('home.nothingToDo'))),
    model.isMentor(duo) && model.canLog(duo, today()) ? h('p', {}, h('a', { class: 'button', href: '#meeting/new' }, t('meetings.log'))) : null,
    model.conflicts(settled).filter((c) => c.target_collection !== 'objectives' && c.target_collection !== 'meetings')
      .map((c) => conflictCard(ctx, c)),
    news(ctx, duo));
}

/** @param {Context} ctx @param {Row} duo @param {Record<string, string>} params */
function taskParams(ctx, duo, params) {
  return { ...params, partner: firstName(ctx.model.partner(duo)), day: params.day ? shortDate(params.day) : '' };
}

/** My duo: the partner's first name, the stage, the period; the coordinator's words when it stopped. */
function duoCard(/** @type {Context} */ ctx, /** @type {Row} */ duo) {
  const partner = firstName(ctx.model.partner(duo));
  const role = ctx.model.isMentor(duo) ? 'mentee' : 'mentor';
  return h('section', { class: 'card duo', 'aria-labelledby': 'duo-heading' },
    h('h2', { id: 'duo-heading' }, t(`home.duoWith.${role}`, { partner })),
    h('p', { class: `stage stage-${duo.status}` }, t(`stage.${duo.status}`)),
    h('p', { class: 'hint' }, t(`stageHint.${duo.status}`, { partner })),
    duo.started_on ? h('p', {}, t('home.period', { from: shortDate(duo.started_on), to: shortDate(duo.ends_on || duo.started_on) })) : null,
    duo.status === 'stopped' && duo.stop_reason ? h('blockquote', {}, duo.stop_reason) : null);
}

/** The next weekly meeting: day, time and place, and the way to change them. */
function nextMeetingCard(/** @type {Context} */ ctx, /** @type {Row} */ duo) {
  if (!['active', 'validated'].includes(duo.status)) return null;
  const next = ctx.model.nextMeeting(duo);
  return h('section', { class: 'card next', 'aria-labelledby': 'next-heading' },
    h('h2', { id: 'next-heading' }, t('home.nextMeeting')),
    next
      ? [h('p', { class: 'when' }, next.time ? t('home.nextWhenAt', { day: longDate(next.day), time: next.time }) : longDate(next.day)),
        next.place ? h('p', { class: 'where' }, next.place) : null]
      : h('p', {}, t('home.noSlot', { partner: firstName(ctx.model.partner(duo)) })),
    h('p', {}, h('a', { href: '#slot', class: 'button secondary' }, t('home.changeSlot'))));
}

/** What happened since the person last opened the app: meetings logged or confirmed, signatures, stages. */
function news(/** @type {Context} */ ctx, /** @type {Row} */ duo) {
  const since = ctx.notes.seenAt;
  if (!since) return null;
  const partner = firstName(ctx.model.partner(duo));
  const mentor = ctx.model.isMentor(duo);
  /** @type {Array<[string, string]>} */
  const items = [];
  for (const m of ctx.model.meetings(duo)) {
    if (!mentor && m.created > since) items.push([m.created, t('news.logged', { partner, day: shortDate(m.held_on) })]);
    if (mentor && m.mentee_confirmed && m.updated > since) items.push([m.updated, t('news.confirmed', { partner, day: shortDate(m.held_on) })]);
  }
  for (const e of ctx.kit.list('duo_events', { filter: (x) => x.duo === duo.id && x.at > since && x.actor !== ctx.model.me })) {
    if (e.kind === 'signed') items.push([e.at, t('news.signed', { partner })]);
    if (e.kind === 'status_changed') items.push([e.at, t('news.stage', { stage: t(`stage.${e.to_status}`) })]);
  }
  if (!items.length) return null;
  items.sort((a, b) => b[0].localeCompare(a[0]));
  return h('section', { class: 'news', 'aria-labelledby': 'news-heading' },
    h('h2', { id: 'news-heading' }, t('home.news')),
    h('ul', {}, items.slice(0, 8).map(([, text]) => h('li', {}, text))));
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** The weekly meeting's day, time and place: mentor and mentee agree on them and either writes them. */
export function slotForm(/** @type {Context} */ ctx) {
  const duo = ctx.model.duo;
  if (!duo || !['active', 'validated'].includes(duo.status)) return frame(t('slot.title'), h('p', {}, t('home.noDuo')));
  const day = h('select', {}, h('option', { value: '0' }, t('slot.noDay')),
    WEEKDAYS.map((n) => h('option', { value: String(n), selected: duo.meeting_weekday === n }, weekdayName(n))));
  const time = h('input', { type: 'time', value: duo.meeting_time || '', step: '900' });
  const place = h('input', { type: 'text', maxlength: '200', value: duo.meeting_place || '', autocomplete: 'off' });
  const form = h('form', { novalidate: true },
    field('slot-day', t('slot.day'), day),
    field('slot-time', t('slot.time'), time, t('slot.timeHint')),
    field('slot-place', t('slot.place'), place, t('slot.placeHint')),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')), h('a', { href: '#home', class: 'button secondary' }, t('form.cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const weekday = Number(valueOf(form, 'slot-day'));
    const at = valueOf(form, 'slot-time');
    if (showErrors(form, at && !/^([01]\d|2[0-3]):[0-5]\d$/.test(at) ? { 'slot-time': t('slot.timeError') } : {})) return;
    await ctx.kit.update('duos', duo.id, { meeting_weekday: weekday, meeting_time: at, meeting_place: valueOf(form, 'slot-place').trim() });
    ctx.notice(isOffline(ctx) ? t('saved.offline') : t('saved.online'));
    ctx.go('home');
  });
  return frame(t('slot.title'), h('p', { class: 'hint' }, t('slot.intro', { partner: firstName(ctx.model.partner(duo)) })), form);
}
