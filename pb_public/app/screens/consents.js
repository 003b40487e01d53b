// The person's consents on the "Me" screen: each purpose in plain words, given or withdrawn by
// the person (recorded_via "app"); read and written through the API, so with a network.
import { h } from '../dom.js';
import { shortDate, t } from '../i18n.js';
import { isOffline } from '../chrome.js';

/** @typedef {import('./routes.js').Context} Context */

const PURPOSES = ['programme', 'origin_statistics', 'followup_contact'];

/** The version of the consent texts the app shows (the paper form's, console/privacy.js). */
export const CONSENT_TEXT = '2026-01';

/** @param {Context} ctx */
export function consentsSection(ctx) {
  const list = h('div', {}, h('p', {}, t('consent.loading')));
  const section = h('section', { class: 'card', 'aria-labelledby': 'me-consents-heading' },
    h('h2', { id: 'me-consents-heading' }, t('consent.title')), h('p', { class: 'hint' }, t('consent.intro')), list);
  if (isOffline(ctx)) list.replaceChildren(h('p', {}, t('me.needsNetwork')));
  else draw(ctx, list);
  return section;
}

/** @param {Context} ctx @param {HTMLElement} list */
async function draw(ctx, list) {
  let consents;
  try {
    consents = await ctx.pb.collection('consents').getFullList({ requestKey: null });
  } catch {
    list.replaceChildren(h('p', {}, t('me.needsNetwork')));
    return;
  }
  const byPurpose = Object.fromEntries(consents.map((c) => [c.purpose, c]));
  // The agreement to be contacted, given on the public sign-up page, is shown to those who gave it.
  const shown = byPurpose.contact ? [...PURPOSES, 'contact'] : PURPOSES;
  list.replaceChildren(h('ul', { class: 'consents' }, shown.map((purpose) => {
    const c = byPurpose[purpose];
    const given = c?.state === 'given';
    const state = !c ? t('consent.none') : given ? t('consent.given', { day: shortDate(c.given_at || c.updated) })
      : t('consent.withdrawn', { day: shortDate(c.withdrawn_at || c.updated) });
    return h('li', { 'data-purpose': purpose },
      h('h3', {}, t(`purpose.${purpose}`)),
      h('p', { class: 'hint' }, t(`purposeText.${purpose}`)),
      h('p', {}, h('strong', {}, state)),
      h('p', {}, h('button', { type: 'button', class: given ? 'secondary' : '',
        'aria-label': t(given ? 'consent.withdrawFor' : 'consent.giveFor', { purpose: t(`purpose.${purpose}`) }),
        onclick: () => change(ctx, list, purpose, c, given ? 'withdrawn' : 'given') }, given ? t('consent.withdraw') : t('consent.give'))));
  })));
}

/**
 * @param {Context} ctx @param {HTMLElement} list @param {string} purpose
 * @param {Record<string, any>|undefined} existing @param {'given'|'withdrawn'} state
 */
async function change(ctx, list, purpose, existing, state) {
  if (state === 'withdrawn' && purpose === 'programme' && !window.confirm(t('consent.leaveConfirm'))) return;
  const fields = { state, text_version: CONSENT_TEXT, recorded_via: 'app' };
  try {
    if (existing) await ctx.pb.collection('consents').update(existing.id, fields, { requestKey: null });
    else await ctx.pb.collection('consents').create({ ...fields, person: ctx.model.me, purpose }, { requestKey: null });
    ctx.notice(state === 'given' ? t('consent.givenNotice') : t(`consent.withdrawnNotice.${purpose}`));
  } catch (err) {
    const e = /** @type {any} */ (err);
    ctx.notice(e?.status ? Object.values(e.response?.data ?? {})[0]?.message ?? e.response?.message : t('me.needsNetwork'), 'error');
  }
  await draw(ctx, list);
}
