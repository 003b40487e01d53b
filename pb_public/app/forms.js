// The evaluation forms, as the server writes them (GET /api/evaluations/form), kept on the
// phone so that an evaluation can be answered offline; fetched as soon as one is open.
import { language } from './i18n.js';

/** @typedef {import('./screens/routes.js').Context} Context */
/**
 * @typedef {object} Form the server's form
 * @property {string} title
 * @property {string} [locale] the language the server wrote it in
 * @property {Array<{value: string, text: string}>} scale
 * @property {string} yes
 * @property {string} no
 * @property {Array<{field: string, type: 'score'|'choice'|'yes_no'|'text', required: boolean, text: string, options?: Array<{value: string, text: string}>}>} questions
 */

const formKey = (/** @type {string} */ kind, /** @type {string} */ side, lang = language()) => `duo.app.form.${kind}.${side}.${lang}`;

/** @param {string} kind @param {string} side @returns {Form|null} */
export function keptForm(kind, side) {
  try { return JSON.parse(localStorage.getItem(formKey(kind, side)) ?? 'null'); } catch { return null; }
}

/**
 * fetchForm asks the server for the form in the person's language and keeps it.
 * @param {Context} ctx @param {string} kind @param {string} side
 * @returns {Promise<Form|null>}
 */
export async function fetchForm(ctx, kind, side) {
  try {
    const form = await ctx.pb.send(`/api/evaluations/form?kind=${encodeURIComponent(kind)}`, { requestKey: null });
    // Kept under the language the server wrote it in: the account's, which a language just
    // chosen here changes only once that edit is sent.
    localStorage.setItem(formKey(kind, side, form.locale || language()), JSON.stringify(form));
    return form;
  } catch {
    return keptForm(kind, side);
  }
}

/** Forms asked for in this session (once each, whatever the answer). */
const asked = new Set();

/** prefetchForms keeps the forms of the person's open evaluations, so they can answer offline. */
export function prefetchForms(/** @type {Context} */ ctx) {
  const side = ctx.model.role;
  for (const e of ctx.model.openEvaluations) {
    const key = formKey(e.kind, side);
    if (asked.has(key) || keptForm(e.kind, side) || !navigator.onLine || ctx.kit.syncStatus.pending) continue;
    asked.add(key);
    fetchForm(ctx, e.kind, side);
  }
}

