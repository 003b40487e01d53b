// From first contact to a signed duo, as the people who live it, in Debian's chromium: a
// prospect signs up on /join/ on her phone and confirms from the mail (a local SMTP sink);
// the coordinator, on her phone too, takes attendance at the information session in a tap,
// turns the registrant into a mentee, runs the intake and writes its note on her page; a
// duo's signing meeting is planned in the console and both partners see it in the app, where
// it opens the agreement; a check-in's note written on a duo's page reaches neither phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { go, phone, signIn as signInApp, synced, words } from './app-kit.mjs';
import { accessible, catalogs, drawnAgain, shotOf, signIn as signInConsole, switchLanguage, text, visit } from './console-kit.mjs';
import { client, launchBrowser, mailTo, startServer } from './server.mjs';
import { decoded, startSmtpSink } from './smtp-sink.mjs';

const join = JSON.parse(readFileSync('../pb_public/join/locales/fr.json', 'utf8'));
const joinText = (key, params = {}) => join[key].replace(/\{\{(\w+)\}\}/g, (_, n) => String(params[n] ?? ''));
const PHONE = { width: 390, height: 844 };
const stamp = (ms) => new Date(ms).toISOString().replace('T', ' ');

let server;
let browser;
let sink;
let sofia;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  sink = await startSmtpSink();
  await mailTo(server.url, sink);
  sofia = await client(server.url, 'coordinator@demo.example.org');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

// localCopy is everything the app keeps on the phone (its IndexedDB databases), as text.
function localCopy(page) {
  return page.evaluate(async () => {
    const all = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise((resolve) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
        });
        all.push(JSON.stringify(rows));
      }
      db.close();
    }
    return all.join('\n');
  });
}

test('a prospect signs up and confirms; the coordinator takes attendance, makes her a mentee and notes her intake', async () => {
  // An information session that starts in 40 seconds: open to the sign-up now, its attendance
  // taken once it has started.
  const startsAt = Date.now() + 40_000;
  const info = await sofia.collection('sessions').create({ branch: sofia.authStore.record.branch, kind: 'info_session',
    starts_at: stamp(startsAt), ends_at: stamp(startsAt + 2 * 3_600_000), place: 'Rue Haute 12, 1000 Bruxelles', capacity: 20, language: 'fr' });

  const prospect = await browser.newPage({ viewport: PHONE, locale: 'fr-BE', hasTouch: true });
  await prospect.goto(`${server.url}/join/?lang=fr`);
  await prospect.locator(`label[for="session-${info.id}"]`).click();
  await prospect.getByLabel(joinText('role.mentee')).check();
  await prospect.getByLabel(joinText('field.first_name'), { exact: true }).fill('Aïcha');
  await prospect.getByLabel(joinText('field.last_name'), { exact: true }).fill('Benali');
  await prospect.getByLabel(joinText('field.email'), { exact: true }).fill('aicha.journey@e2e.example.org');
  await prospect.getByLabel(joinText('field.consent')).check();
  const mails = sink.messages.length;
  await prospect.getByRole('button', { name: joinText('send') }).click();
  await prospect.getByRole('heading', { level: 1, name: joinText('sent.heading') }).waitFor();
  const body = decoded((await sink.next(mails + 1)).raw);
  const link = body.match(/https?:\/\/\S+#token=[A-Za-z0-9_-]+/)?.[0];
  assert.ok(link, `the confirmation link is in the mail:\n${body}`);
  await prospect.goto(link);
  await prospect.getByRole('heading', { level: 1, name: joinText('confirmed.heading', { name: 'Aïcha' }) }).waitFor();
  await prospect.close();

  // Once the session has begun, the coordinator, on her phone, marks her present and makes her a person.
  const page = await browser.newPage({ viewport: PHONE, locale: 'fr-BE', hasTouch: true });
  await signInConsole(page, server.url, 'coordinator@demo.example.org');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - Date.now() + 1_000)));
  await visit(page, `#session/${info.id}`);
  const row = page.locator('#session-people tr').filter({ hasText: 'Aïcha Benali' });
  await row.getByRole('button', { name: catalogs.fr['attendance.markAttended'], exact: true }).click();
  await row.locator('.state').filter({ hasText: catalogs.fr['attendance.attended'] }).waitFor();
  await drawnAgain(page, () => row.getByRole('button', { name: catalogs.fr['session.makePerson'] }).click());
  await page.getByRole('heading', { level: 1, name: 'Aïcha Benali' }).waitFor();
  const aicha = await sofia.collection('users').getOne(page.url().split('#person/')[1]);
  assert.deepEqual([aicha.role, aicha.email], ['mentee', 'aicha.journey@e2e.example.org'], 'made from what she typed');

  // Her intake, held this morning: she is put on its list as present, and its note written on her page.
  const intake = await sofia.collection('sessions').create({ branch: sofia.authStore.record.branch, kind: 'intake',
    starts_at: stamp(Date.now() - 3_600_000), ends_at: stamp(Date.now() - 1_800_000), place: 'Antenne de Bruxelles' });
  await visit(page, `#session/${intake.id}`);
  await page.getByLabel(catalogs.fr['session.inviteSearch'], { exact: true }).fill('Aïcha');
  await page.getByLabel(catalogs.fr['session.inviteSearch'], { exact: true }).press('Enter');
  await page.locator(`#invite-results li[data-person="${aicha.id}"]`)
    .getByRole('button', { name: text('fr', 'session.invite', { name: 'Aïcha Benali', role: catalogs.fr['role.mentee'] }) }).click();
  const line = page.locator(`#session-people tr[data-person="${aicha.id}"]`);
  await line.getByRole('button', { name: catalogs.fr['attendance.markAttended'], exact: true }).click();
  await line.locator('.state').filter({ hasText: catalogs.fr['attendance.attended'] }).waitFor();
  await visit(page, `#person/${aicha.id}`);
  await page.locator(`#person-sessions li[data-session="${intake.id}"]`).waitFor();
  await page.getByLabel(catalogs.fr['notes.new'], { exact: true }).fill('Entretien : cherche un stage en logistique, le néerlandais reste difficile.');
  await page.getByLabel(catalogs.fr['notes.session'], { exact: true }).selectOption(intake.id);
  await page.getByRole('button', { name: catalogs.fr['notes.add'] }).click();
  await page.locator('#note-add-said').filter({ hasText: catalogs.fr['notes.added'] }).waitFor();
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    await page.locator('#notes-heading').filter({ hasText: catalogs[lang]['notes.heading'] }).waitFor();
    await shotOf(page.locator('#notes-box'), `console-person-notes-${lang}`);
  }
  await accessible(page, 'a person\'s sessions and notes');
  await switchLanguage(page, 'fr'); // the language chosen becomes her account's: back to her own
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page fits the phone');
  await page.close();

  const lines = await sofia.collection('attendance').getFullList({ filter: `person = "${aicha.id}"`, sort: 'created' });
  assert.deepEqual(lines.map((l) => [l.session, l.state]), [[info.id, 'attended'], [intake.id, 'attended']]);
  const [note] = await sofia.collection('case_notes').getFullList({ filter: `person = "${aicha.id}"` });
  assert.deepEqual([note.session, note.author], [intake.id, sofia.authStore.record.id]);
  const [registration] = await sofia.collection('registrations').getFullList({ filter: `email = "aicha.journey@e2e.example.org"` });
  assert.equal(registration.person, aicha.id);
  assert.ok(registration.converted_at);
});

