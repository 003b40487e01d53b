// The service worker: the app starts offline from what it keeps, and a new version waits
// until the person chooses to take it (the banner), then the page reloads once.
import { offerUpdate } from './chrome.js';
import { t } from './i18n.js';

export function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  let taking = false;
  sw.addEventListener('controllerchange', () => {
    if (taking) window.location.reload(); // the new version took over because the person asked
  });
  // A tap on a notification while the app is open: the worker names the screen to show.
  sw.addEventListener('message', (event) => {
    if (event.data?.type === 'open' && typeof event.data.route === 'string') window.location.hash = event.data.route;
  });
  sw.register(new URL('../../sw.js', import.meta.url), { scope: new URL('../../', import.meta.url).pathname }).then((registration) => {
    const offer = () => {
      const waiting = registration.waiting;
      if (!waiting || !sw.controller) return; // the first install needs no offer
      offerUpdate(t('update.ready'), () => {
        taking = true;
        waiting.postMessage({ type: 'skipWaiting' });
      });
    };
    offer();
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => { if (installing.state === 'installed') offer(); });
    });
    // A phone keeps an installed app open for days: look for a new version every hour.
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  }).catch((err) => console.warn('service worker', err));
}
