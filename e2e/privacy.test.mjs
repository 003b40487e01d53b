// A person's consents and data in the console, in Debian's chromium: a coordinator records
// a withdrawal (their origin is erased at once) and a consent given on paper, and downloads
// everything duo holds about the person; checked through the API, in three languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { accessible, catalogs, LANGS, shot, shotOf, signIn, switchLanguage, text } from './console-kit.mjs';
import { client, day, launchBrowser, PASSWORD, startServer } from './server.mjs';

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

test('a coordinator records a withdrawal and a paper consent, and downloads a person\'s data', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const amina = await sofia.collection('users').getFirstListItem('name = "Amina El Idrissi"');
  const profile = await sofia.collection('profiles').getFirstListItem(sofia.filter('user = {:id}', { id: amina.id }));
  await sofia.collection('profiles').update(profile.id, { birth_country: 'MA', birth_country_consent_on: day(-30) });

  const page = await browser.newPage({ locale: 'fr-BE', acceptDownloads: true });
  await signIn(page, server.url, 'coordinator@demo.example.org');
  await page.evaluate((id) => { window.location.hash = `#person/${id}`; }, amina.id);
  await page.getByRole('heading', { level: 1, name: 'Amina El Idrissi' }).waitFor();
  const origin = page.locator('tr[data-purpose="origin_statistics"]');
  await origin.filter({ hasText: catalogs.fr['consent.via.console'] }).waitFor(); // put on record with the origin
  const issues = await accessible(page, 'person with consents');

  // She asked to withdraw her consent to origin data: her country of birth goes at once.
  await page.getByRole('button', { name: text('fr', 'consent.withdrawFor', { purpose: catalogs.fr['purpose.origin_statistics'] }) }).click();
  await page.getByRole('status').filter({ hasText: catalogs.fr['consent.originCleared'] }).waitFor();
  await origin.filter({ hasText: catalogs.fr['consent.via.paper'] }).waitFor();
  const after = await sofia.collection('profiles').getOne(profile.id);
  assert.equal(after.birth_country, '');
  assert.equal(after.birth_country_consent_on, '');
  const withdrawn = await sofia.collection('consents').getFirstListItem(
    sofia.filter('person = {:id} && purpose = "origin_statistics"', { id: amina.id }));
  assert.equal(withdrawn.state, 'withdrawn');

  // Her paper form said yes to the follow-ups.
  const followups = page.locator('tr[data-purpose="followup_contact"]');
  await followups.filter({ hasText: catalogs.fr['consent.none'] }).waitFor();
  await page.getByRole('button', { name: text('fr', 'consent.recordFor', { purpose: catalogs.fr['purpose.followup_contact'] }) }).click();
  await followups.filter({ hasText: catalogs.fr['consent.via.paper'] }).waitFor();
  const given = await sofia.collection('consents').getFirstListItem(
    sofia.filter('person = {:id} && purpose = "followup_contact"', { id: amina.id }));
  assert.deepEqual([given.state, given.recorded_via, given.recorded_by], ['given', 'paper', sofia.authStore.record.id]);

  // Everything duo holds about her, as one file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: catalogs.fr['person.export'] }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), `duo-export-${amina.id}.json`);
  const data = JSON.parse(readFileSync(await file.path(), 'utf8'));
  assert.equal(data.person.id, amina.id);
  assert.equal(data.person.password, undefined);
  assert.deepEqual(data.consents.map((c) => c.purpose).sort(), ['followup_contact', 'origin_statistics']);
  assert.ok(data.duos.length > 0, 'her duos');

  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['consent.heading'] }).waitFor();
    await shot(page, `console-consents-${lang}`);
  }
  console.log(`axe-core: person with consents ${issues} minor or moderate issues, none serious`);
  await page.close();
});

// visit goes to a page of the console and waits until it is drawn whole.
async function visit(page, hash) {
  const shown = Number(await page.locator('#main').getAttribute('data-shown') ?? 0);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown ?? 0) > n, shown);
}

