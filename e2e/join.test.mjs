// The public sign-up (/join/) in Debian's chromium at a phone's size (390 x 844): a prospect
// registers in French with the keyboard only, the confirmation mail reaches a local SMTP sink,
// its link confirms; the coordinator (SDK) sees the registrant and her line on the session's
// list and turns her into a person. Screenshots of every view in three languages under
// e2e/.run/screenshots/join-*.png, each run through axe-core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { accessible, shot } from './console-kit.mjs';
import { client, launchBrowser, mailTo, startServer } from './server.mjs';
import { decoded, startSmtpSink } from './smtp-sink.mjs';

const LANGS = ['fr', 'nl', 'en'];
const catalogs = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(`../pb_public/join/locales/${l}.json`, 'utf8'))]));
const text = (lang, key, params = {}) => catalogs[lang][key].replace(/\{\{(\w+)\}\}/g, (_, n) => String(params[n] ?? ''));
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let sink;
let sofia;
let sessionsPlanned;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  sink = await startSmtpSink();
  await mailTo(server.url, sink);
  sofia = await client(server.url, 'coordinator@demo.example.org');
  sessionsPlanned = await planSessions();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

// planSessions adds to the demo branch's coming information sessions an online one and a
// full one (its only seat taken), so that the page shows every kind.
async function planSessions() {
  const branch = sofia.authStore.record.branch;
  const at = (days, hour) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10) + ` ${hour}:00:00.000Z`;
  const online = await sofia.collection('sessions').create({ branch, kind: 'info_session', starts_at: at(9, '16'),
    ends_at: at(9, '17'), link: 'https://meet.example.org/duo-info', language: 'en' });
  const full = await sofia.collection('sessions').create({ branch, kind: 'info_session', starts_at: at(11, '09'),
    ends_at: at(11, '11'), place: 'Rue Haute 12, 1000 Bruxelles', capacity: 1, language: 'fr' });
  const { items: [mentee] } = await sofia.send('/api/console/people', { query: { role: 'mentee', perPage: 1 } });
  await sofia.collection('attendance').create({ session: full.id, person: mentee.id, state: 'registered' });
  return { online, full };
}

async function phonePage(lang, hash = '') {
  const page = await browser.newPage({ viewport: PHONE, locale: { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }[lang], isMobile: true, hasTouch: true });
  await page.goto(`${server.url}/join/?lang=${lang}${hash}`);
  return page;
}

// tabTo presses Tab until the element matching selector has the focus, as a keyboard user.
async function tabTo(page, selector) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} never got the focus`);
}

async function formShown(page, lang) {
  await page.getByRole('heading', { level: 1, name: text(lang, 'heading') }).waitFor();
  await page.locator('#session-list input[type="radio"]').first().waitFor();
}

// linkOf is the confirmation link of the last mail to an address, and the mail's text.
async function linkOf(address, count) {
  const raw = (await sink.next(count)).raw;
  const body = decoded(raw);
  assert.ok(raw.includes(address), 'the mail goes to the registrant');
  const link = body.match(/https?:\/\/\S+#token=[A-Za-z0-9_-]+/)?.[0];
  assert.ok(link, `a link in the mail:\n${body}`);
  return { link, body };
}

test('a prospect signs up in French with the keyboard, confirms from the mail, and the coordinator turns her into a mentee', async () => {
  const page = await phonePage('fr');
  await formShown(page, 'fr');
  const fullChoice = page.locator(`#session-${sessionsPlanned.full.id}`);
  assert.equal(await fullChoice.isDisabled(), true, 'a full session is shown, not selectable');
  assert.match(await page.locator(`label[for="session-${sessionsPlanned.full.id}"]`).innerText(), /complet/);
  assert.match(await page.locator(`label[for="session-${sessionsPlanned.online.id}"]`).innerText(), /En ligne/);
  assert.match(await page.locator('#privacy').innerText(), /90 jours après la séance/);
  await shot(page, 'join-form-fr');
  await accessible(page, 'join form fr');
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, 'the form fits the phone\'s width');

  // Keyboard only: Tab to each field, Space on choices, type, Enter to send.
  await tabTo(page, '#session-list input[type="radio"]');
  await page.keyboard.press('Space');
  const chosen = await page.evaluate(() => document.activeElement.value);
  await tabTo(page, '#role-mentee');
  await page.keyboard.press('Space');
  await tabTo(page, '#first_name');
  await page.keyboard.type('Aïcha');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Benali');
  await page.keyboard.press('Tab');
  await page.keyboard.type('aicha.benali@e2e.example.org');
  await page.keyboard.press('Tab');
  await page.keyboard.type('+32 470 12 34 56');
  await tabTo(page, '#consent_contact');
  const trapSkipped = await page.evaluate(() => document.activeElement.id !== 'website');
  assert.ok(trapSkipped, 'the honeypot is never reached with Tab');
  await page.keyboard.press('Space');
  await tabTo(page, '#send');
  const before = sink.messages.length;
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: text('fr', 'sent.heading') }).waitFor();
  await shot(page, 'join-sent-fr');
  await accessible(page, 'join sent fr');

  const { link, body } = await linkOf('aicha.benali@e2e.example.org', before + 1);
  assert.match(body, /Bonjour Aïcha,/);
  assert.match(body, /Confirmer mon inscription/);
  assert.match(body, /Rue Haute 12, 1000 Bruxelles/);
  assert.match(link, /\/join\/\?lang=fr#token=/);

  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: text('fr', 'confirmed.heading', { name: 'Aïcha' }) }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token is wiped from the address');
  await shot(page, 'join-confirmed-fr');
  await accessible(page, 'join confirmed fr');
  await page.close();

  // The coordinator sees the registrant and her line on the session's list.
  const registrations = await sofia.collection('registrations').getFullList();
  const mine = registrations.find((r) => r.email === 'aicha.benali@e2e.example.org');
  assert.ok(mine, 'the coordinator reads the registration');
  assert.equal(mine.session, chosen);
  assert.ok(mine.confirmed_at);
  assert.equal(mine.token_hash, undefined, 'the token\'s hash is hidden');
  const lines = await sofia.collection('attendance').getFullList({ filter: `session = "${chosen}"` });
  const line = lines.find((l) => l.registration === mine.id);
  assert.equal(line?.state, 'registered');
  assert.equal(line.person, '');

  const converted = await sofia.send(`/api/registrations/${mine.id}/convert`, { method: 'POST' });
  const person = await sofia.collection('users').getOne(converted.person);
  assert.equal(person.name, 'Aïcha Benali');
  assert.equal(person.role, 'mentee');
  const again = await sofia.send(`/api/registrations/${mine.id}/convert`, { method: 'POST' });
  assert.equal(again.person, converted.person, 'converting twice gives the same person');
  const moved = await sofia.collection('attendance').getOne(line.id);
  assert.equal(moved.person, person.id);
  assert.equal(moved.registration, '');
});

