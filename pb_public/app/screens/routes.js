// The app's screens by address (#meetings, #meeting/<id>, ...), and what each is given. The
// sign-in screens come with the app; the others load when first shown (from the service
// worker's copy once installed): a first visit on a slow network fetches less.
import { forgot, signin } from './signin.js';

/**
 * @typedef {object} Context what every screen is given
 * @property {import('../vendor/pocketbase.es.mjs').default} pb
 * @property {import('../kit/client.js').SyncClient} kit
 * @property {import('../model.js').Model} model the signed-in person's view of the copy (null when signed out)
 * @property {import('../notes.js').Notes} notes
 * @property {import('../settings.js').Settings} settings
 * @property {(route: string) => void} go shows another screen
 * @property {(text: string, kind?: 'ok'|'error') => void} notice
 * @property {() => void} redraw
 * @property {(lang: string) => Promise<void>} setLanguage
 * @property {(message: string) => void} signedOut
 * @property {() => Promise<void>} [signedIn]
 */

/** @typedef {(ctx: Context, params: Record<string, string>) => {node: HTMLElement, title: string}} Render */

/**
 * @typedef {object} Screen
 * @property {string} tab the tab it belongs to
 * @property {boolean} live drawn again when the copy changes (lists, views); forms are not
 * @property {() => Promise<Render>} load its drawing function, loaded when first needed
 */

/** @param {Render} render @returns {() => Promise<Render>} */
const now = (render) => () => Promise.resolve(render);

/** @type {Array<[string, Screen]>} */
const TABLE = [
  ['home', { tab: 'home', live: true, load: () => import('./home.js').then((m) => m.home) }],
  ['slot', { tab: 'home', live: false, load: () => import('./home.js').then((m) => m.slotForm) }],
  ['meetings', { tab: 'meetings', live: true, load: () => import('./meetings.js').then((m) => m.meetingList) }],
  ['meeting/new', { tab: 'meetings', live: false, load: () => import('./meetings.js').then((m) => m.meetingForm) }],
  ['meeting/:id/edit', { tab: 'meetings', live: false, load: () => import('./meetings.js').then((m) => m.meetingForm) }],
  ['meeting/:id', { tab: 'meetings', live: true, load: () => import('./meetings.js').then((m) => m.meetingView) }],
  ['objectives', { tab: 'objectives', live: true, load: () => import('./objectives.js').then((m) => m.objectiveList) }],
  ['objective/new', { tab: 'objectives', live: false, load: () => import('./objectives.js').then((m) => m.objectiveForm) }],
  ['objective/:id/edit', { tab: 'objectives', live: false, load: () => import('./objectives.js').then((m) => m.objectiveForm) }],
  ['objective/:id', { tab: 'objectives', live: true, load: () => import('./objectives.js').then((m) => m.objectiveView) }],
  ['agreement/:duo', { tab: 'home', live: true, load: () => import('./agreement.js').then((m) => m.agreementView) }],
  ['evaluation/:id', { tab: 'home', live: false, load: () => import('./evaluation.js').then((m) => m.evaluationForm) }],
  ['me', { tab: 'me', live: true, load: () => import('./me.js').then((m) => m.me) }],
  ['signin', { tab: '', live: false, load: now(signin) }],
  ['forgot', { tab: '', live: false, load: now(forgot) }],
];

/**
 * resolve finds the screen of an address: "meeting/k3x9?date=2026-12-01" is the meeting
 * screen with {id, date}; an unknown address is the home screen.
 * @param {string} address
 * @returns {Screen & {name: string, params: Record<string, string>}}
 */
export function resolve(address) {
  const [path, query = ''] = address.split('?');
  const parts = path.split('/');
  for (const [pattern, screen] of TABLE) {
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    /** @type {Record<string, string>} */
    const params = Object.fromEntries(new URLSearchParams(query));
    if (want.every((w, i) => (w.startsWith(':') ? (params[w.slice(1)] = decodeURIComponent(parts[i])) !== '' : w === parts[i]))) {
      return { ...screen, name: pattern, params };
    }
  }
  const fallback = /** @type {Screen} */ (TABLE[0][1]);
  return { ...fallback, name: 'home', params: {} };
}