test('a coordinator erases a person with a reason, once her duos are closed, with the keyboard', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const open = await sofia.collection('duos').getFirstListItem('status = "active"', { expand: 'mentee' });
  const closed = await sofia.collection('duos').getFirstListItem('status = "completed"', { expand: 'mentee,mentor' });
  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, server.url, 'coordinator@demo.example.org');
  await switchLanguage(page, 'fr'); // her console speaks the language she chose last

  // A mentee whose duo is running is not erased: the form says why, in the page's language.
  await visit(page, `#person/${open.expand.mentee.id}`);
  await page.getByRole('heading', { level: 1, name: open.expand.mentee.name }).waitFor();
  const reason = page.getByLabel(catalogs.fr['erase.reason'], { exact: true });
  const confirm = page.getByLabel(catalogs.fr['erase.confirm']);
  const eraseButton = page.getByRole('button', { name: catalogs.fr['erase.button'] });
  await eraseButton.focus();
  await page.keyboard.press('Enter');
  await page.getByText(catalogs.fr['erase.needReason']).waitFor();
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'erase-reason', 'the focus goes to what is missing');
  await reason.selectOption('request');
  await eraseButton.focus();
  await page.keyboard.press('Enter');
  await page.getByText(catalogs.fr['erase.needConfirm']).waitFor();
  await confirm.focus();
  await page.keyboard.press('Space');
  await eraseButton.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: catalogs.fr['erase.openDuo'] }).waitFor();
  assert.ok(await sofia.collection('users').getOne(open.expand.mentee.id), 'she is still there');
  const issues = await accessible(page, 'erase form');
  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['erase.heading'] }).waitFor();
    await shotOf(page.locator('#person-privacy'), `console-erase-${lang}`);
  }
  await switchLanguage(page, 'fr');

  // A mentee whose duo completed is erased; the list of people says so; her duo now shows an
  // erased person, and so does its history.
  const mentee = closed.expand.mentee;
  await visit(page, `#person/${mentee.id}`);
  await page.getByRole('heading', { level: 1, name: mentee.name }).waitFor();
  // Her paper form: she joined, then wrote to withdraw. The console says what follows and
  // readies the erasure for that reason.
  const programme = { purpose: catalogs.fr['purpose.programme'] };
  await page.getByRole('button', { name: text('fr', 'consent.recordFor', programme) }).click();
  await page.getByRole('button', { name: text('fr', 'consent.withdrawFor', programme) }).click();
  await page.getByRole('status').filter({ hasText: text('fr', 'consent.programmeWithdrawn', { days: 30 }) }).waitFor();
  assert.equal(await page.getByLabel(catalogs.fr['erase.reason'], { exact: true }).inputValue(), 'consent_withdrawn');
  await page.getByLabel(catalogs.fr['erase.confirm']).check();
  await page.getByRole('button', { name: catalogs.fr['erase.button'] }).press('Enter');
  await page.getByRole('status').filter({ hasText: text('fr', 'erase.done', { name: mentee.name }) }).waitFor();
  assert.equal(await page.evaluate(() => window.location.hash), '#people');
  assert.equal(await page.locator('#people').getByText(mentee.name).count(), 0, 'she is not in the list');
  await assert.rejects(sofia.collection('users').getOne(mentee.id), (err) => err.status === 404);
  const admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const audit = await admin.collection('data_audit').getFirstListItem(admin.filter('person = {:id} && action = "erase"', { id: mentee.id }));
  assert.equal(audit.detail, 'consent_withdrawn');

  await visit(page, `#duo/${closed.id}`);
  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    const named = text(lang, 'duo.heading', { mentee: catalogs[lang]['person.erasedName'], mentor: closed.expand.mentor.name });
    const heading = named.charAt(0).toUpperCase() + named.slice(1);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText(text(lang, 'event.person_erased', { role: catalogs[lang]['role.mentee'].toLowerCase() })).waitFor();
    assert.equal(await page.getByText(/event\.signed_/).count(), 0, 'her signature is still told');
    await shot(page, `console-erased-duo-${lang}`);
  }
  console.log(`axe-core: erase form ${issues} minor or moderate issues, none serious`);
  await page.close();
});
