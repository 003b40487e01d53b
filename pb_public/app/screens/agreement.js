// The mentoring agreement: read in one's language, signed on the phone (offline too: the
// signature keeps the moment it was given), and who signed when.
import { h } from '../dom.js';
import { firstName, language, moment, shortDate, t } from '../i18n.js';
import { back, frame, waiting } from './parts.js';
import { isOffline } from '../chrome.js';
import { signingNote } from './sessions.js';

/** @typedef {import('./routes.js').Context} Context */

/** @param {Context} ctx @param {Record<string, string>} params */
export function agreementView(ctx, params) {
  const duo = ctx.kit.get('duos', params.duo);
  const agreement = duo && ctx.model.agreement(duo);
  if (!duo || !agreement) return frame(t('agreement.title'), back('home', t('tab.home')), h('p', {}, t('agreement.none')));
  const mentor = ctx.model.isMentor(duo);
  const mine = mentor ? 'mentor_signed_at' : 'mentee_signed_at';
  const partner = firstName(ctx.model.partner(duo));
  const signLine = (/** @type {string} */ who, /** @type {string} */ name, /** @type {string} */ at) =>
    h('li', {}, at ? t('agreement.signedBy', { name, role: t(`role.${who}`), when: moment(at) }) : t('agreement.notSignedBy', { name, role: t(`role.${who}`) }));
  const me = firstName(ctx.model.person);
  const canSign = duo.status === 'validated' && !agreement[mine];
  return frame(t('agreement.title'),
    back('home', t('tab.home')),
    text(ctx, duo, agreement.commitments),
    h('h2', {}, t('agreement.signatures')),
    h('ul', { class: 'signatures' },
      signLine('mentor', mentor ? me : partner, agreement.mentor_signed_at),
      signLine('mentee', mentor ? partner : me, agreement.mentee_signed_at)),
    waiting(ctx, 'agreements', agreement.id),
    duo.status === 'active' && duo.started_on ? h('p', { class: 'card ok' }, t('agreement.started', { day: shortDate(duo.started_on) })) : null,
    duo.status === 'validated' ? signingNote(ctx, duo) : null,
    canSign ? signForm(ctx, agreement.id, mine, partner) : null);
}

/**
 * The text as signed, or the same standard text in the reader's language when the branch's
 * coordinator did not adapt it (the original stays one tap away).
 * @param {Context} ctx @param {Record<string, any>} duo @param {string} commitments
 */
function text(ctx, duo, commitments) {
  const standard = ctx.settings.agreement ?? {};
  const branchLanguage = ctx.model.branch(duo)?.locale ?? '';
  const translated = branchLanguage !== language() && standard[branchLanguage] === commitments && standard[language()];
  if (!translated) return h('div', { class: 'agreement-text', lang: branchLanguage || false }, commitments);
  return h('div', {},
    h('p', { class: 'hint' }, t('agreement.translated', { language: t(`language.${branchLanguage}`) })),
    h('div', { class: 'agreement-text' }, translated),
    h('details', {}, h('summary', {}, t('agreement.original')), h('div', { class: 'agreement-text', lang: branchLanguage }, commitments)));
}

/** @param {Context} ctx @param {string} id @param {string} mine @param {string} partner */
function signForm(ctx, id, mine, partner) {
  const agree = h('input', { type: 'checkbox', id: 'agree', class: 'check' });
  const error = h('p', { class: 'error', id: 'agree-error', hidden: true });
  agree.setAttribute('aria-describedby', 'agree-error');
  const form = h('form', { class: 'card sign', novalidate: true },
    h('p', { class: 'option' }, agree, h('label', { for: 'agree' }, t('agreement.agree'))),
    error,
    h('p', {}, h('button', { type: 'submit' }, t('agreement.sign'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!/** @type {HTMLInputElement} */ (agree).checked) {
      error.textContent = t('agreement.agreeFirst');
      error.hidden = false;
      agree.focus();
      return;
    }
    await ctx.kit.update('agreements', id, /** @type {any} */ ({ [mine]: new Date().toISOString() }));
    ctx.notice(isOffline(ctx) ? t('agreement.signedOffline') : t('agreement.signedNotice', { partner }));
  });
  return form;
}
