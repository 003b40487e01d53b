// The app's screens by address (#meetings, #meeting/<id>, ...), and what each is given.
import { home, slotForm } from './home.js';
import { meetingForm, meetingList, meetingView } from './meetings.js';
import { objectiveForm, objectiveList, objectiveView } from './objectives.js';
import { agreementView } from './agreement.js';
import { evaluationForm } from './evaluation.js';
import { me } from './me.js';
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

/**
 * @typedef {object} Screen
 * @property {string} tab the tab it belongs to
 * @property {boolean} live drawn again when the copy changes (lists, views); forms are not
 * @property {(ctx: Context, params: Record<string, string>) => {node: HTMLElement, title: string}} render
 */

/** @type {Array<[string, Screen]>} */
const TABLE = [
  ['home', { tab: 'home', live: true, render: home }],
  ['slot', { tab: 'home', live: false, render: slotForm }],
  ['meetings', { tab: 'meetings', live: true, render: meetingList }],
  ['meeting/new', { tab: 'meetings', live: false, render: meetingForm }],
  ['meeting/:id/edit', { tab: 'meetings', live: false, render: meetingForm }],
  ['meeting/:id', { tab: 'meetings', live: true, render: meetingView }],
  ['objectives', { tab: 'objectives', live: true, render: objectiveList }],
  ['objective/new', { tab: 'objectives', live: false, render: objectiveForm }],
  ['objective/:id/edit', { tab: 'objectives', live: false, render: objectiveForm }],
  ['objective/:id', { tab: 'objectives', live: true, render: objectiveView }],
  ['agreement/:duo', { tab: 'home', live: true, render: agreementView }],
  ['evaluation/:id', { tab: 'home', live: false, render: evaluationForm }],
  ['me', { tab: 'me', live: true, render: me }],
  ['signin', { tab: '', live: false, render: signin }],
  ['forgot', { tab: '', live: false, render: forgot }],
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
