// Installing the app: Android's browsers offer it (beforeinstallprompt, kept for the button on
// the "Me" screen); iOS adds it from Safari's Share menu, which the app explains.

/** @type {any} */
let offered = null;
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault(); // shown from the app's own button, when the person wants it
  offered = event;
});
window.addEventListener('appinstalled', () => { offered = null; });

/** Whether the app runs installed (from the home screen). */
export const installed = () => window.matchMedia('(display-mode: standalone)').matches || /** @type {any} */ (navigator).standalone === true;

/** Whether the browser offers to install it now (Chrome, Edge, Samsung Internet on Android). */
export const canInstall = () => !!offered;

/** Whether this is an iPhone or iPad, where Safari's "Add to Home Screen" installs it. */
export const onIOS = () => /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);

/** install shows the browser's own install prompt; answers whether the person accepted. */
export async function install() {
  if (!offered) return false;
  offered.prompt();
  const { outcome } = await offered.userChoice;
  offered = null;
  return outcome === 'accepted';
}
