// Pieces several screens share: the screen's frame, a record's "waiting to be sent" mark,
// the card of a conflict and of a refused edit.
import { h } from '../dom.js';
import { has, t } from '../i18n.js';

/** @typedef {import('./routes.js').Context} Context */

/**
 * frame is a screen: its heading (focused when it opens) and its content.
 * @param {string} title @param {...any} children
 * @returns {{node: HTMLElement, title: string}}
 */
export function frame(title, ...children) {
  return { node: h('section', { class: 'screen' }, h('h1', { tabindex: '-1' }, title), ...children), title };
}

/** back is a link to the screen above this one. */
export const back = (/** @type {string} */ route, /** @type {string} */ text) => h('p', { class: 'back' }, h('a', { href: `#${route}` }, `‹ ${text}`));

/** waiting marks a record whose edits are still on the phone. */
export function waiting(/** @type {Context} */ ctx, /** @type {string} */ collection, /** @type {string} */ id) {
  return ctx.kit.isPending(collection, id) ? h('span', { class: 'badge waiting' }, t('record.waiting')) : null;
}

/** fieldName is a field in words ("title" is "Title"), for conflicts and refusals. */
export const fieldName = (/** @type {string} */ collection, /** @type {string} */ name) =>
  (has(`field.${collection}.${name}`) ? t(`field.${collection}.${name}`) : name);

/**
 * shown writes a value of a field as people read it.
 * @param {string} collection @param {string} name @param {unknown} value
 */
export function shown(collection, name, value) {
  if (value === '' || value === null || value === undefined) return t('value.empty');
  if (collection === 'objectives' && name === 'status') return t(`objective.${value || 'open'}`);
  if (typeof value === 'boolean') return value ? t('value.yes') : t('value.no');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * conflictCard shows an edit that crossed someone else's: both values, in words, and the
 * choice of keeping theirs or sending one's own again (its new base has seen theirs).
 * @param {Context} ctx @param {Record<string, any>} conflict a sync_conflicts record
 */
export function conflictCard(ctx, conflict) {
  const collection = conflict.target_collection;
  const values = /** @type {Record<string, {server: unknown, client: unknown}>} */ (conflict.values ?? {});
  const gone = conflict.reason === 'deleted' || !ctx.kit.get(collection, conflict.target_id);
  const settle = () => { ctx.notes.settle(conflict.id); ctx.redraw(); };
  const mine = async () => {
    const fields = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, v.client]));
    await ctx.kit.update(/** @type {any} */ (collection), conflict.target_id, /** @type {any} */ (fields));
    ctx.notes.settle(conflict.id);
    ctx.notice(t('conflict.mineSent'));
    ctx.redraw();
  };
  return h('div', { class: 'card conflict', role: 'group', 'aria-labelledby': `conflict-${conflict.id}` },
    h('h2', { id: `conflict-${conflict.id}` }, t(gone ? 'conflict.goneTitle' : 'conflict.title')),
    h('p', {}, t(gone ? 'conflict.goneText' : 'conflict.text')),
    h('dl', { class: 'versions' }, Object.entries(values).flatMap(([name, v]) => [
      h('dt', {}, fieldName(collection, name)),
      h('dd', {}, h('span', { class: 'label' }, t('conflict.theirs')), ' ', h('strong', { class: 'theirs' }, shown(collection, name, v.server))),
      h('dd', {}, h('span', { class: 'label' }, t('conflict.mine')), ' ', h('strong', { class: 'mine' }, shown(collection, name, v.client))),
    ])),
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: settle }, t('conflict.keepTheirs')),
      gone ? null : h('button', { type: 'button', onclick: mine }, t('conflict.useMine'))));
}

/**
 * refusedCard shows an edit the server refused for good, with its reasons and what the person
 * had typed (so nothing they wrote is lost without them seeing it), until they have read it.
 * @param {Context} ctx @param {import('../notes.js').Refused} r
 */
export function refusedCard(ctx, r) {
  const typed = Object.entries(r.sent ?? {}).filter(([name, v]) => name !== 'duo' && v !== '' && v !== null && !(Array.isArray(v) && !v.length));
  return h('div', { class: 'card refused', role: 'group', 'aria-labelledby': `refused-${r.at}` },
    h('h2', { id: `refused-${r.at}` }, has(`refused.${r.collection}`) ? t(`refused.${r.collection}`) : t('refused.other')),
    h('p', {}, r.message),
    r.fields.length ? h('ul', {}, r.fields.map((f) => h('li', {}, has(`field.${r.collection}.${f.field}`)
      ? `${fieldName(r.collection, f.field)}: ${f.message}` : f.message))) : null,
    typed.length ? [h('p', {}, t('refused.typed')), h('dl', { class: 'versions' }, typed.flatMap(([name, v]) =>
      [h('dt', {}, fieldName(r.collection, name)), h('dd', {}, shown(r.collection, name, v))]))] : null,
    h('p', { class: 'actions' },
      h('button', { type: 'button', onclick: () => { ctx.notes.dismiss(r.at); ctx.redraw(); } }, t('refused.ok'))));
}