test('a signing meeting planned in the console reaches both phones and opens the agreement; a check-in\'s note reaches neither', async () => {
  const [duo] = await sofia.collection('duos').getFullList({ filter: 'status = "validated"', sort: 'created', expand: 'mentor,mentee' });
  for (const s of await sofia.collection('sessions').getFullList({ filter: `duo = "${duo.id}"` })) {
    await sofia.collection('sessions').update(s.id, { status: 'cancelled' }); // the demo's: this one is planned anew
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-BE' });
  await signInConsole(page, server.url, 'coordinator@demo.example.org');
  await visit(page, `#duo/${duo.id}`);
  await drawnAgain(page, () => page.locator('#duo-plan').click());
  assert.equal(await page.locator('#s-kind').inputValue(), 'signing_meeting', 'a validated duo\'s next meeting is its signing');
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(Date.now() + 3 * 86_400_000);
  await page.locator('#s-date').fill(day);
  await page.locator('#s-start').fill('17:30');
  await page.locator('#s-end').fill('18:30');
  await page.locator('#s-place').fill('Antenne de Bruxelles');
  await drawnAgain(page, () => page.getByRole('button', { name: catalogs.fr['session.save'] }).click());
  const planned = await sofia.collection('sessions').getOne(page.url().split('#session/')[1]);
  assert.deepEqual([planned.kind, planned.duo], ['signing_meeting', duo.id]);

  const phones = [];
  for (const who of [duo.expand.mentor, duo.expand.mentee]) {
    const p = await phone(browser);
    await signInApp(p.page, server.url, who.email);
    // The demo's, cancelled, says so; the one just planned is the other.
    const meeting = p.page.locator('.sessions article:not(.cancelled)').filter({ hasText: words('fr', 'sessions.kind.signing_meeting') });
    await meeting.filter({ hasText: 'Antenne de Bruxelles' }).waitFor();
    await meeting.getByRole('link', { name: words('fr', 'sessions.readAgreement') }).click();
    await p.page.locator(`main[data-address="agreement/${duo.id}"]`).waitFor();
    await p.page.getByText(words('fr', 'agreement.signingMeeting', { when: '' }).replace(/\.$/, '').trim()).waitFor();
    phones.push(p);
  }

  // A check-in's note on an active duo: its two phones never hold it.
  const [checkin] = await sofia.collection('sessions').getFullList({ filter: 'kind = "checkin" && status = "planned"', sort: 'starts_at',
    expand: 'duo.mentor,duo.mentee' });
  const watched = checkin.expand.duo;
  const secret = 'Point : le mentor trouve le rythme difficile, à revoir';
  await visit(page, `#duo/${watched.id}`);
  await page.getByLabel(catalogs.fr['notes.new'], { exact: true }).fill(secret);
  await page.getByLabel(catalogs.fr['notes.session'], { exact: true }).selectOption(checkin.id);
  await page.getByRole('button', { name: catalogs.fr['notes.add'] }).click();
  await page.locator('#note-add-said').filter({ hasText: catalogs.fr['notes.added'] }).waitFor();
  await page.close();
  for (const who of [watched.expand.mentor, watched.expand.mentee]) {
    const p = await phone(browser);
    await signInApp(p.page, server.url, who.email);
    await go(p.page, 'home');
    await p.page.locator('.sessions article').filter({ hasText: words('fr', 'sessions.kind.checkin') }).first().waitFor();
    await synced(p.page);
    const copy = await localCopy(p.page);
    assert.ok(copy.includes(checkin.id), `${who.name}'s phone holds the check-in`);
    assert.ok(!copy.includes('rythme difficile'), `${who.name}'s phone holds no word of the note`);
    phones.push(p);
  }
  for (const p of phones) await p.context.close();
});
