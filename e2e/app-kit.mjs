// What the app's browser tests share: a phone (a browser context at 390 x 844), signing in as
// a person does, waiting for the app's sync, and the API's view to check each step against.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { client, PASSWORD } from './server.mjs';

export const LANGS = ['fr', 'nl', 'en'];
export const appCatalogs = Object.fromEntries(LANGS.map((l) =>
  [l, JSON.parse(readFileSync(`../pb_public/app/locales/${l}.json`, 'utf8'))]));

/** words is a catalog text with its {{placeholders}} filled. */
export function words(lang, key, params = {}) {
  return appCatalogs[lang][key].replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

/**
 * phone opens a new phone: a browser context of its own (its storage, its service worker),
 * at a phone's size. Errors of its pages are collected: a test ends with none.
 */
export async function phone(browser, { width = 390, height = 844, locale = 'fr-BE' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, locale,
    serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED|net::/.test(m.text())) errors.push(m.text()); });
  return { context, page, errors };
}

/** signIn types the address and the password, presses Enter, and waits for the first sync. */
export async function signIn(page, url, email) {
  await page.goto(`${url}/app/`);
  await page.locator('#email').waitFor();
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('main[data-route="home"]').waitFor();
  await synced(page);
  // The worker took the page over: a reload without network now starts from it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
}

/** synced waits until the app's sync is at rest with nothing waiting to be sent. */
export function synced(page, { timeout = 20_000 } = {}) {
  return page.waitForFunction(() => {
    const s = document.getElementById('status')?.dataset;
    return s?.synced === 'true' && s.pending === '0' && s.offline === 'false';
  }, null, { timeout });
}

/** syncedAfter waits for a sync that ended after the moment given (ms), at rest. */
export async function syncedAfter(page, since, options) {
  await page.waitForFunction((t) => Number(document.getElementById('status')?.dataset.lastSync ?? 0) > t, since, options);
  await synced(page, options);
}

/** pending waits until the app says n edits are waiting. */
export function pending(page, n) {
  return page.waitForFunction((want) => document.getElementById('status')?.dataset.pending === String(want), n);
}

/** go shows a screen of the app by its address, and waits for it. */
export async function go(page, route) {
  await page.evaluate((r) => { window.location.hash = r; }, route);
  await page.locator(`main[data-address="${route}"]`).waitFor();
}

/** offline cuts the phone's network (and the app sees it), or gives it back. */
export async function offline(context, page, cut) {
  await context.setOffline(cut);
  await page.waitForFunction((want) => document.getElementById('status')?.dataset.offline === String(want), cut);
}

/** api is the SDK signed in as a person of the demo, to check what the server holds. */
export const api = (url, email) => client(url, email);

/** noErrors: a phone's pages threw nothing and logged no error. */
export function noErrors(p, name) {
  assert.deepEqual(p.errors, [], `${name}: errors in the page`);
}

/** onPhone is every record the app's copy holds on the phone (its IndexedDB store). */
export function onPhone(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('duo-app');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('records').objectStore('records').getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    };
  }));
}
