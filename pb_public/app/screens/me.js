// "Me": language, notifications, my calendar, consents, my data as a file, installing the
// app, the sync, and signing out (the session ends on the server too).
import { h } from '../dom.js';
import { LANGUAGES, language, moment, t, tn } from '../i18n.js';
import { frame } from './parts.js';
import { isOffline } from '../chrome.js';
import { pushOn, pushPossible, turnOff, turnOn } from '../push.js';
import { canInstall, install, installed, onIOS } from '../install.js';
import { runningVersion } from '../settings.js';
import { consentsSection } from './consents.js';

/** @typedef {import('./routes.js').Context} Context */

/** @param {Context} ctx */
export function me(ctx) {
  const person = ctx.model.person ?? ctx.pb.authStore.record ?? {};
  const status = ctx.kit.syncStatus;
  return frame(t('me.title'),
    h('p', {}, h('strong', {}, person.name ?? ''), h('br'), person.email ?? ''),
    section('me-language', t('me.language'),
      h('p', { class: 'field' }, h('label', { for: 'me-language-select' }, t('language.label')),
        h('select', { id: 'me-language-select', onchange: (/** @type {Event} */ e) => ctx.setLanguage(/** @type {HTMLSelectElement} */ (e.target).value) },
          LANGUAGES.map((l) => h('option', { value: l, selected: l === language(), lang: l }, t(`language.${l}.own`))))),
      h('p', { class: 'hint' }, t('me.languageHint'))),
    notifications(ctx),
    calendarSection(ctx),
    consentsSection(ctx),
    section('me-data', t('me.data'),
      h('p', { class: 'hint' }, t('me.dataHint')),
      h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'me-export', onclick: () => download(ctx) }, t('me.download')))),
    installSection(ctx),
    section('me-sync', t('me.sync'),
      h('p', {}, status.lastSyncedAt ? t('me.lastSync', { when: moment(status.lastSyncedAt.toISOString()) }) : t('me.neverSynced')),
      status.pending ? h('p', {}, tn('status.pending', status.pending)) : null,
      h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.kit.syncNow() }, t('me.syncNow')))),
    section('me-signout', t('me.signOut'),
      h('p', { class: 'hint' }, t('me.signOutHint')),
      h('p', {}, h('button', { type: 'button', class: 'danger', id: 'signout', onclick: () => signOut(ctx) }, t('me.signOut')))),
    h('p', { class: 'hint version' }, t('me.version', { version: runningVersion() || '-' })));
}

/** @param {string} id @param {string} title @param {...any} children */
export const section = (id, title, ...children) =>
  h('section', { class: 'card', 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, title), ...children);

/** Notifications on or off; without the server's Firebase settings, the app says what is new when opened. */
function notifications(/** @type {Context} */ ctx) {
  if (!pushPossible(ctx)) return section('me-push', t('me.push'), h('p', {}, t('me.pushUnavailable')));
  const on = pushOn();
  const toggle = async () => {
    try {
      if (on) { await turnOff(ctx); ctx.notice(t('me.pushOff')); } else {
        const result = await turnOn(ctx);
        ctx.notice(result === 'on' ? t('me.pushOnNotice') : t('me.pushDenied'), result === 'on' ? 'ok' : 'error');
      }
    } catch {
      ctx.notice(t('me.pushFailed'), 'error');
    }
    ctx.redraw();
  };
  return section('me-push', t('me.push'),
    h('p', {}, on ? t('me.pushIsOn') : t('me.pushIsOff')),
    h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'push-toggle', 'aria-pressed': String(on), onclick: toggle },
      on ? t('me.pushTurnOff') : t('me.pushTurnOn'))),
    h('p', { class: 'hint' }, t('me.pushHint')));
}

/** The calendar address given last on this screen (never kept: whoever has it reads the feed). */
let feed = /** @type {{url: string, webcal: string}|null} */ (null);

/**
 * "My calendar": the weekly meeting and the sessions in the phone's or computer's own calendar,
 * through an address of its own (POST /api/calendar/feed; asking again stops the former one).
 * @param {Context} ctx
 */
function calendarSection(ctx) {
  const ask = async (/** @type {'POST'|'DELETE'} */ method) => {
    if (isOffline(ctx)) { ctx.notice(t('me.needsNetwork'), 'error'); return; }
    try {
      const answer = await ctx.pb.send('/api/calendar/feed', { method });
      feed = method === 'POST' ? { url: answer.url, webcal: answer.webcal } : null;
      if (method === 'DELETE') ctx.notice(t('me.calendarStopped'));
    } catch {
      ctx.notice(t('me.needsNetwork'), 'error');
    }
    ctx.redraw();
  };
  const copy = async () => {
    try { await navigator.clipboard.writeText(feed?.url ?? ''); ctx.notice(t('me.calendarCopied')); } catch {
      /** @type {HTMLInputElement|null} */ (document.getElementById('me-calendar-url'))?.select();
    }
  };
  return section('me-calendar', t('me.calendar'),
    h('p', { class: 'hint' }, t('me.calendarHint')),
    feed ? [
      h('p', {}, h('a', { class: 'button', href: feed.webcal, id: 'me-calendar-add' }, t('me.calendarAdd'))),
      h('p', { class: 'field' }, h('label', { for: 'me-calendar-url' }, t('me.calendarAddress')),
        h('input', { id: 'me-calendar-url', type: 'url', readonly: true, value: feed.url })),
      h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: copy }, t('me.calendarCopy'))),
      h('p', { class: 'hint' }, t('me.calendarPrivate')),
      h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'me-calendar-stop', onclick: () => ask('DELETE') }, t('me.calendarStop'))),
    ] : h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'me-calendar-get', onclick: () => ask('POST') }, t('me.calendarGet'))));
}

/** Installing the app: Android's prompt, or iOS's Home Screen steps. */
function installSection(/** @type {Context} */ ctx) {
  if (installed()) return null;
  if (canInstall()) {
    return section('me-install', t('me.install'), h('p', {}, t('me.installHint')),
      h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => { if (await install()) ctx.redraw(); } }, t('me.installButton'))));
  }
  return section('me-install', t('me.install'), h('p', {}, onIOS() ? t('me.installIOS') : t('me.installOther')));
}

/** download fetches everything duo holds about the person (GET /api/people/{id}/export) as a file. */
async function download(/** @type {Context} */ ctx) {
  if (isOffline(ctx)) { ctx.notice(t('me.needsNetwork'), 'error'); return; }
  try {
    const id = ctx.model.me;
    const res = await fetch(`/api/people/${encodeURIComponent(id)}/export`, { headers: { Authorization: ctx.pb.authStore.token } });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const link = h('a', { href: url, download: `duo-${id}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    ctx.notice(t('me.downloaded'));
  } catch {
    ctx.notice(t('me.needsNetwork'), 'error');
  }
}

/**
 * signOut sends what is queued, ends the session on every device, and wipes the phone's copy.
 * With changes not yet sent (offline), it asks before they are lost.
 * @param {Context} ctx
 */
async function signOut(ctx) {
  await ctx.kit.syncNow().catch(() => {});
  const pending = ctx.kit.syncStatus.pending;
  if (pending && !window.confirm(tn('me.signOutPending', pending))) return;
  await turnOff(ctx).catch(() => {});
  try {
    await ctx.kit.signOut({ discardPending: true });
  } catch { /* the copy is wiped all the same */ }
  ctx.notes.forget();
  ctx.signedOut(t('me.signedOut'));
}
