// Every screen of the app in French, Dutch and English at a phone's size: photographed under
// e2e/.run/screenshots (app-<screen>-<language>.png), run through axe-core, checked for text
// that leaves the screen at 360 px wide and at 200 % text size; signing in with the keyboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessible, shot } from './console-kit.mjs';
import { api, go, LANGS, noErrors, offline, pending, phone, signIn, synced, words } from './app-kit.mjs';
import { client, launchBrowser, PASSWORD, startServer } from './server.mjs';

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

/** fits: nothing wider than the screen (no sideways scrolling), at any text size. */
async function fits(page, name) {
  const over = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1
      || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0))
      .map((el) => `${el.tagName}.${el.className}: ${el.textContent?.slice(0, 40)}`).slice(0, 5);
    const page = document.documentElement.scrollWidth;
    return page > width ? [...wide, `the page is ${page} px wide on a ${width} px screen`] : wide;
  });
  assert.deepEqual(over, [], `${name}: wider than the screen`);
}

/** large: every control a finger taps is at least 44 px high (WCAG 2.5.5's target size). */
async function large(page, name) {
  const small = await page.evaluate(() => [...document.querySelectorAll('main button, main a.button, main .task, main .option, main select, main input:not([type=radio]):not([type=checkbox]), main .row, nav a')]
    .filter((el) => el.getBoundingClientRect().height > 0 && el.getBoundingClientRect().height < 44)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().height)} px: ${el.textContent?.trim().slice(0, 30)}`));
  assert.deepEqual(small, [], `${name}: targets too small to tap`);
}

/** look photographs a screen, runs axe on it, and checks it fits at 360 px and at 200 % text. */
async function look(p, name, lang) {
  await p.page.evaluate(() => document.fonts.ready);
  await large(p.page, `${name} (${lang})`);
  await shot(p.page, `app-${name}-${lang}`);
  await accessible(p.page, `${name} (${lang})`);
  await p.page.setViewportSize({ width: 360, height: 640 });
  await fits(p.page, `${name} at 360 px`);
  await p.page.evaluate(() => { document.documentElement.style.fontSize = '225%'; }); // 200 % of the app's 112.5 %
  await fits(p.page, `${name} at 200 % text`);
  await p.page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  await p.page.setViewportSize({ width: 390, height: 844 });
}

test('a mentee signs in with the keyboard alone', async () => {
  const p = await phone(browser);
  await p.page.goto(`${server.url}/app/`);
  await p.page.locator('#language').waitFor();
  await p.page.keyboard.press('Tab'); // the language switch
  await p.page.keyboard.press('Tab');
  assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'email');
  await p.page.keyboard.type('needa@demo.example.org');
  await p.page.keyboard.press('Tab');
  await p.page.keyboard.type(PASSWORD);
  await p.page.keyboard.press('Enter');
  await p.page.locator('main[data-route="home"]').waitFor();
  await synced(p.page);
  // The first task, then the tabs, are reached with Tab; Enter opens the agreement.
  const sign = p.page.getByRole('link', { name: words('fr', 'task.sign') });
  for (let i = 0; i < 20 && !(await sign.evaluate((el) => el === document.activeElement)); i++) await p.page.keyboard.press('Tab');
  await p.page.keyboard.press('Enter');
  await p.page.locator('main[data-route="agreement/:duo"]').waitFor();
  assert.equal(await p.page.evaluate(() => document.activeElement?.tagName), 'H1', 'the new screen\'s heading has the focus');
  noErrors(p, 'keyboard');
  await p.context.close();
});

test('a wrong password, and signing in offline, are told in words', async () => {
  const p = await phone(browser);
  await p.page.goto(`${server.url}/app/`);
  await p.page.locator('#email').fill('marc@demo.example.org');
  await p.page.locator('#password').fill('not his password');
  await p.page.keyboard.press('Enter');
  await p.page.getByText(words('fr', 'signin.failed')).waitFor();
  await p.context.setOffline(true);
  await p.page.locator('#password').fill(PASSWORD);
  await p.page.keyboard.press('Enter');
  await p.page.getByText(words('fr', 'signin.offline')).waitFor();
  await p.context.setOffline(false);
  // A forgotten password: the same answer whether the address is known or not.
  for (const email of ['marc@demo.example.org', 'nobody@demo.example.org']) {
    await go(p.page, 'forgot');
    await p.page.locator('#reset-email').fill(email);
    await p.page.locator('#reset-email').press('Enter');
    await p.page.getByText(words('fr', 'forgot.sent', { email })).waitFor();
  }
  await p.context.close();
});

for (const lang of LANGS) {
  test(`every screen in ${lang}, photographed, accessible, fitting a small phone`, async () => {
    const marcApi = await api(server.url, 'marc@demo.example.org');
    const duo = await marcApi.collection('duos').getFirstListItem(`status = "active" && mentor = "${marcApi.authStore.record.id}"`);
    const meeting = (await marcApi.collection('meetings').getList(1, 1, { filter: `duo = "${duo.id}"`, sort: '-held_on' })).items[0];
    const objective = (await marcApi.collection('objectives').getFullList({ filter: `duo = "${duo.id}"`, sort: 'created' }))[0];

    const p = await phone(browser, { locale: `${lang}-BE` });
    await p.page.goto(`${server.url}/app/`);
    await p.page.locator('#language').selectOption(lang);
    await p.page.getByRole('heading', { name: words(lang, 'signin.title'), exact: true }).waitFor();
    await look(p, 'signin', lang);
    await go(p.page, 'forgot');
    await look(p, 'forgot', lang);
    await go(p.page, 'signin');
    await signIn(p.page, server.url, 'marc@demo.example.org'); // his account's language is French: he chooses his
    await go(p.page, 'me');
    await p.page.locator('#me-language-select').selectOption(lang);
    await p.page.getByRole('heading', { name: words(lang, 'me.title'), exact: true }).waitFor();
    await synced(p.page);
    assert.equal((await marcApi.collection('users').getOne(marcApi.authStore.record.id)).locale, lang, 'the account follows');

    const screens = [['home', 'home.hello', { name: 'Marc' }], ['slot', 'slot.title'], ['meetings', 'meetings.title'],
      ['meeting/new', 'meetings.log'], [`meeting/${meeting.id}`], [`meeting/${meeting.id}/edit`, 'meeting.editTitle'],
      ['objectives', 'objectives.title'], ['objective/new', 'objectives.add'], [`objective/${objective.id}`],
      [`objective/${objective.id}/edit`, 'objective.editTitle'], [`agreement/${duo.id}`, 'agreement.title'], ['me', 'me.title']];
    for (const [route, heading, params] of screens) {
      await go(p.page, route);
      if (heading) await p.page.getByRole('heading', { level: 1, name: words(lang, heading, params), exact: true }).waitFor();
      await look(p, route.replace(/\/[a-z0-9]{15}/, '').replace('/', '-'), lang);
    }

    // Offline, with changes waiting.
    await offline(p.context, p.page, true);
    await go(p.page, 'slot');
    await p.page.locator('#slot-place').fill(`Bibliothèque (${lang})`);
    await p.page.locator('form button[type="submit"]').click();
    await p.page.locator('main[data-address="home"]').waitFor();
    await pending(p.page, 1);
    await p.page.locator('#offline-banner').waitFor();
    await look(p, 'home-offline', lang);
    await offline(p.context, p.page, false);
    await synced(p.page);
    noErrors(p, `mentor ${lang}`);
    await p.context.close();
  });
}

test('the screens only a mentee sees, and a conflict, a refusal and an evaluation, in three languages', async () => {
  const coordinator = await client(server.url, 'coordinator@demo.example.org');
  const amina = await api(server.url, 'amina@demo.example.org');
  const duo = await amina.collection('duos').getFirstListItem(`status = "active" && mentee = "${amina.authStore.record.id}"`);
  const objective = (await amina.collection('objectives').getFullList({ filter: `duo = "${duo.id}"`, sort: 'created' }))[0];
  const unconfirmed = (await amina.collection('meetings').getFullList({ filter: `duo = "${duo.id}" && mentee_confirmed = false` }))[0];
  const p = await phone(browser);
  await signIn(p.page, server.url, 'amina@demo.example.org');

  // A conflict: her title, typed offline, crossed her mentor's.
  await offline(p.context, p.page, true);
  await go(p.page, `objective/${objective.id}/edit`);
  await p.page.locator('#title').fill('Mon titre, hors ligne');
  await p.page.locator('form button[type="submit"]').click();
  await pending(p.page, 1);
  const marc = await api(server.url, 'marc@demo.example.org');
  await marc.collection('objectives').update(objective.id, { title: 'Le titre de Marc' });
  await offline(p.context, p.page, false);
  await p.page.locator('.card.conflict').waitFor();

  // A refusal: an objective added offline to a duo her coordinator stopped meanwhile is shown
  // last (the duo stays stopped).
  const shots = [['meeting', `meeting/${unconfirmed.id}`], ['conflict', `objective/${objective.id}`]];
  for (const lang of LANGS) {
    await go(p.page, 'me');
    await p.page.locator('#me-language-select').selectOption(lang);
    await p.page.getByRole('heading', { name: words(lang, 'me.title'), exact: true }).waitFor();
    for (const [name, route] of shots) {
      await go(p.page, route);
      await look(p, `mentee-${name}`, lang);
    }
  }
  await offline(p.context, p.page, true);
  await go(p.page, 'objective/new');
  await p.page.locator('#title').fill('Trouver un stage');
  await p.page.locator('form button[type="submit"]').click();
  await pending(p.page, 1);
  await coordinator.collection('duos').update(duo.id, { status: 'stopped', stop_category: 'moved', stop_reason: 'Bonne route, Amina !' });
  await offline(p.context, p.page, false);
  await go(p.page, 'home');
  await p.page.locator('.card.refused').waitFor();
  for (const lang of LANGS) {
    await go(p.page, 'me');
    await p.page.locator('#me-language-select').selectOption(lang);
    await go(p.page, 'home');
    await p.page.getByRole('heading', { name: words(lang, 'home.hello', { name: 'Amina' }), exact: true }).waitFor();
    await look(p, 'mentee-refused', lang);
  }
  await p.page.locator('.card.refused dd', { hasText: 'Trouver un stage' }).waitFor(); // what she typed is shown
  await p.page.getByRole('button', { name: words('en', 'refused.ok') }).click();
  await p.page.locator('.card.refused').waitFor({ state: 'detached' });
  noErrors(p, 'mentee');
  await p.context.close();

  // An agreement to sign, in each language (the standard text shown in the reader's, the
  // branch's one tap away).
  const n = await phone(browser);
  await signIn(n.page, server.url, 'needa@demo.example.org');
  const needa = await api(server.url, 'needa@demo.example.org');
  const validated = await needa.collection('duos').getFirstListItem('status = "validated"');
  for (const lang of LANGS) {
    await go(n.page, 'me');
    await n.page.locator('#me-language-select').selectOption(lang);
    await go(n.page, `agreement/${validated.id}`);
    await n.page.getByRole('button', { name: words(lang, 'agreement.sign') }).waitFor();
    if (lang !== 'fr') await n.page.getByText(words(lang, 'agreement.translated', { language: words(lang, 'language.fr') })).waitFor();
    await look(n, 'agreement-sign', lang);
    await go(n.page, 'home'); // her signing meeting, planned by the coordinator, opens the agreement
    await n.page.locator('.sessions').getByRole('link', { name: words(lang, 'sessions.readAgreement') }).waitFor();
    await look(n, 'mentee-home-sessions', lang);
  }
  await n.context.close();

  const t = await phone(browser);
  await signIn(t.page, server.url, 'tigran@demo.example.org');
  const e = await (await api(server.url, 'tigran@demo.example.org')).collection('evaluations').getFirstListItem('kind = "final"');
  for (const lang of LANGS) {
    await go(t.page, 'me');
    await t.page.locator('#me-language-select').selectOption(lang);
    await synced(t.page); // the account speaks it: the server's form comes in it
    await go(t.page, 'home');
    await look(t, 'mentee-home-evaluation', lang);
    await go(t.page, `evaluation/${e.id}`);
    await t.page.locator('fieldset#satisfaction').waitFor();
    await look(t, 'evaluation', lang);
  }
  noErrors(t, 'evaluation');
  await t.context.close();
});