test('the page in Dutch and English: form, sent, confirmed, cancelled and an expired link', async () => {
  for (const lang of ['nl', 'en']) {
    const page = await phonePage(lang);
    await formShown(page, lang);
    await shot(page, `join-form-${lang}`);
    await accessible(page, `join form ${lang}`);
    await page.locator(`label[for="session-${sessionsPlanned.online.id}"]`).click();
    await page.getByLabel(text(lang, 'role.mentor')).check();
    await page.getByLabel(text(lang, 'field.first_name')).fill(lang === 'nl' ? 'Jan' : 'Grace');
    await page.getByLabel(text(lang, 'field.last_name')).fill(lang === 'nl' ? 'Peeters' : 'Hopper');
    await page.getByLabel(text(lang, 'field.email')).fill(`${lang}@e2e.example.org`);
    await page.getByLabel(text(lang, 'field.consent')).check();
    const before = sink.messages.length;
    await page.getByRole('button', { name: text(lang, 'send') }).click();
    await page.getByRole('heading', { level: 1, name: text(lang, 'sent.heading') }).waitFor();
    await shot(page, `join-sent-${lang}`);
    const { link } = await linkOf(`${lang}@e2e.example.org`, before + 1);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: text(lang, 'confirmed.heading', { name: lang === 'nl' ? 'Jan' : 'Grace' }) }).waitFor();
    assert.equal(await page.getByRole('link', { name: text(lang, 'confirmed.join') }).getAttribute('href'), 'https://meet.example.org/duo-info');
    assert.match(await page.locator('#link-detail').innerText(), /\b\d{2}:\d{2} – \d{2}:\d{2}\b/, 'hours on a 24-hour clock');
    await shot(page, `join-confirmed-${lang}`);
    await accessible(page, `join confirmed ${lang}`);
    if (lang === 'en') {
      await page.getByRole('button', { name: text(lang, 'cancel.button') }).click();
      await page.getByRole('heading', { level: 1, name: text(lang, 'cancelled.heading') }).waitFor();
      await shot(page, 'join-cancelled-en');
      const left = await sofia.collection('registrations').getFullList({ filter: 'created >= "2000-01-01"' });
      assert.ok(!left.some((r) => r.email === 'en@e2e.example.org'), 'a cancelled registration is erased');
    }
    await page.close();
  }
  for (const lang of LANGS) {
    const page = await phonePage(lang, '#token=no-longer-a-valid-token');
    await page.getByRole('heading', { level: 1, name: text(lang, 'expired.heading') }).waitFor();
    await page.getByRole('link', { name: text(lang, 'again') }).waitFor();
    await shot(page, `join-expired-${lang}`);
    await accessible(page, `join expired ${lang}`);
    await page.close();
  }
});

test('mistakes are said in words next to their field, the page\'s and the server\'s', async () => {
  const page = await phonePage('en');
  await formShown(page, 'en');
  await page.getByRole('button', { name: text('en', 'send') }).click();
  for (const [field, key] of [['session', 'error.session'], ['role', 'error.role'], ['first_name', 'error.name'],
    ['email', 'error.email'], ['consent_contact', 'error.consent']]) {
    assert.equal(await page.locator(`#error-${field}`).innerText(), text('en', key), field);
  }
  assert.equal(await page.locator('#session-list input:focus').count(), 1, 'the first mistake gets the focus');
  await page.locator(`label[for="session-${sessionsPlanned.online.id}"]`).click();
  await page.getByLabel(text('en', 'role.mentee')).check();
  await page.getByLabel(text('en', 'field.first_name')).fill('Sam');
  await page.getByLabel(text('en', 'field.last_name')).fill('Lee');
  await page.getByLabel(text('en', 'field.email')).fill('sam@e2e.example.org');
  await page.getByLabel(text('en', 'field.phone')).fill('call me');
  await page.getByLabel(text('en', 'field.consent')).check();
  await page.getByRole('button', { name: text('en', 'send') }).click();
  await page.locator('#error-phone:not([hidden])').waitFor();
  assert.match(await page.locator('#error-phone').innerText(), /phone number/);
  assert.equal(await page.getByLabel(text('en', 'field.phone')).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#error-email').isHidden(), true, 'the fixed mistakes are no longer shown');
  await shot(page, 'join-errors-en');
  await accessible(page, 'join errors en');
  await page.close();
});

test('the page is served under the same strict policy as the console', async () => {
  const res = await fetch(`${server.url}/join/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
});
