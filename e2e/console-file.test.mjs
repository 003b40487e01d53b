// The console as the coordinator's working file, in Debian's chromium: a duo's page (why it
// is watched, its sessions, its history dated and authored, a check-in's note that no phone
// gets, a session planned for it), the duos sorted by last meeting and searched by name,
// since when people wait, and every page at a phone's width with its tables as cards. Each
// page is run through axe-core and photographed in three languages under e2e/.run/screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessible, catalogs, coordinatorPage as signedIn, drawnAgain, shot, switchLanguage, visit } from './console-kit.mjs';
import { client, launchBrowser, startServer } from './server.mjs';
import { addDays, mondayOf, todayIn } from '../pb_public/console/zone.js';

const ZONE = 'Europe/Brussels';
let server;
let browser;
let sofia;
const coordinatorPage = (lang, viewport) => signedIn(browser, server.url, lang, viewport);
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  sofia = await client(server.url, 'coordinator@demo.example.org');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// wider is how many CSS pixels the page is wider than the screen (0: nothing sticks out).
const wider = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// pastTraining is a training of the demo branch already held, not cancelled.
async function pastTraining() {
  const [s] = await sofia.collection('sessions').getFullList({ filter: `kind = "training" && status != "cancelled" && starts_at < "${new Date().toISOString().replace('T', ' ')}"`, sort: '-starts_at' });
  assert.ok(s, 'the demo has a training held');
  return s;
}

test('the duos list sorts by last meeting and searches by name; people show since when they wait; at a phone\'s width tables are cards', async () => {
  const page = await coordinatorPage('en');
  await visit(page, '#duos');
  await page.getByLabel(catalogs.en['duos.sort'], { exact: true }).selectOption('-last_meeting'); // the list alone is drawn again
  const { items } = await sofia.send('/api/console/duos', { query: { sort: '-last_meeting' } });
  await page.waitForFunction((id) => document.querySelector('#duo-rows tr')?.dataset.duo === id, items[0].id);
  const shown = await page.locator('#duo-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.lastMeeting));
  assert.equal(shown.length, items.length);
  const dated = shown.filter(Boolean);
  assert.deepEqual(dated, [...dated].sort().reverse(), 'the latest meeting first');
  assert.deepEqual(shown.slice(dated.length), shown.slice(dated.length).map(() => ''), 'those with no meeting last');
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.locator('#duos-heading').filter({ hasText: catalogs[lang]['duos.heading'] }).waitFor();
    await shot(page, `console-duos-sorted-${lang}`);
  }
  await switchLanguage(page, 'en');
  const target = items.find((d) => d.menteeName);
  await page.getByLabel(catalogs.en['duos.search'], { exact: true }).fill(target.menteeName);
  await page.getByLabel(catalogs.en['duos.search'], { exact: true }).press('Enter');
  await page.waitForFunction((n) => [...document.querySelectorAll('#duo-rows tr')].every((r) => r.innerText.includes(n)), target.menteeName);
  await page.locator(`#duo-rows tr[data-duo="${target.id}"]`).waitFor();
  const issues = await accessible(page, 'duos sorted');

  // Waiting since: on the people list and a person's page.
  const { items: waiting } = await sofia.send('/api/console/people', { query: { status: 'waiting', role: 'mentee', perPage: 1 } });
  await visit(page, '#people');
  await page.locator('#people-rows tr[data-status="waiting"]').first().locator('.since').filter({ hasText: /^since / }).waitFor();
  assert.equal(await page.locator('#people-rows tr[data-status="waiting"]').count(), await page.locator('#people-rows tr .since').count(),
    'those waiting, and only they, say since when');
  await visit(page, `#person/${waiting[0].id}`);
  await page.locator('#person-where').filter({ hasText: `${catalogs.en['personStatus.waiting']} since ` }).waitFor();
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.locator('#person-where').filter({ hasText: catalogs[lang][`personStatus.waiting`] }).waitFor();
    await shot(page, `console-person-waiting-${lang}`);
    await visit(page, '#people');
    await page.locator('#people-rows tr[data-status="waiting"]').first().waitFor();
    await shot(page, `console-people-waiting-${lang}`);
    await visit(page, `#person/${waiting[0].id}`);
  }
  await switchLanguage(page, 'en');

  // A phone: no page wider than the screen; each table row a card, each value with its name.
  await page.setViewportSize({ width: 390, height: 844 });
  const { items: [anyDuo] } = await sofia.send('/api/console/duos', { query: { status: 'active' } });
  const training = await pastTraining();
  for (const [where, hash] of [['overview', '#overview'], ['people', '#people'], ['calendar', '#calendar'], ['a session', `#session/${training.id}`],
    ['duos', '#duos'], ['a duo', `#duo/${anyDuo.id}`], ['matching', '#matching'], ['a person', `#person/${waiting[0].id}`], ['impact', '#impact']]) {
    await visit(page, hash);
    await page.waitForTimeout(200); // rows drawn after the page (a search) get their labels
    assert.ok(await wider(page) <= 0, `${where}: nothing wider than the screen at 390 px (${await wider(page)} px more)`);
    const cards = await page.evaluate(() => [...document.querySelectorAll('main section:not([hidden]) table.risks tbody tr')]
      .filter((tr) => tr.checkVisibility()).map((tr) => {
        const td = tr.querySelector('td[data-label]');
        return { display: getComputedStyle(tr).display, label: td ? getComputedStyle(td, '::before').content : 'none' };
      }));
    for (const c of cards) {
      assert.equal(c.display, 'block', `${where}: a row is a card`);
      assert.notEqual(c.label, 'none', `${where}: each value shows its column's name`);
    }
    await shot(page, `console-phone-${where.replace(' ', '-')}-en`);
  }
  for (const lang of ['fr', 'nl']) {
    await switchLanguage(page, lang);
    await visit(page, `#session/${training.id}`);
    await shot(page, `console-phone-a-session-${lang}`);
    await visit(page, '#calendar');
    await shot(page, `console-phone-calendar-${lang}`);
  }
  console.log(`axe-core: duos sorted ${issues} minor or moderate issues, none serious`);
  await switchLanguage(page, 'fr');
  await page.close();
});

