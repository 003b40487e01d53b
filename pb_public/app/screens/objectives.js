// Objectives: mentor and mentee both add and update them; an edit that crossed the other's is
// shown on the objective with both values and a choice, never overwritten in silence.
import { choice, field, h, picked, showErrors, valueOf } from '../dom.js';
import { addDays, longDate, shortDate, t } from '../i18n.js';
import { back, conflictCard, frame, waiting } from './parts.js';
import { isOffline } from '../chrome.js';

/** @typedef {import('./routes.js').Context} Context */
/** @typedef {Record<string, any>} Row */

export const STATUSES = ['open', 'in_progress', 'achieved', 'dropped'];

/** Objectives change while the duo is validated or active (lifecycle). @param {Row|undefined} duo */
const editable = (duo) => !!duo && (duo.status === 'validated' || duo.status === 'active');

/** @param {Context} ctx */
export function objectiveList(ctx) {
  const duo = ctx.model.duo;
  if (!duo) return frame(t('objectives.title'), h('p', {}, t('home.noDuo')));
  const settled = ctx.notes.settled;
  const crossed = new Set(ctx.model.conflicts(settled).filter((c) => c.target_collection === 'objectives').map((c) => c.target_id));
  const objectives = ctx.model.objectives(duo);
  return frame(t('objectives.title'),
    h('p', { class: 'hint' }, t('objectives.intro')),
    editable(duo) ? h('p', {}, h('a', { class: 'button', href: '#objective/new' }, t('objectives.add'))) : null,
    objectives.length
      ? h('ul', { class: 'rows' }, objectives.map((o) => h('li', {}, h('a', { href: `#objective/${o.id}`, class: 'row' },
        h('span', { class: 'row-title' }, o.title),
        o.due_on ? h('span', { class: 'row-detail' }, t('objective.dueOn', { day: shortDate(o.due_on) })) : null,
        h('span', { class: `badge status-${o.status || 'open'}` }, t(`objective.${o.status || 'open'}`)),
        crossed.has(o.id) ? h('span', { class: 'badge todo' }, t('objective.crossed')) : null,
        waiting(ctx, 'objectives', o.id)))))
      : h('p', {}, t('objectives.none')));
}

/** @param {Context} ctx @param {Record<string, string>} params */
export function objectiveView(ctx, params) {
  const o = ctx.kit.get('objectives', params.id);
  const conflicts = ctx.model.conflicts(ctx.notes.settled).filter((c) => c.target_id === params.id);
  if (!o) {
    return frame(t('objective.gone'), back('objectives', t('objectives.title')), conflicts.map((c) => conflictCard(ctx, c)),
      h('p', {}, t('objective.goneText')));
  }
  const duo = ctx.kit.get('duos', o.duo);
  const status = o.status || 'open';
  const move = (/** @type {string} */ to) => async () => {
    await ctx.kit.update('objectives', o.id, { status: /** @type {any} */ (to) });
    ctx.notice(isOffline(ctx) ? t('saved.offline') : t('saved.online'));
  };
  return frame(o.title,
    back('objectives', t('objectives.title')),
    conflicts.map((c) => conflictCard(ctx, c)),
    h('p', {}, h('span', { class: `badge status-${status}` }, t(`objective.${status}`)), ' ', waiting(ctx, 'objectives', o.id)),
    h('dl', { class: 'facts' },
      h('dt', {}, t('objective.due')), h('dd', {}, o.due_on ? longDate(o.due_on) : t('value.empty')),
      h('dt', {}, t('objective.details')), h('dd', { class: 'text' }, o.details || t('value.empty'))),
    editable(duo) ? h('p', { class: 'actions' },
      status !== 'in_progress' && status !== 'achieved' ? h('button', { type: 'button', class: 'secondary', onclick: move('in_progress') }, t('objective.start')) : null,
      status !== 'achieved' ? h('button', { type: 'button', class: 'secondary', onclick: move('achieved') }, t('objective.achieve')) : null,
      h('a', { class: 'button', href: `#objective/${o.id}/edit` }, t('objective.edit'))) : null);
}

/** Adds an objective or changes one: only the fields changed are sent. */
export function objectiveForm(/** @type {Context} */ ctx, /** @type {Record<string, string>} */ params) {
  const editing = params.id ? ctx.kit.get('objectives', params.id) : undefined;
  const duo = editing ? ctx.kit.get('duos', editing.duo) : ctx.model.duo;
  const title = editing ? t('objective.editTitle') : t('objectives.add');
  if (!editable(duo) || (params.id && !editing)) return frame(title, back('objectives', t('objectives.title')), h('p', {}, t('objectives.closed')));
  const start = /** @type {Row} */ (editing ?? { title: '', details: '', status: 'open', due_on: '' });
  const latest = addDays(String(duo?.created ?? '').slice(0, 10), 365);
  const form = h('form', { novalidate: true },
    field('title', t('objective.name'), h('input', { type: 'text', maxlength: '200', required: true, value: start.title ?? '', autocomplete: 'off' }), t('objective.nameHint')),
    field('details', t('objective.details'), h('textarea', { rows: '4', maxlength: '5000' }, start.details ?? '')),
    choice('status', t('objective.status'), STATUSES.map((v) => ({ value: v, text: t(`objective.${v}`) })), start.status || 'open'),
    field('due_on', t('objective.due'), h('input', { type: 'date', value: String(start.due_on ?? '').slice(0, 10), max: latest }), t('objective.dueHint')),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, t('form.save')),
      h('a', { href: editing ? `#objective/${editing.id}` : '#objectives', class: 'button secondary' }, t('form.cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = { title: valueOf(form, 'title').trim(), details: valueOf(form, 'details').trim(), status: picked(form, 'status') || 'open',
      due_on: valueOf(form, 'due_on') };
    /** @type {Record<string, string>} */
    const errors = {};
    if (!fields.title) errors.title = t('objective.nameMissing');
    if (fields.due_on && fields.due_on > latest) errors.due_on = t('objective.dueLate', { day: shortDate(latest) });
    if (showErrors(form, errors)) return;
    let id = editing?.id;
    if (editing) {
      const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) =>
        v !== (k === 'due_on' ? String(editing.due_on ?? '').slice(0, 10) : k === 'status' ? editing.status || 'open' : editing[k] ?? '')));
      if (Object.keys(changed).length) await ctx.kit.update('objectives', editing.id, /** @type {any} */ (changed));
    } else {
      id = await ctx.kit.create('objectives', /** @type {any} */ ({ duo: duo?.id, ...fields }));
    }
    ctx.notice(isOffline(ctx) ? t('saved.offline') : t('saved.online'));
    ctx.go(`objective/${id}`);
  });
  return frame(title, back('objectives', t('objectives.title')), form);
}
