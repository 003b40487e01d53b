// The app's service worker: it keeps this version's files, so that the app starts with no
// network; shows the server's push notifications and opens the screen one is about. The
// server fills in the version and the file list (shell.go); a new version is a new worker,
// which waits until the person takes it (updates.js).
/// <reference lib="webworker" />
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const VERSION = '__DUO_VERSION__';
const SHELL = '__DUO_SHELL__'.split(' ');
const CACHE = `duo-app-${VERSION}`;
const BASE = new URL('./', sw.location.href).pathname; // /app/
const FILES = `${BASE}v/`;

sw.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The page of this very version: a server updated meanwhile serves another, and this
    // worker tries again at the next start rather than keep a page that is not its own.
    const page = await fetch(BASE, { cache: 'no-cache' });
    if (!page.ok || !(await page.clone().text()).includes(`v/${VERSION}/`)) throw new Error('the app changed during the install');
    await cache.put(BASE, page);
    await cache.addAll(SHELL.map((file) => `${FILES}${VERSION}/${file}`));
  })());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('duo-app-') && name !== CACHE) await caches.delete(name);
    }
    await sw.clients.claim();
  })());
});

sw.addEventListener('message', (event) => {
  if (event.data?.type === 'skipWaiting') sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith(BASE)) {
    event.respondWith(fromCache(BASE, request));
  } else if (url.pathname.startsWith(FILES)) {
    event.respondWith(fromCache(url.pathname, request));
  }
  // Everything else (the API above all) goes to the network, never kept.
});

/**
 * fromCache answers what this version keeps, and fetches (and keeps) what it does not: the
 * files loaded only when needed (Firebase's), and an older page's files.
 * @param {string} key @param {Request} request
 */
async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(key);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok && key !== BASE) await cache.put(key, answer.clone());
  return answer;
}

// A push from Firebase Cloud Messaging: {notification: {title, body}, data: {kind, screen, ...}}.
// A notification delivered twice (data.notification_id) replaces itself instead of showing twice.
sw.addEventListener('push', (event) => {
  /** @type {{notification?: {title?: string, body?: string}, data?: Record<string, string>}} */
  let message = {};
  try { message = event.data?.json() ?? {}; } catch { message = { notification: { body: event.data?.text() ?? '' } }; }
  const data = message.data ?? {};
  event.waitUntil(sw.registration.showNotification(message.notification?.title ?? 'DUO for a JOB', {
    body: message.notification?.body ?? '',
    tag: data.notification_id || data.kind || 'duo',
    icon: `${FILES}${VERSION}/icons/icon-192.png`,
    badge: `${FILES}${VERSION}/icons/icon-192.png`,
    data,
  }));
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openScreen(event.notification.data ?? {}));
});

/**
 * openScreen shows the screen a notification is about: in the app's open window if there is
 * one (it moves there), else in a new one.
 * @param {Record<string, string>} data
 */
async function openScreen(data) {
  const route = routeOf(data);
  const open = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const app = open.find((c) => new URL(c.url).pathname.startsWith(BASE));
  if (!app) {
    await sw.clients.openWindow(`${BASE}#${route}`);
    return;
  }
  app.postMessage({ type: 'open', route });
  await app.focus().catch(() => {}); // allowed from a tap only
}

/**
 * routeOf is the app's screen a notification is about (mobile-api.md, "What arrives").
 * @param {Record<string, string>} data
 */
function routeOf(data) {
  switch (data.screen) {
    case 'meeting_new': return data.date ? `meeting/new?date=${encodeURIComponent(data.date)}` : 'meeting/new';
    case 'agreement': return data.duo ? `agreement/${encodeURIComponent(data.duo)}` : 'home';
    case 'evaluation': return data.evaluation ? `evaluation/${encodeURIComponent(data.evaluation)}` : 'home';
    default: return 'home';
  }
}