test('a duo\'s working file: why it is watched, its sessions, its dated and authored history, a check-in\'s note that never reaches a phone', async () => {
  const [checkin] = await sofia.collection('sessions').getFullList({ filter: 'kind = "checkin" && status = "planned"', sort: 'starts_at', expand: 'duo.mentor,duo.mentee' });
  assert.ok(checkin, 'the demo has a check-in planned');
  const duo = checkin.expand.duo;
  const page = await coordinatorPage('en');
  await page.evaluate(() => window.scrollTo(0, 600)); // a page scrolled down: the next one opens at its top all the same
  await page.evaluate((id) => { window.location.hash = `#duo/${id}`; }, duo.id);
  await page.getByRole('heading', { level: 1, name: `${duo.expand.mentee.name} and ${duo.expand.mentor.name}` }).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page opens at its top');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'duo-heading', 'with its heading in focus');

  // Why it is watched, in the overview's words; its sessions, each a link.
  const { atRisk } = await sofia.send('/api/console/overview', {});
  const reasons = atRisk.find((d) => d.duo === duo.id)?.reasons ?? [];
  assert.equal(await page.locator('#duo-risks li').count(), reasons.length);
  for (const r of reasons) await page.locator(`#duo-risks li[data-risk="${r.code}"]`).waitFor();
  await page.locator(`#duo-sessions li[data-session="${checkin.id}"] a[href="#session/${checkin.id}"]`).waitFor();

  // The history: each event dated, and who did it (a person by name, or the server).
  const events = await sofia.collection('duo_events').getFullList({ filter: `duo = "${duo.id}"` });
  const rows = page.locator('#duo-timeline li[data-kind="event"]');
  assert.equal(await rows.count(), events.length);
  for (const row of await rows.all()) {
    assert.ok(await row.locator('time').getAttribute('datetime'), 'dated');
    assert.match((await row.locator('.who').innerText()).trim(), /^— by .+/, 'authored');
  }
  await rows.filter({ hasText: `— by ${sofia.authStore.record.name}` }).first().waitFor(); // she proposed it

  // A check-in's note: named by its session, dated and signed, changed by its author.
  await page.getByLabel(catalogs.en['notes.new'], { exact: true }).fill('Check-in: the CV is ready; she wants to try an interview in Dutch.');
  await page.getByLabel(catalogs.en['notes.session'], { exact: true }).selectOption(checkin.id);
  await page.getByRole('button', { name: catalogs.en['notes.add'] }).click();
  await page.locator('#note-add-said').filter({ hasText: catalogs.en['notes.added'] }).waitFor();
  const [note] = await sofia.collection('case_notes').getFullList({ filter: `duo = "${duo.id}"`, sort: '-created' });
  assert.equal(note.session, checkin.id);
  assert.equal(note.author, sofia.authStore.record.id);
  const item = page.locator(`#notes-list li[data-note="${note.id}"]`);
  await item.filter({ hasText: `by ${sofia.authStore.record.name}` }).filter({ hasText: catalogs.en['sessionKind.checkin'] }).waitFor();
  await item.getByRole('button', { name: catalogs.en['notes.edit'] }).click();
  await item.getByLabel(catalogs.en['notes.editLabel']).fill('Check-in: the CV is ready; an interview in Dutch next week.');
  await item.getByRole('button', { name: catalogs.en['notes.save'], exact: true }).click();
  await page.locator('#notes-said').filter({ hasText: catalogs.en['notes.changed'] }).waitFor();
  assert.equal((await sofia.collection('case_notes').getOne(note.id)).text, 'Check-in: the CV is ready; an interview in Dutch next week.');
  const duoIssues = await accessible(page, 'a duo\'s working file');
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.locator('#notes-heading').filter({ hasText: catalogs[lang]['notes.heading'] }).waitFor();
    await shot(page, `console-duo-file-${lang}`);
  }
  await switchLanguage(page, 'en');

  // Neither phone gets it: not listed, not read, not expanded, not in a sync pull.
  for (const who of [duo.expand.mentor, duo.expand.mentee]) {
    const phone = await client(server.url, who.email);
    assert.deepEqual(await phone.collection('case_notes').getFullList(), [], `${who.name} lists no note`);
    await assert.rejects(phone.collection('case_notes').getOne(note.id), { status: 404 });
    const seen = await phone.collection('duos').getOne(duo.id, { expand: 'case_notes_via_duo' });
    assert.equal(seen.expand?.case_notes_via_duo, undefined);
    const pull = await phone.send('/api/sync/pull', {});
    assert.ok(!JSON.stringify(pull).includes(note.id), `${who.name}'s pull holds no note`);
  }

  // Deleted by its author, after a question asked next to the button.
  await item.getByRole('button', { name: catalogs.en['notes.delete'] }).click();
  await item.getByRole('button', { name: catalogs.en['notes.deleteYes'] }).click();
  await page.locator('#notes-said').filter({ hasText: catalogs.en['notes.deleted'] }).waitFor();
  await assert.rejects(sofia.collection('case_notes').getOne(note.id), { status: 404 });

  // Another check-in planned from the duo's page: the form comes with the duo and the kind.
  await drawnAgain(page, () => page.getByRole('link', { name: catalogs.en['duo.planSession'] }).click());
  assert.equal(await page.locator('#s-kind').inputValue(), 'checkin');
  assert.equal(await page.locator('#s-duo').inputValue(), duo.id);
  const day = addDays(mondayOf(todayIn(ZONE)), 15);
  await page.locator('#s-date').fill(day);
  await page.locator('#s-start').fill('10:00');
  await page.locator('#s-end').fill('11:00');
  await drawnAgain(page, () => page.getByRole('button', { name: catalogs.en['session.save'] }).click());
  await page.locator('#session-said').filter({ hasText: catalogs.en['session.planned'] }).waitFor();
  const made = await sofia.collection('sessions').getOne(page.url().split('#session/')[1]);
  assert.equal(made.duo, duo.id);
  assert.equal(made.kind, 'checkin');
  console.log(`axe-core: a duo's working file ${duoIssues} minor or moderate issues, none serious`);
  await switchLanguage(page, 'fr');
  await page.close();
});
