// The signed-in person's session: the kit's copy of their data, opened and kept in sync, and
// what the app says when the server speaks (a conflict, a refusal, a reset, a sign-in gone).
// Loaded beside the sign-in screen, not before it: a first visit on a slow network shows that
// screen sooner, and this arrives while the person types.
import { SyncClient } from './kit/client.js';
import { IndexedDBStorage } from './kit/storage/indexeddb.js';
import { Model } from './model.js';
import { Notes } from './notes.js';
import { prefetchForms } from './forms.js';
import { drawStatus, offerUpdate } from './chrome.js';
import { setTimeZone, t, tn } from './i18n.js';

/** @typedef {import('./screens/routes.js').Context} Context */

/**
 * @typedef {object} Shell what the app's frame does for the session
 * @property {() => void} changed the copy changed: draw the screen again
 * @property {(message: string) => void} signedOut the sign-in is gone: show the sign-in screen
 * @property {(text: string, kind?: 'ok'|'error') => void} notice
 */

const COLLECTIONS = ['users', 'branches', 'duos', 'agreements', 'objectives', 'meetings', 'evaluations', 'sync_conflicts'];

/** @type {Array<() => void>} */
const stopWatching = [];

/**
 * openCopy opens the signed-in person's copy (the kit, made once) and starts syncing; the
 * screens follow every change of it.
 * @param {Context} ctx @param {Shell} shell
 */
export async function openCopy(ctx, shell) {
  if (!ctx.kit) {
    ctx.kit = new SyncClient({ pb: ctx.pb, storage: new IndexedDBStorage('duo-app'), network: window });
    listen(ctx, shell);
  }
  const kit = ctx.kit;
  await kit.open();
  const me = ctx.pb.authStore.record?.id ?? '';
  ctx.model = new Model(kit, me);
  ctx.notes = new Notes(me);
  ctx.notes.startSession(new Date().toISOString().replace('T', ' '));
  closeCopy();
  for (const name of COLLECTIONS) stopWatching.push(kit.watch(/** @type {any} */ (name), shell.changed));
  kit.start();
  navigator.storage?.persist?.().catch(() => {}); // keep the copy when the phone runs short of space
  const duo = ctx.model.duo;
  if (duo) setTimeZone(ctx.model.zone(duo));
  import('./push.js').then((push) => push.renew(ctx)); // registers the phone again if notifications are on
}

/** closeCopy stops following the copy (signed out). */
export function closeCopy() {
  while (stopWatching.length) stopWatching.pop()?.();
}

/** @param {Context} ctx @param {Shell} shell */
function listen(ctx, shell) {
  const kit = ctx.kit;
  kit.on('status', (s) => {
    drawStatus(ctx);
    if (ctx.model && s.firstSync.done) prefetchForms(ctx);
  });
  kit.on('conflict', () => shell.notice(t('conflict.notice'), 'error'));
  kit.on('rejected', (r) => { ctx.notes.reject(r); shell.notice(t('rejected.notice'), 'error'); shell.changed(); });
  kit.on('reset', () => shell.notice(t('sync.reset')));
  kit.on('updateRequired', () => offerUpdate(t('update.required')));
  kit.on('authRequired', ({ reason, lostEdits }) => {
    if (reason === 'expired') shell.signedOut(t('signin.expired'));
    else shell.signedOut(lostEdits ? tn('signin.revokedLost', lostEdits) : t('signin.revoked'));
  });
}
