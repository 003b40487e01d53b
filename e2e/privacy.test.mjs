// A person's consents and data in the console, in Debian's chromium: a coordinator records
// a withdrawal (their origin is erased at once) and a consent given on paper, and downloads
// everything duo holds about the person; checked through the API, in three languages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { accessible, catalogs, LANGS, shot, signIn, switchLanguage, text } from './console-kit.mjs';
import { client, day, launchBrowser, startServer } from './server.mjs';

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
