// What the app reads from the server (GET /api/app/settings): the version it serves, Firebase's
// web configuration when web push is on, and the agreement's standard text in each language.
// Kept on the phone, so that an offline start has them too.

/**
 * @typedef {object} Settings
 * @property {string} version the app the server serves
 * @property {Record<string, string>|null} push Firebase's web configuration (apiKey, projectId, messagingSenderId, appId, vapidKey), or null
 * @property {Record<string, string>} agreement the agreement's standard text by language
 */

const KEY = 'duo.app.settings';

/** @returns {Settings} */
export function cachedSettings() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (s && typeof s === 'object') return { version: '', push: null, agreement: {}, ...s };
  } catch { /* a damaged copy: as if none */ }
  return { version: '', push: null, agreement: {} };
}

/**
 * Asks the server for its settings and keeps them; the kept ones when it cannot be reached.
 * @param {import('./vendor/pocketbase.es.mjs').default} pb
 * @returns {Promise<Settings>}
 */
export async function refreshSettings(pb) {
  try {
    const s = await pb.send('/api/app/settings', { requestKey: null });
    localStorage.setItem(KEY, JSON.stringify(s));
    return { ...cachedSettings(), ...s };
  } catch {
    return cachedSettings();
  }
}

/** The version of the app running now: the one in this file's address (/app/v/<version>/). */
export const runningVersion = () => new URL(import.meta.url).pathname.split('/v/')[1]?.split('/')[0] ?? '';
