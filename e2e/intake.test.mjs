// Intake in the console (steps 1-3), in Debian's chromium: a coordinator registers a mentor
// with the keyboard and the labels, the invitation reaches a local SMTP sink, the mentor
// chooses a password from its link and signs in; search and filters show what the server
// says; a nationality without its consent date is refused beside the field. Without SMTP
// settings, mails are written to the server's log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessible, LANGS, shot, signIn, switchLanguage, text } from './console-kit.mjs';
import { client, day, launchBrowser, mailTo, PASSWORD, startServer } from './server.mjs';
import { decoded, startSmtpSink } from './smtp-sink.mjs';

let server;
let browser;
let sink;
let sofia;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  sink = await startSmtpSink();
  sofia = await client(server.url, 'coordinator@demo.example.org');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

async function admin() {
  const pb = await client(server.url);
  await pb.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  return pb;
}

async function roster(query) {
  return (await sofia.send('/api/console/people', { query: { perPage: 200, ...query } })).items;
}

test('with no SMTP server set up, an invitation is written to the server\'s log', async () => {
  const [vettri] = await roster({ q: 'Vettri' });
  const sent = await sofia.send(`/api/console/people/${vettri.id}/invite`, { method: 'POST' });
  assert.equal(sent.email, vettri.email);
  const pb = await admin();
  const logged = async () => (await pb.logs.getList(1, 10, { filter: 'message ~ "mail not sent"' })).items;
  const deadline = Date.now() + 15_000;
  while ((await logged()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const [entry] = await logged();
  assert.ok(entry, 'the mail is in the logs superusers read');
  assert.deepEqual(entry.data.to, [vettri.email]);
  assert.match(entry.data.text, /password\.html\?lang=en#token=/);
});

test('a coordinator registers a mentor; the invitation arrives; the mentor chooses a password and signs in', async () => {
  const pb = await mailTo(server.url, sink);
  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, server.url, 'coordinator@demo.example.org');
  await page.getByRole('link', { name: text('fr', 'nav.people') }).click();
  await page.getByRole('heading', { name: text('fr', 'people.heading') }).waitFor();
  await page.getByRole('link', { name: text('fr', 'people.new') }).click();
  await page.getByRole('heading', { name: text('fr', 'person.newHeading') }).waitFor();
  const peopleIssues = await accessible(page, 'new person');
  for (const lang of ['nl', 'en', 'fr']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: text(lang, 'person.newHeading') }).waitFor();
    await shot(page, `console-person-new-${lang}`);
  }

  await page.getByRole('textbox', { name: text('fr', 'person.name') }).fill('Mireille Vandenberghe');
  await page.getByRole('textbox', { name: text('fr', 'person.email') }).fill('mireille@e2e.example.org');
  await page.getByRole('combobox', { name: text('fr', 'person.role') }).selectOption('mentor');
  await page.getByRole('combobox', { name: text('fr', 'person.locale') }).selectOption('nl');
  await page.getByRole('spinbutton', { name: text('fr', 'person.birthYear') }).fill('1961');
  for (const name of ['français', 'néerlandais']) await page.getByRole('checkbox', { name, exact: true }).check();
  await page.getByRole('checkbox', { name: text('fr', 'sector.logistics_transport') }).check();
  await page.getByRole('checkbox', { name: text('fr', 'person.slot', { day: text('fr', 'day.wed'), part: text('fr', 'part.afternoon') }) }).check();
  await page.getByRole('button', { name: text('fr', 'person.trainedToday') }).click();
  await page.getByRole('textbox', { name: text('fr', 'person.experience') }).fill('Trente ans dans la logistique portuaire.');
  const before = sink.messages.length;
  await page.getByRole('button', { name: text('fr', 'person.save'), exact: true }).press('Enter');
  await page.getByText(text('fr', 'invitation.sent', { email: 'mireille@e2e.example.org', until: '' }).split(';')[0]).waitFor();
  await page.getByRole('heading', { name: 'Mireille Vandenberghe' }).waitFor();

  const [mireille] = await roster({ q: 'mireille@e2e' });
  assert.equal(mireille.role, 'mentor');
  assert.equal(mireille.status, 'waiting');
  assert.equal(mireille.trainingCompletedOn.slice(0, 10), day(0), 'trained today, in Brussels');
  assert.ok(mireille.invitedAt, 'the invitation is recorded');
  assert.equal(mireille.passwordSet, false);
  const profile = await sofia.collection('profiles').getFirstListItem(`user = "${mireille.id}"`);
  assert.deepEqual(profile.languages.sort(), ['fr', 'nl']);
  assert.deepEqual(profile.sectors, ['logistics_transport']);
  assert.deepEqual(profile.availability, ['wed_afternoon']);
  assert.equal(profile.birth_year, 1961);
  assert.equal(profile.experience, 'Trente ans dans la logistique portuaire.');
  await page.getByText(text('fr', 'invitation.sentOn', { at: '' }).trim()).waitFor();

  const mail = await sink.next(before + 1);
  assert.deepEqual(mail.to, ['mireille@e2e.example.org']);
  const body = decoded(mail.raw);
  assert.match(body, /Subject: =\?UTF-8\?|Subject: DUO for a JOB: kies je wachtwoord/, 'in the language chosen for her: Dutch');
  assert.match(body, /Hallo Mireille Vandenberghe,/);
  const link = body.match(/(http:\/\/\S+\/console\/password\.html\?lang=nl#token=[\w.-]+)/)[1];
  assert.ok(body.includes(`${new URL(link).origin}/app/`), 'the mail names the app\'s address');

  const welcome = await browser.newPage({ locale: 'fr-BE' });
  await welcome.goto(link);
  await welcome.getByRole('heading', { name: text('nl', 'password.heading') }).waitFor();
  const passwordIssues = await accessible(welcome, 'password page');
  for (const lang of ['fr', 'en', 'nl']) {
    await welcome.locator('#language').selectOption(lang);
    await welcome.getByRole('heading', { name: text(lang, 'password.heading') }).waitFor();
    await shot(welcome, `console-password-${lang}`);
  }
  await welcome.getByLabel(text('nl', 'password.new')).fill('zeehaven-1961');
  await welcome.getByLabel(text('nl', 'password.confirm')).fill('zeehaven-1962');
  await welcome.getByRole('button', { name: text('nl', 'password.submit') }).click();
  await welcome.getByRole('alert').filter({ hasText: text('nl', 'password.different') }).waitFor();
  await welcome.getByLabel(text('nl', 'password.confirm')).fill('zeehaven-1961');
  await welcome.getByRole('button', { name: text('nl', 'password.submit') }).click();
  await welcome.getByText(text('nl', 'password.done')).waitFor();
  assert.equal(new URL(welcome.url()).hash, '', 'the token is wiped from the address');
  const mentor = await client(server.url);
  const auth = await mentor.collection('users').authWithPassword('mireille@e2e.example.org', 'zeehaven-1961');
  assert.equal(auth.record.verified, true, 'choosing a password from the mail proves the address');
  // From there, the app, in her language, where she signs in.
  await welcome.getByRole('link', { name: text('nl', 'password.openApp') }).click();
  await welcome.locator('#email').waitFor();
  assert.equal(await welcome.locator('#language').inputValue(), 'nl', 'the app opens in the page\'s language');
  await welcome.close();
  const again = await browser.newPage({ locale: 'nl-BE' });
  await again.goto(link);
  await again.getByLabel(text('nl', 'password.new')).fill('another-pass-1');
  await again.getByLabel(text('nl', 'password.confirm')).fill('another-pass-1');
  await again.getByRole('button', { name: text('nl', 'password.submit') }).click();
  await again.getByRole('alert').filter({ hasText: text('nl', 'password.expired') }).waitFor();
  await again.close();

  await page.reload();
  await page.getByText(text('fr', 'invitation.passwordSet')).waitFor();
  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByText(text(lang, 'invitation.passwordSet')).waitFor();
    await shot(page, `console-person-${lang}`);
  }
  await switchLanguage(page, 'fr');
  console.log(`axe-core: new person ${peopleIssues}, password page ${passwordIssues} minor or moderate issues, none serious`);
  await page.close();
});

test('a nationality without the date of its consent is refused beside the field, in the page\'s language', async () => {
  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, server.url, 'coordinator@demo.example.org');
  const [kathleen] = await roster({ q: 'Kathleen' });
  await page.goto(`${server.url}/console/#person/${kathleen.id}`);
  await page.getByRole('heading', { name: kathleen.name }).waitFor();
  await page.getByRole('combobox', { name: text('fr', 'person.nationality') }).selectOption('GH');
  await page.getByRole('button', { name: text('fr', 'person.save'), exact: true }).click();
  const consent = page.getByRole('textbox', { name: text('fr', 'person.nationalityConsent') });
  await page.locator('#p-nationality_consent_on-error').waitFor();
  assert.equal(await consent.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#p-nationality_consent_on-error').textContent(), /consent/i);
  const profile = await sofia.collection('profiles').getFirstListItem(`user = "${kathleen.id}"`);
  assert.equal(profile.nationality, '', 'nothing of it was saved');
  await shot(page, 'console-person-consent-error-fr');

  await consent.fill(day(-1));
  await page.getByRole('button', { name: text('fr', 'person.save'), exact: true }).click();
  await page.getByText(text('fr', 'person.saved')).waitFor();
  const saved = await sofia.collection('profiles').getFirstListItem(`user = "${kathleen.id}"`);
  assert.equal(saved.nationality, 'GH');
  assert.equal(saved.nationality_consent_on.slice(0, 10), day(-1));
  await page.close();
});

test('people: a search and the filters list exactly whom the server lists', async () => {
  const page = await browser.newPage({ locale: 'nl-BE' });
  await signIn(page, server.url, 'coordinator@demo.example.org');
  await switchLanguage(page, 'nl');
  await page.getByRole('link', { name: text('nl', 'nav.people') }).click();
  await page.getByRole('heading', { name: text('nl', 'people.heading') }).waitFor();
  const everyone = await roster({});
  await page.waitForFunction((n) => document.querySelectorAll('#people-rows tr').length === n, Math.min(everyone.length, 25));
  const issues = await accessible(page, 'people');
  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: text(lang, 'people.heading') }).waitFor();
    await shot(page, `console-people-${lang}`);
  }
  await switchLanguage(page, 'nl');
  const shown = () => page.locator('#people-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.person));
  const drawn = async (ids) => page.waitForFunction((want) =>
    [...document.querySelectorAll('#people-rows tr')].map((r) => r.dataset.person).join() === want, ids.join());

  await page.getByRole('combobox', { name: text('nl', 'people.role') }).selectOption('mentor');
  await page.getByRole('combobox', { name: text('nl', 'people.training') }).selectOption('pending');
  const pending = await roster({ role: 'mentor', training: 'pending' });
  await drawn(pending.map((p) => p.id));
  assert.ok(pending.length > 0, 'the demo has mentors still to train');

  await page.getByRole('combobox', { name: text('nl', 'people.training') }).selectOption('');
  await page.getByRole('combobox', { name: text('nl', 'people.role') }).selectOption('mentee');
  await page.getByRole('combobox', { name: text('nl', 'people.status') }).selectOption('waiting');
  const waiting = await roster({ role: 'mentee', status: 'waiting' });
  await drawn(waiting.map((p) => p.id));

  await page.getByRole('combobox', { name: text('nl', 'people.status') }).selectOption('');
  await page.getByRole('combobox', { name: text('nl', 'people.role') }).selectOption('');
  await page.getByRole('searchbox', { name: text('nl', 'people.search') }).fill('kathLEEN');
  await page.keyboard.press('Enter');
  await drawn((await roster({ q: 'kathLEEN' })).map((p) => p.id));
  assert.equal((await shown()).length, 1);
  console.log(`axe-core: people ${issues} minor or moderate issues, none serious`);
  await page.close();
});

