// What stays around the screens: the sync status line, the offline banner, and the offer of
// a new version of the app.
import { byId, h } from './dom.js';
import { moment, t, tn } from './i18n.js';

/** @typedef {import('./screens/routes.js').Context} Context */

/** Whether the phone has no network now: the browser says so, or the last request found none. */
export function isOffline(/** @type {Context} */ ctx) {
  return !navigator.onLine || ctx.kit.syncStatus.error?.kind === 'offline';
}

/**
 * drawStatus writes the line under the title ("Offline · 3 changes waiting", "Up to date")
 * and shows the offline banner while there is no network.
 * @param {Context} ctx
 */
export function drawStatus(ctx) {
  const line = byId('status');
  const banner = byId('offline-banner');
  if (!ctx.model) {
    line.textContent = '';
    banner.hidden = true;
    return;
  }
  const s = ctx.kit.syncStatus;
  const offline = isOffline(ctx);
  const waiting = s.pending ? tn('status.pending', s.pending) : '';
  let text;
  if (!s.firstSync.done && !offline) text = t('status.firstSync', { n: s.firstSync.records });
  else if (offline) text = [t('status.offline'), waiting].filter(Boolean).join(' · ');
  else if (s.pushing || s.pulling) text = t('status.syncing');
  else if (s.pending) text = waiting;
  else if (s.error) text = t('status.retry');
  else text = s.lastSyncedAt ? t('status.synced', { when: moment(s.lastSyncedAt.toISOString()) }) : '';
  if (line.textContent !== text) line.textContent = text;
  // What the end-to-end tests wait for: edits waiting, the network, a sync at rest.
  line.dataset.pending = String(s.pending);
  line.dataset.offline = String(offline);
  line.dataset.synced = String(s.firstSync.done && !s.pushing && !s.pulling);
  line.dataset.lastSync = String(s.lastSyncedAt?.getTime() ?? 0);
  banner.hidden = !offline;
  byId('offline-text').textContent = s.pending ? tn('offline.pending', s.pending) : t('offline.text');
}

/** bindBanners makes the banners' places and redraws the status when the network comes or goes. */
export function bindBanners(/** @type {Context} */ ctx) {
  byId('banners').replaceChildren(
    h('div', { id: 'offline-banner', class: 'banner offline', hidden: true },
      h('p', { id: 'offline-text' })),
    h('div', { id: 'update-banner', class: 'banner update', hidden: true, role: 'region', 'aria-labelledby': 'update-text' },
      h('p', { id: 'update-text' }), h('button', { id: 'update-button', type: 'button' })));
  window.addEventListener('online', () => drawStatus(ctx));
  window.addEventListener('offline', () => drawStatus(ctx));
}

/**
 * offerUpdate shows that a new version of the app is ready; it is taken when the person
 * presses the button, never in the middle of what they are doing.
 * @param {string} message @param {() => void} [apply] what the button does (a reload by default)
 */
export function offerUpdate(message, apply = () => window.location.reload()) {
  const banner = byId('update-banner');
  byId('update-text').textContent = message;
  const button = byId('update-button');
  button.textContent = t('update.button');
  button.onclick = apply;
  banner.hidden = false;
}
