// An evaluation or a follow-up: the server's questions (GET /api/evaluations/form, kept on the
// phone for offline use), answered at one's pace, saved as a draft, sent when the phone is back.
import { choice, h, picked } from '../dom.js';
import { firstName, moment, t, tn } from '../i18n.js';
import { back, frame } from './parts.js';
import { fetchForm, keptForm } from '../forms.js';
import { isOffline } from '../chrome.js';

/** @typedef {import('./routes.js').Context} Context */
/** @typedef {import('../forms.js').Form} Form */

/** @param {Context} ctx @param {Record<string, string>} params */
export function evaluationForm(ctx, params) {
  const e = ctx.kit.get('evaluations', params.id);
  if (!e || e.respondent !== ctx.model.me) return frame(t('evaluation.title'), back('home', t('tab.home')), h('p', {}, t('evaluation.gone')));
  const duo = ctx.kit.get('duos', e.duo);
  const partner = firstName(duo && ctx.model.partner(duo));
  if (e.submitted_at) {
    return frame(t('evaluation.title'), back('home', t('tab.home')), h('p', { class: 'card ok' }, t('evaluation.thanks', { when: moment(e.submitted_at) })));
  }
  const side = ctx.model.role;
  const place = h('div', {}, h('p', {}, t('evaluation.loading')));
  const kept = keptForm(e.kind, side);
  if (kept) place.replaceChildren(questions(ctx, e, kept));
  else {
    fetchForm(ctx, e.kind, side).then((form) => place.replaceChildren(form ? questions(ctx, e, form) : h('p', { class: 'card' }, t('evaluation.needsNetwork'))));
  }
  return frame(t(`evaluation.title.${e.kind}`), back('home', t('tab.home')),
    h('p', { class: 'hint' }, t(`evaluation.intro.${e.kind}`, { partner })), place);
}

/** @param {Context} ctx @param {Record<string, any>} e @param {Form} form */
function questions(ctx, e, form) {
  const el = h('form', { class: 'evaluation', novalidate: true },
    form.questions.map((q) => {
      const now = e[q.field];
      if (q.type === 'text') {
        return h('p', { class: 'field' }, h('label', { for: q.field }, q.text),
          h('textarea', { id: q.field, rows: '4', maxlength: '5000' }, now ?? ''));
      }
      const options = q.type === 'score' ? form.scale : q.type === 'yes_no'
        ? [{ value: 'true', text: form.yes }, { value: 'false', text: form.no }] : q.options ?? [];
      const checked = q.type === 'yes_no' ? (now === true ? 'true' : '') : now ? String(now) : '';
      return choice(q.field, q.text, options, checked, { required: q.required });
    }),
    h('p', { class: 'error', id: 'evaluation-error', role: 'alert', hidden: true }),
    h('p', { class: 'actions' },
      h('button', { type: 'submit', value: 'send' }, t('evaluation.send')),
      h('button', { type: 'button', class: 'secondary', id: 'evaluation-later' }, t('evaluation.later'))));
  const answers = () => Object.fromEntries(form.questions.map((q) => {
    if (q.type === 'text') return [q.field, /** @type {HTMLTextAreaElement} */ (el.querySelector(`#${q.field}`)).value.trim()];
    const v = picked(el, q.field);
    if (q.type === 'score') return [q.field, Number(v) || 0];
    if (q.type === 'yes_no') return [q.field, v === 'true'];
    return [q.field, v];
  }));
  el.querySelector('#evaluation-later')?.addEventListener('click', async () => {
    await ctx.kit.update('evaluations', e.id, /** @type {any} */ (answers()));
    ctx.notice(t('evaluation.saved'));
    ctx.go('home');
  });
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = form.questions.filter((q) => q.required && !picked(el, q.field));
    const error = /** @type {HTMLElement} */ (el.querySelector('#evaluation-error'));
    for (const q of form.questions) el.querySelector(`#${q.field}`)?.removeAttribute('aria-invalid');
    if (missing.length) {
      error.textContent = tn('evaluation.missing', missing.length);
      error.hidden = false;
      for (const q of missing) el.querySelector(`#${q.field}`)?.setAttribute('aria-invalid', 'true');
      /** @type {HTMLElement|null} */ (el.querySelector(`#${missing[0].field} input`))?.focus();
      return;
    }
    await ctx.kit.update('evaluations', e.id, /** @type {any} */ ({ ...answers(), submitted_at: new Date().toISOString() }));
    ctx.notice(isOffline(ctx) ? t('evaluation.sentOffline') : t('evaluation.sent'));
    ctx.go('home');
  });
  return el;
}
