// Web push: Firebase's messaging code is loaded only when a person turns notifications on
// (and the server has Firebase's web configuration); the token goes to POST /api/devices as
// any phone's. The service worker (sw.js) shows what arrives and opens its screen.
import { runningVersion } from './settings.js';

/** @typedef {import('./screens/routes.js').Context} Context */

const TOKEN_KEY = 'duo.app.pushToken';

/** Whether this browser can receive web push from this server. @param {Context} ctx */
export function pushPossible(ctx) {
  return !!ctx.settings.push && 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
}

/** Whether notifications are on for this person on this phone. */
export const pushOn = () => !!localStorage.getItem(TOKEN_KEY) && 'Notification' in window && Notification.permission === 'granted';

/** @type {Promise<{messaging: any, getToken: Function, deleteToken: Function}>|null} */
let loading = null;

/** firebase loads Firebase's two files (some 35 KB compressed) from this version's vendor folder, once. */
function firebase(/** @type {Record<string, string>} */ config) {
  loading ??= (async () => {
    const { initializeApp } = await import('./vendor/firebase-app.js');
    const { getMessaging, getToken, deleteToken, isSupported } = await import('./vendor/firebase-messaging.js');
    if (!(await isSupported())) throw new Error('unsupported');
    const { vapidKey: _, ...options } = config;
    return { messaging: getMessaging(initializeApp(options, 'duo')), getToken, deleteToken };
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

/** token gets this browser's messaging token through the app's own service worker. @param {Context} ctx */
async function token(ctx) {
  const config = /** @type {Record<string, string>} */ (ctx.settings.push);
  const { messaging, getToken } = await firebase(config);
  const registration = await navigator.serviceWorker.ready;
  return { messaging, token: /** @type {string} */ (await getToken(messaging, { vapidKey: config.vapidKey, serviceWorkerRegistration: registration })) };
}

/** @param {Context} ctx @param {string} value */
function register(ctx, value) {
  return ctx.pb.send('/api/devices', { method: 'POST', requestKey: null,
    body: { token: value, platform: 'web', app_version: runningVersion().slice(0, 40), locale: navigator.language.slice(0, 35) } });
}

/**
 * turnOn asks the browser's permission, then registers the phone. It answers 'denied' when the
 * person (or the browser) refused, 'on' when done.
 * @param {Context} ctx
 */
export async function turnOn(ctx) {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const { token: value } = await token(ctx);
  await register(ctx, value);
  localStorage.setItem(TOKEN_KEY, value);
  return 'on';
}

/** turnOff forgets the phone on the server and at Firebase; nothing more is sent to it. @param {Context} ctx */
export async function turnOff(ctx) {
  const value = localStorage.getItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
  if (!value) return;
  await ctx.pb.send(`/api/devices/${encodeURIComponent(value)}`, { method: 'DELETE', requestKey: null }).catch(() => {});
  if (!ctx.settings.push) return;
  try {
    const { messaging } = await token(ctx); // deleteToken needs getToken first in a new page
    await (await firebase(/** @type {Record<string, string>} */ (ctx.settings.push))).deleteToken(messaging);
  } catch { /* Firebase unreachable: the server forgot the phone, which is what counts */ }
}

/**
 * renew registers the phone again at each start (the server forgets a device not seen for 60
 * days, and Firebase may have rotated the token meanwhile).
 * @param {Context} ctx
 */
export async function renew(ctx) {
  if (!pushOn() || !pushPossible(ctx) || !navigator.onLine) return;
  try {
    const { token: value } = await token(ctx);
    await register(ctx, value);
    localStorage.setItem(TOKEN_KEY, value);
  } catch { /* tried again at the next start */ }
}