test('another branch\'s coordinator, a mentor and a stranger get nothing of the roster or the invitations', async () => {
  const pb = await admin();
  const other = await pb.collection('branches').create({ name: 'Gent (e2e)', city: 'Gent', country: 'BE', timezone: 'Europe/Brussels', locale: 'nl' });
  await pb.collection('users').create({ email: 'els@e2e.example.org', password: PASSWORD, passwordConfirm: PASSWORD,
    name: 'Els Coördinator', role: 'coordinator', branch: other.id, verified: true });
  const els = await client(server.url, 'els@e2e.example.org');
  const [kathleen] = await roster({ q: 'Kathleen' });
  const { items } = await els.send('/api/console/people', {});
  assert.deepEqual(items, [], 'her own branch has nobody yet');
  await assert.rejects(els.send('/api/console/people', { query: { branch: sofia.authStore.record.branch } }), { status: 404 });
  await assert.rejects(els.send(`/api/console/people/${kathleen.id}/invite`, { method: 'POST' }), { status: 404 });
  const marc = await client(server.url, 'marc@demo.example.org');
  await assert.rejects(marc.send('/api/console/people', {}), { status: 403 });
  await assert.rejects(marc.send(`/api/console/people/${kathleen.id}/invite`, { method: 'POST' }), { status: 403 });
  const stranger = await fetch(`${server.url}/api/console/people/${kathleen.id}/invite`, { method: 'POST' });
  assert.equal(stranger.status, 401);
});
