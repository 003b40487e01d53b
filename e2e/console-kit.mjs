// What the console's browser tests share: the catalogs, axe-core, screenshots, signing in
// with the keyboard and switching language as a coordinator does, going to a page and
// waiting for it drawn.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PASSWORD } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = path.resolve('.run/screenshots');
mkdirSync(shots, { recursive: true });

export const LANGS = ['fr', 'nl', 'en'];
export const catalogs = Object.fromEntries(LANGS.map((l) =>
  [l, JSON.parse(readFileSync(`../pb_public/console/locales/${l}.json`, 'utf8'))]));

// text is a catalog text with its {{placeholders}} filled.
export function text(lang, key, params = {}) {
  return catalogs[lang][key].replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

// shot writes a full-page screenshot under e2e/.run/screenshots.
export function shot(page, name) {
  return page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// shotOf writes a screenshot of one part of the page (a long page's full shot is too small to
// read once scaled down).
export function shotOf(locator, name) {
  return locator.screenshot({ path: path.join(shots, `${name}.png`) });
}

// accessible runs axe-core in the page (through DevTools, which the page's CSP does not
// govern) and fails on any serious or critical violation; it returns how many lesser ones.
export async function accessible(page, name) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run());
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(grave.map((v) => `${v.id}: ${v.help}`), [], `${name}: accessibility`);
  return violations.length;
}

// switchLanguage picks a language in the header's switch and waits for the page to be drawn
// again in it.
export async function switchLanguage(page, lang) {
  if (await page.locator('#language').inputValue() === lang) return; // no change, nothing drawn again
  const before = Number(await page.locator('#main').getAttribute('data-shown') ?? 0);
  await page.locator('#language').selectOption(lang);
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown ?? 0) > n, before);
}

// signIn types the person's address and password and presses Enter, keyboard only, and
// waits for what the console shows next (the branch, or the staff-only notice).
export async function signIn(page, url, email) {
  await page.goto(`${url}/console/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab'); // the language switch comes first, in the header
  await page.getByRole('textbox', { name: /e-mail/i }).focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  const shown = Number(await page.locator('#main').getAttribute('data-shown') ?? 0);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown ?? 0) > n, shown);
}

// drawnAgain runs act and waits for the console to draw its page again after it.
export async function drawnAgain(page, act) {
  const shown = Number(await page.locator('#main').getAttribute('data-shown') ?? 0);
  await act();
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown ?? 0) > n, shown);
}

// visit shows a page of the console by its address and waits for it drawn.
export const visit = (page, hash) => drawnAgain(page, () => page.evaluate((h) => { window.location.hash = h; }, hash));

// coordinatorPage is a new browser page with the demo's coordinator signed in, in a language.
export async function coordinatorPage(browser, url, lang = 'en', viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ locale: { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }[lang], viewport });
  await signIn(page, url, 'coordinator@demo.example.org');
  await switchLanguage(page, lang);
  return page;
}
