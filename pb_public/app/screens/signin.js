// Signing in with the password chosen from the invitation, and asking for a new one by mail.
import { field, h, showErrors, valueOf } from '../dom.js';
import { LANGUAGES, language, t } from '../i18n.js';
import { frame } from './parts.js';

/** @typedef {import('./routes.js').Context} Context */

/** The language switch of the screens shown before signing in (each language names itself). */
function languageSwitch(/** @type {Context} */ ctx) {
  const select = h('select', { id: 'language', onchange: () => ctx.setLanguage(/** @type {HTMLSelectElement} */ (select).value) },
    LANGUAGES.map((l) => h('option', { value: l, selected: l === language(), lang: l }, t(`language.${l}.own`))));
  return h('p', { class: 'field language' }, h('label', { for: 'language' }, t('language.label')), select);
}

/** @param {Context} ctx */
export function signin(ctx) {
  const form = h('form', { novalidate: true, class: 'signin' },
    field('email', t('signin.email'), h('input', { type: 'email', autocomplete: 'username', required: true, inputmode: 'email' })),
    field('password', t('signin.password'), h('input', { type: 'password', autocomplete: 'current-password', required: true })),
    h('p', { class: 'error', id: 'signin-error', role: 'alert', hidden: true }),
    h('p', {}, h('button', { type: 'submit', class: 'wide' }, t('signin.submit'))),
    h('p', {}, h('a', { href: '#forgot' }, t('signin.forgot'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = valueOf(form, 'email').trim();
    const password = valueOf(form, 'password');
    const error = /** @type {HTMLElement} */ (form.querySelector('#signin-error'));
    error.hidden = true;
    /** @type {Record<string, string>} */
    const errors = {};
    if (!email) errors.email = t('signin.emailMissing');
    if (!password) errors.password = t('signin.passwordMissing');
    if (showErrors(form, errors)) return;
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
    button.disabled = true;
    try {
      const { record } = await ctx.pb.collection('users').authWithPassword(email, password, { requestKey: null });
      if (record.role === 'coordinator') {
        ctx.pb.authStore.clear();
        error.replaceChildren(t('signin.coordinator'), ' ', h('a', { href: '/console/' }, t('signin.console')));
        error.hidden = false;
        return;
      }
      await ctx.signedIn?.();
    } catch (err) {
      error.textContent = failure(/** @type {any} */ (err));
      error.hidden = false;
      /** @type {HTMLInputElement} */ (form.querySelector('#password')).select();
    } finally {
      button.disabled = false;
    }
  });
  return frame(t('signin.title'), h('p', { class: 'hint' }, t('signin.intro')), languageSwitch(ctx), form,
    h('p', { class: 'hint' }, t('signin.install')));
}

/** What to say of a sign-in that failed. @param {{status?: number}} err */
function failure(err) {
  if (err.status === 400) return t('signin.failed');
  if (err.status === 429) return t('signin.tooMany');
  if (!err.status) return t('signin.offline');
  return t('signin.serverError');
}

/** "Forgot my password": the server mails a link to choose a new one; the answer is the same whether the address is known or not. */
export function forgot(/** @type {Context} */ ctx) {
  const form = h('form', { novalidate: true },
    field('reset-email', t('signin.email'), h('input', { type: 'email', autocomplete: 'username', required: true, inputmode: 'email' })),
    h('p', { class: 'error', id: 'reset-error', role: 'alert', hidden: true }),
    h('p', { id: 'reset-done', class: 'card ok', role: 'status', hidden: true }),
    h('p', {}, h('button', { type: 'submit', class: 'wide' }, t('forgot.submit'))),
    h('p', {}, h('a', { href: '#signin' }, t('forgot.back'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = valueOf(form, 'reset-email').trim();
    if (showErrors(form, email.includes('@') ? {} : { 'reset-email': t('signin.emailMissing') })) return;
    const error = /** @type {HTMLElement} */ (form.querySelector('#reset-error'));
    const done = /** @type {HTMLElement} */ (form.querySelector('#reset-done'));
    error.hidden = true;
    try {
      await ctx.pb.collection('users').requestPasswordReset(email, { requestKey: null });
      done.textContent = t('forgot.sent', { email });
      done.hidden = false;
    } catch (err) {
      const status = /** @type {any} */ (err).status;
      error.textContent = status === 429 ? t('signin.tooMany') : !status ? t('signin.offline') : t('forgot.failed');
      error.hidden = false;
    }
  });
  return frame(t('forgot.title'), h('p', { class: 'hint' }, t('forgot.intro')), languageSwitch(ctx), form);
}
