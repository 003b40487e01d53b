// The app on a cheap phone over a slow network: chromium throttled as Lighthouse's mobile
// profile is (150 ms round trips, 1.6 Mbps down, 750 Kbps up, the CPU 4 times slower), through
// the DevTools protocol. It reports, and asserts no time: a first visit to the sign-in screen
// and its bytes, the mentor's first sync to a usable home screen, a repeat visit offline and
// online. The bytes of the first screen have a budget: 150 KB compressed, libraries included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { onPhone, phone } from './app-kit.mjs';
import { launchBrowser, PASSWORD, startServer } from './server.mjs';

const report = (text) => console.log(`app: ${text}`);
const ROUNDS = 3;
const FIRST_SCREEN_BUDGET = 150 * 1024;

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** throttle slows the page's network and CPU; it answers a counter of the bytes received. */
async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const bytes = { total: 0 };
  cdp.on('Network.loadingFinished', (e) => { bytes.total += e.encodedDataLength; });
  return bytes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const homeDrawn = (page) => page.locator('main[data-route="home"] .card.duo').waitFor({ timeout: 60_000 });
const syncDone = (page) => page.waitForFunction(() => document.getElementById('status')?.dataset.synced === 'true', null, { timeout: 60_000 });

test('a mentor\'s first visit, first sync, and the visits after, on a throttled phone', async () => {
  const runs = { signin: [], signinBytes: [], firstSync: [], syncBytes: [], offline: [], online: [] };
  let records = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const p = await phone(browser);
    const bytes = await throttle(p.context, p.page);
    let t = Date.now();
    await p.page.goto(`${server.url}/app/`);
    await p.page.locator('#email').waitFor({ timeout: 60_000 });
    runs.signin.push(Date.now() - t);
    await p.page.waitForLoadState('networkidle'); // the page's files, not the worker's precache
    runs.signinBytes.push(bytes.total);

    await p.page.locator('#email').fill(`marc@demo.example.org`);
    await p.page.locator('#password').fill(PASSWORD);
    bytes.total = 0;
    t = Date.now();
    await p.page.keyboard.press('Enter');
    await homeDrawn(p.page);
    await syncDone(p.page);
    runs.firstSync.push(Date.now() - t);
    runs.syncBytes.push(bytes.total);
    records = (await onPhone(p.page)).length;
    await p.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });

    await p.context.setOffline(true);
    t = Date.now();
    await p.page.reload();
    await homeDrawn(p.page);
    runs.offline.push(Date.now() - t);
    await p.context.setOffline(false);
    t = Date.now();
    await p.page.reload();
    await homeDrawn(p.page);
    runs.online.push(Date.now() - t);
    await p.context.close();
  }
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  report(`first visit, the sign-in screen usable: median ${median(runs.signin)} ms (${runs.signin.join(', ')}), ${kb(median(runs.signinBytes))} on the wire`);
  report(`first sign-in to a usable home with the first sync done (${records} records): median ${median(runs.firstSync)} ms (${runs.firstSync.join(', ')}), ${kb(median(runs.syncBytes))}`);
  report(`first visit to a usable home (sign-in screen + first sync, typing aside): median ${median(runs.signin) + median(runs.firstSync)} ms`);
  report(`repeat visit offline, home drawn from the worker and the copy: median ${median(runs.offline)} ms (${runs.offline.join(', ')})`);
  report(`repeat visit online: median ${median(runs.online)} ms (${runs.online.join(', ')})`);
  assert.ok(median(runs.signinBytes) < FIRST_SCREEN_BUDGET, `the first screen weighs ${kb(median(runs.signinBytes))}, over 150 KB`);
});
