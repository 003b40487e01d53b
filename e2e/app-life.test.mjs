// The app's life on a phone beyond its screens: a push shown by the service worker (once,
// however often it arrives) and a tap that opens its screen; a new version offered, never
// forced while the person types; signing out, which ends the session on the server and
// empties the phone.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, go, noErrors, offline, onPhone, pending, phone, signIn, synced, words } from './app-kit.mjs';
import { day, launchBrowser, startServer } from './server.mjs';

let server;
let browser;
let pages; // the server's web pages, a copy it serves with --publicDir: a test updates the app
before(async () => {
  pages = mkdtempSync(path.join(tmpdir(), 'duo-pages-'));
  cpSync('../pb_public', pages, { recursive: true });
  // Firebase's web configuration: the app offers notifications (this machine reaches no Firebase).
  writeFileSync(path.join(pages, 'firebase-web.json'), JSON.stringify({ apiKey: 'AIzaSyE2eExample', authDomain: 'duo-e2e.firebaseapp.com',
    projectId: 'duo-e2e', messagingSenderId: '1234567890', appId: '1:1234567890:web:e2e', vapidKey: 'BE2eExampleVapidKey' }));
  server = await startServer({ serve: ['--publicDir', pages], env: { DUO_FCM_WEB_CONFIG: path.join(pages, 'firebase-web.json') } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(pages, { recursive: true, force: true });
});

/** pushTo delivers a push message to the app's service worker, as the browser does when FCM sends one. */
async function pushTo(context, page, message) {
  const cdp = await context.newCDPSession(page);
  const registration = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === `${server.url}/app/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: await registration, data: JSON.stringify(message) });
  await cdp.detach();
}

/** shown lists the notifications the app's worker shows. */
const shown = (page) => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
  .map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })));

test('a push is shown once, however often it arrives, and a tap opens its screen', async () => {
  const p = await phone(browser);
  await p.context.grantPermissions(['notifications'], { origin: server.url });
  await signIn(p.page, server.url, 'tigran@demo.example.org');
  const tigran = await api(server.url, 'tigran@demo.example.org');
  const evaluation = await tigran.collection('evaluations').getFirstListItem('kind = "final"');
  // As the server sends it through FCM (mobile-api.md, "What arrives").
  const message = { notification: { title: 'Uw evaluatie wacht', body: 'Tigran, vul alstublieft de evaluatie van uw mentoring met Hedwig in.' },
    data: { kind: 'evaluation_due', notification_id: 'n0tification001', screen: 'evaluation', duo: evaluation.duo, evaluation: evaluation.id } };
  await pushTo(p.context, p.page, message);
  await pushTo(p.context, p.page, message); // delivered twice (a retry after a crash)
  await p.page.waitForFunction(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length > 0);
  const notes = await shown(p.page);
  assert.equal(notes.length, 1, 'shown once');
  assert.deepEqual([notes[0].title, notes[0].body, notes[0].tag], [message.notification.title, message.notification.body, 'n0tification001']);

  const [worker] = p.context.serviceWorkers();
  await worker.evaluate((data) => openScreen(data), notes[0].data); // what a tap on it does
  await p.page.locator(`main[data-address="evaluation/${evaluation.id}"]`).waitFor();
  await worker.evaluate((data) => openScreen(data), { kind: 'meeting_nudge', screen: 'meeting_new', duo: evaluation.duo, date: day(-2) });
  await p.page.locator(`main[data-address="meeting/new?date=${day(-2)}"]`).waitFor();
  await worker.evaluate((data) => openScreen(data), { kind: 'weekly_digest', screen: 'duos', filter: 'quiet' });
  await p.page.locator('main[data-address="home"]').waitFor();
  noErrors(p, 'push');
  await p.context.close();
});

test('a mentor told of a missed meeting finds its day already filled in', async () => {
  const p = await phone(browser);
  await signIn(p.page, server.url, 'marc@demo.example.org');
  await go(p.page, `meeting/new?date=${day(-2)}`);
  assert.equal(await p.page.locator('#held_on').inputValue(), day(-2));
  await p.context.close();
});

test('a new version is offered, and taken only when the person chooses: nothing typed is lost', async () => {
  const p = await phone(browser);
  await signIn(p.page, server.url, 'marc@demo.example.org');
  const current = await p.page.evaluate(() => new URL(document.querySelector('script[type=module]').src).pathname.split('/')[3]);
  // The server is updated: a file of the app changed, so every file has a new address.
  appendFileSync(path.join(pages, 'app', 'app.css'), '\n/* the next version */\n');
  await server.restart();
  await go(p.page, 'objective/new');
  await p.page.locator('#title').fill('Typed before the update');
  await p.page.evaluate(async () => (await navigator.serviceWorker.ready).update());
  await p.page.locator('#update-banner').waitFor();
  await p.page.getByText(words('fr', 'update.ready')).waitFor();
  await p.page.waitForTimeout(500);
  assert.equal(await p.page.locator('#title').inputValue(), 'Typed before the update', 'not reloaded behind her back');
  await p.page.getByRole('button', { name: words('fr', 'update.button') }).click();
  await p.page.waitForFunction((v) => !document.querySelector('script[type=module]')?.src.includes(`/v/${v}/`), current);
  await p.page.locator('main[data-drawn]').waitFor();
  await synced(p.page);
  assert.equal(await p.page.evaluate(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/app/sw.js')), true);
  noErrors(p, 'update');
  await p.context.close();
});

test('signing out ends the session on the server and empties the phone; with changes waiting, it asks first', async () => {
  const p = await phone(browser);
  await signIn(p.page, server.url, 'amina@demo.example.org');
  const token = await p.page.evaluate(() => JSON.parse(localStorage.getItem('duo.app.auth') ?? '{}').token);
  assert.ok(token);

  await offline(p.context, p.page, true);
  await go(p.page, 'objective/new');
  await p.page.locator('#title').fill('Pas encore envoyé');
  await p.page.locator('form button[type="submit"]').click();
  await pending(p.page, 1);
  await go(p.page, 'me');
  // The question may come while the tap is still under way: answered as it comes.
  const asked = new Promise((resolve) => { p.page.once('dialog', (d) => { resolve(d.message()); d.dismiss(); }); });
  await p.page.getByRole('button', { name: words('fr', 'me.signOut'), exact: true }).click();
  assert.equal(await asked, words('fr', 'me.signOutPending.one'), 'she is told what would be lost');
  await pending(p.page, 1); // still signed in, the change kept

  await offline(p.context, p.page, false);
  await synced(p.page);
  await p.page.getByRole('button', { name: words('fr', 'me.signOut'), exact: true }).click();
  await p.page.locator('#email').waitFor();
  const res = await fetch(`${server.url}/api/collections/users/auth-refresh`, { method: 'POST', headers: { Authorization: token } });
  assert.equal(res.status, 401, 'the token no longer works on the server');
  const left = (await onPhone(p.page)).length;
  assert.equal(left, 0, 'nothing of hers stays on the phone');
  assert.equal(await p.page.evaluate(() => localStorage.getItem('duo.app.auth')), null);
  noErrors(p, 'sign-out');
  await p.context.close();
});

test('on "Me": consents given and withdrawn, my data as a file, notifications loaded only when asked for', async () => {
  const p = await phone(browser);
  await p.context.grantPermissions(['notifications'], { origin: server.url });
  const firebase = [];
  p.page.on('request', (r) => { if (r.url().includes('firebase')) firebase.push(r.url()); });
  await signIn(p.page, server.url, 'amina@demo.example.org');
  const amina = await api(server.url, 'amina@demo.example.org');
  await go(p.page, 'me');
  const followup = p.page.locator('li[data-purpose="followup_contact"]');
  await followup.getByRole('button', { name: words('fr', 'consent.giveFor', { purpose: words('fr', 'purpose.followup_contact') }) }).click();
  await p.page.getByText(words('fr', 'consent.givenNotice')).waitFor();
  let consent = await amina.collection('consents').getFirstListItem('purpose = "followup_contact"');
  assert.deepEqual([consent.state, consent.recorded_via, consent.recorded_by], ['given', 'app', amina.authStore.record.id]);
  await followup.getByRole('button', { name: words('fr', 'consent.withdrawFor', { purpose: words('fr', 'purpose.followup_contact') }) }).click();
  await p.page.getByText(words('fr', 'consent.withdrawnNotice.followup_contact')).waitFor();
  consent = await amina.collection('consents').getOne(consent.id);
  assert.equal(consent.state, 'withdrawn');

  const download = p.page.waitForEvent('download');
  await p.page.getByRole('button', { name: words('fr', 'me.download') }).click();
  const file = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  assert.equal(file.person.id, amina.authStore.record.id, 'her own data');
  assert.ok(file.consents.some((c) => c.purpose === 'followup_contact'));

  assert.deepEqual(firebase, [], 'Firebase\'s code is not loaded before it is needed');
  await p.page.getByRole('button', { name: words('fr', 'me.pushTurnOn') }).click();
  await p.page.getByText(words('fr', 'me.pushFailed')).waitFor(); // no Firebase from this machine: said, nothing breaks
  assert.ok(firebase.some((u) => u.endsWith('/vendor/firebase-messaging.js')), 'loaded from the server when asked for');
  assert.ok(firebase.every((u) => u.startsWith(server.url)), `nothing loaded from elsewhere: ${firebase}`);
  await p.page.getByRole('button', { name: words('fr', 'me.pushTurnOn') }).waitFor(); // still off
  await p.context.close();
});

test('on "Me": the mentor puts his meetings in his own calendar, and stops the address', async () => {
  const p = await phone(browser);
  await signIn(p.page, server.url, 'marc@demo.example.org');
  await go(p.page, 'me');
  await p.page.getByRole('button', { name: words('fr', 'me.calendarGet') }).click();
  const address = await p.page.getByLabel(words('fr', 'me.calendarAddress')).inputValue();
  const add = await p.page.getByRole('link', { name: words('fr', 'me.calendarAdd') }).getAttribute('href');
  assert.match(address, /^https?:\/\/[^/]+\/api\/calendar\/[^/]+\.ics$/); // on the server's configured address
  assert.equal(add, address.replace(/^https?:/, 'webcal:'), 'the link a calendar app opens');
  const here = `${server.url}${address.slice(address.indexOf('/api/'))}`;
  const feed = await fetch(here);
  assert.equal(feed.status, 200);
  const text = await feed.text();
  assert.match(text, /RRULE:FREQ=WEEKLY/, 'his weekly meeting');
  assert.doesNotMatch(text, /Mentee|Mentoré/, 'first names only');
  await p.page.getByRole('button', { name: words('fr', 'me.calendarStop') }).click();
  await p.page.getByText(words('fr', 'me.calendarStopped')).waitFor();
  assert.equal((await fetch(here)).status, 404, 'the address stopped');
  await p.page.getByRole('button', { name: words('fr', 'me.calendarGet') }).waitFor();
  noErrors(p, 'marc');
  await p.context.close();
});
