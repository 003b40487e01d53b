// The branch's calendar in the coordinators' console, in Debian's chromium: a week and a list,
// a session planned in the branch's hours, changed and cancelled, attendance taken in a tap
// per person, a registrant of the public sign-up made a person, a training's attendance
// making a mentor proposable without a warning (console-file.test.mjs has the duo's working
// file). Each page is run through axe-core and photographed in three languages under
// e2e/.run/screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessible, catalogs, coordinatorPage as signedIn, drawnAgain, shot, switchLanguage, text, visit } from './console-kit.mjs';
import { client, launchBrowser, mailTo, startServer } from './server.mjs';
import { decoded, startSmtpSink } from './smtp-sink.mjs';
import { addDays, momentOf, mondayOf, partsIn, todayIn } from '../pb_public/console/zone.js';

const ZONE = 'Europe/Brussels';
let server;
let browser;
let sink;
let sofia;
const coordinatorPage = (lang, viewport) => signedIn(browser, server.url, lang, viewport);
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


test('a coordinator plans a training in her branch\'s hours, finds it in the week, takes a refused tap, and cancels it', async () => {
  const page = await coordinatorPage('en');
  await page.getByRole('link', { name: catalogs.en['nav.calendar'] }).click();
  await page.getByRole('heading', { level: 1, name: catalogs.en['calendar.heading'] }).waitFor();
  const today = todayIn(ZONE);
  await page.locator(`#calendar-days li[data-date="${today}"][aria-current="date"]`).waitFor();
  const calendarIssues = await accessible(page, 'calendar week');

  // Next week's Wednesday, 18:30 to 20:30 in Brussels, whatever this machine's zone.
  const wednesday = addDays(mondayOf(today), 9);
  await drawnAgain(page, () => page.getByRole('link', { name: catalogs.en['calendar.plan'] }).click());
  await page.getByRole('heading', { level: 1, name: catalogs.en['session.planHeading'] }).waitFor();
  const formIssues = await accessible(page, 'plan a session');
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { level: 1, name: catalogs[lang]['session.planHeading'] }).waitFor();
    await shot(page, `console-session-plan-${lang}`);
  }
  await page.getByLabel(catalogs.en['session.kind'], { exact: true }).selectOption('training');
  await page.getByLabel(catalogs.en['session.title'], { exact: true }).fill('Training for the spring mentors');
  await page.getByLabel(catalogs.en['session.date'], { exact: true }).fill(wednesday);
  await page.getByLabel(catalogs.en['session.start'], { exact: true }).fill('18:30');
  await page.getByLabel(catalogs.en['session.end'], { exact: true }).fill('17:30'); // before the start: the server says so
  await page.getByLabel(catalogs.en['session.place'], { exact: true }).fill('Rue Haute 12, 1000 Bruxelles');
  await page.getByLabel(catalogs.en['session.capacity'], { exact: true }).fill('10');
  await page.getByRole('button', { name: catalogs.en['session.save'] }).click();
  const endError = page.locator('#s-ends-error');
  await endError.waitFor();
  assert.ok((await endError.textContent()).length > 10, 'the refused end is said under its field, in words');
  await page.locator('#session-form-said').filter({ hasText: catalogs.en['session.notSaved'] }).waitFor();
  assert.equal(await page.getByLabel(catalogs.en['session.end'], { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByLabel(catalogs.en['session.end'], { exact: true }).fill('20:30');
  await drawnAgain(page, () => page.getByRole('button', { name: catalogs.en['session.save'] }).click());
  await page.locator('#session-said').filter({ hasText: catalogs.en['session.planned'] }).waitFor();
  const id = page.url().split('#session/')[1];
  const planned = await sofia.collection('sessions').getOne(id);
  assert.equal(planned.kind, 'training');
  assert.equal(new Date(planned.starts_at.replace(' ', 'T')).toISOString(), momentOf(wednesday, '18:30', ZONE).toISOString(),
    'the hour typed is the branch\'s hour');
  assert.equal(planned.capacity, 10);
  assert.equal(planned.host, sofia.authStore.record.id, 'she hosts it unless she names a colleague');

  // Its page: the facts, an untrained mentor invited by name, a tap refused before it starts.
  await page.locator('#session-facts dd').filter({ hasText: text('en', 'calendar.seats', { taken: 0, capacity: 10 }) }).waitFor();
  const { items: [untrained] } = await sofia.send('/api/console/people', { query: { role: 'mentor', training: 'pending', status: 'waiting', perPage: 1 } });
  await page.getByLabel(catalogs.en['session.inviteSearch'], { exact: true }).fill(untrained.name.split(' ')[0]);
  await page.getByRole('button', { name: catalogs.en['session.inviteFind'] }).click();
  await page.getByRole('button', { name: text('en', 'session.invite', { name: untrained.name, role: catalogs.en['role.mentor'] }) }).click();
  await page.locator('#invite-said').filter({ hasText: text('en', 'session.invited', { name: untrained.name }) }).waitFor();
  const row = page.locator('#session-people tr').filter({ hasText: untrained.name });
  await row.locator('.state').filter({ hasText: catalogs.en['attendance.invited'] }).waitFor();
  const { items: mentees } = await sofia.send('/api/console/people', { query: { role: 'mentee', perPage: 200 } });
  const menteeOffered = await page.locator('#invite-results li').evaluateAll((lis, ids) => lis.some((li) => ids.includes(li.dataset.person)),
    mentees.map((m) => m.id));
  assert.equal(menteeOffered, false, 'a training offers mentors only');
  await row.getByRole('button', { name: catalogs.en['attendance.markAttended'] }).click();
  await row.locator('.said.error').waitFor(); // said on the line itself: it has not started
  const [line] = await sofia.collection('attendance').getFullList({ filter: `session = "${id}"` });
  assert.equal(line.state, 'invited', 'a refused tap changes nothing');
  const sessionIssues = await accessible(page, 'a session');

  // The week it is in shows it, with its seats.
  await visit(page, '#calendar');
  await drawnAgain(page, () => page.getByRole('button', { name: catalogs.en['calendar.next'] }).click());
  const card = page.locator(`#calendar-days li[data-date="${wednesday}"] li[data-session="${id}"]`);
  await card.filter({ hasText: 'Training for the spring mentors' }).waitFor();
  await card.filter({ hasText: text('en', 'calendar.seats', { taken: 0, capacity: 10 }) }).waitFor();
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { level: 1, name: catalogs[lang]['calendar.heading'] }).waitFor();
    await page.locator(`#calendar-days li[data-date="${wednesday}"] li[data-session="${id}"]`).waitFor();
    await shot(page, `console-calendar-week-${lang}`);
    await drawnAgain(page, () => page.getByRole('button', { name: catalogs[lang]['calendar.list'] }).click());
    await page.locator(`#calendar-upcoming li[data-session="${id}"]`).waitFor();
    await shot(page, `console-calendar-list-${lang}`);
    await drawnAgain(page, () => page.getByRole('button', { name: catalogs[lang]['calendar.week'] }).click());
  }
  const listIssues = await accessible(page, 'calendar list');

  // Changed, then cancelled: the question is asked next to the button.
  await switchLanguage(page, 'en');
  await visit(page, `#session/${id}`);
  await page.locator('#session-edit summary').click();
  await page.getByLabel(catalogs.en['session.start'], { exact: true }).fill('18:00');
  await page.getByRole('button', { name: catalogs.en['session.save'] }).click();
  await page.locator('#session-form-said').filter({ hasText: catalogs.en['session.saved'] }).waitFor();
  const moved = await sofia.collection('sessions').getOne(id);
  assert.equal(new Date(moved.starts_at.replace(' ', 'T')).toISOString(), momentOf(wednesday, '18:00', ZONE).toISOString());
  assert.equal(moved.sequence, planned.sequence + 1, 'calendars are told it changed');
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.locator('#session-facts dt').filter({ hasText: catalogs[lang]['session.when'] }).waitFor();
    await shot(page, `console-session-${lang}`);
  }
  await switchLanguage(page, 'en');
  await page.getByRole('button', { name: catalogs.en['session.cancel'] }).click();
  await page.locator('#session-cancel-confirm').filter({ hasText: catalogs.en['session.cancelQuestion'] }).waitFor();
  assert.equal((await sofia.collection('sessions').getOne(id)).status, 'planned', 'asking is not cancelling');
  await page.getByRole('button', { name: catalogs.en['session.cancelYes'] }).click();
  await page.locator('#session-said').filter({ hasText: catalogs.en['session.cancelled'] }).waitFor();
  await page.locator('#session-cancelled').waitFor();
  assert.equal((await sofia.collection('sessions').getOne(id)).status, 'cancelled');
  await visit(page, '#calendar'); // the week shown stays the one she went to
  await page.locator(`li[data-session="${id}"].is-cancelled`).filter({ hasText: catalogs.en['calendar.cancelled'] }).waitFor();
  console.log(`axe-core: calendar ${calendarIssues}, list ${listIssues}, form ${formIssues}, session ${sessionIssues} minor or moderate issues, none serious`);
  await switchLanguage(page, 'fr');
  await page.close();
});

// pastTraining is a training of the demo branch already held, not cancelled.
async function pastTraining() {
  const [s] = await sofia.collection('sessions').getFullList({ filter: `kind = "training" && status != "cancelled" && starts_at < "${new Date().toISOString().replace('T', ' ')}"`, sort: '-starts_at' });
  assert.ok(s, 'the demo has a training held');
  return s;
}

test('attendance in a tap: a mentor who came to a training is trained, and each tap shows where the line stands', async () => {
  const training = await pastTraining();
  const { items: pending } = await sofia.send('/api/console/people', { query: { role: 'mentor', training: 'pending', status: 'waiting', perPage: 200 } });
  const mentor = pending.at(-1);
  const page = await coordinatorPage('fr');
  await visit(page, `#session/${training.id}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: catalogs.fr['sessionKind.training'] }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'session-heading', 'the page opens on its heading');
  await page.getByLabel(catalogs.fr['session.inviteSearch'], { exact: true }).fill(mentor.name);
  await page.getByLabel(catalogs.fr['session.inviteSearch'], { exact: true }).press('Enter');
  await page.getByRole('button', { name: text('fr', 'session.invite', { name: mentor.name, role: catalogs.fr['role.mentor'] }) }).click();
  const row = page.locator('#session-people tr').filter({ hasText: mentor.name });
  await row.locator('.state').filter({ hasText: catalogs.fr['attendance.invited'] }).waitFor();

  // Absent, then Came: one tap each, the current state pressed, the target 44 px at least.
  const absent = row.getByRole('button', { name: catalogs.fr['attendance.markAbsent'], exact: true });
  await absent.click();
  await row.locator('.said').filter({ hasText: text('fr', 'attendance.saved', { state: catalogs.fr['attendance.absent'] }) }).waitFor();
  assert.equal(await row.getByRole('button', { name: catalogs.fr['attendance.markAbsent'], exact: true }).getAttribute('aria-pressed'), 'true');
  const box = await row.getByRole('button', { name: catalogs.fr['attendance.markAttended'], exact: true }).boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `a tap target of ${box.width}×${box.height}`);
  const before = (await sofia.collection('profiles').getFirstListItem(`user = "${mentor.id}"`)).training_completed_on;
  assert.equal(before, '', 'not trained before');
  await row.getByRole('button', { name: catalogs.fr['attendance.markAttended'], exact: true }).click();
  await row.locator('.state').filter({ hasText: catalogs.fr['attendance.attended'] }).waitFor();
  assert.equal(await row.getByRole('button', { name: catalogs.fr['attendance.markAttended'], exact: true }).getAttribute('aria-pressed'), 'true');
  const profile = await sofia.collection('profiles').getFirstListItem(`user = "${mentor.id}"`);
  assert.equal(profile.training_completed_on.slice(0, 10), partsIn(training.starts_at, ZONE).date, 'trained on the training\'s day');
  const [line] = await sofia.collection('attendance').getFullList({ filter: `session = "${training.id}" && person = "${mentor.id}"` });
  assert.equal(line.state, 'attended');
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    await page.locator('#session-people-heading').filter({ hasText: catalogs[lang]['session.people'] }).waitFor();
    await shot(page, `console-session-attendance-${lang}`);
  }
  const issues = await accessible(page, 'attendance');
  console.log(`axe-core: attendance ${issues} minor or moderate issues, none serious`);

  // Matching: a mentor not trained is proposed with a warning next to the button, and may
  // be all the same; the mentor just trained has none.
  await switchLanguage(page, 'en');
  await visit(page, '#matching');
  const mentee = await page.locator('#waiting-list li').first().getAttribute('data-mentee');
  await page.locator('#waiting-list li .waiting').first().waitFor(); // waiting since, in words
  await page.locator('#waiting-list li button').first().click();
  await page.locator('#suggestion-rows tr').first().waitFor();
  const { suggestions } = await sofia.send('/api/console/suggestions', { query: { mentee, limit: 10 } });
  for (const sg of suggestions) {
    const untrainedOne = sg.reasons.some((r) => r.code === 'not_trained');
    assert.equal(await page.locator(`tr[data-mentor="${sg.mentor}"] [data-warning="untrained"]`).count(), untrainedOne ? 1 : 0,
      `${sg.name}: a warning only for a mentor not trained`);
  }
  const other = page.getByRole('combobox', { name: catalogs.en['matching.other'] });
  const stillPending = pending.find((p) => p.id !== mentor.id);
  await other.selectOption(stillPending.id);
  await page.locator('#other-untrained').filter({ hasText: catalogs.en['matching.untrained'] }).waitFor();
  await other.selectOption(mentor.id);
  assert.equal(await page.locator('#other-untrained').isVisible(), false, 'the mentor who came to the training proposes without a warning');
  await shot(page, 'console-matching-trained-en');
  await page.getByRole('button', { name: catalogs.en['matching.proposeOther'] }).click();
  await page.locator('#matching-said').filter({ hasText: text('en', 'matching.proposed', { mentor: mentor.name, mentee: '' }).split(' and ')[0] }).waitFor();
  const proposed = await sofia.collection('duos').getFullList({ filter: `mentee = "${mentee}" && status = "proposed"` });
  assert.deepEqual(proposed.map((d) => d.mentor), [mentor.id]);
  await switchLanguage(page, 'fr');
  await page.close();
});

// confirmedRegistrant signs a prospect up for an information session through /api/join and
// confirms from the mail the sink caught.
async function confirmedRegistrant(session, first, last, role) {
  const email = `${first.toLowerCase()}.${last.toLowerCase()}@e2e.example.org`;
  const count = sink.messages.length;
  const res = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: session.id, first_name: first, last_name: last, email, role, language: 'fr', consent_contact: true, website: '' }) });
  assert.equal(res.status, 202);
  const token = decoded((await sink.next(count + 1)).raw).match(/#token=([A-Za-z0-9_-]+)/)?.[1];
  assert.ok(token, 'the mail holds its link');
  const ok = await fetch(`${server.url}/api/join/confirm`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  assert.equal(ok.status, 200);
  return email;
}

test('a registrant of the public sign-up is on the session\'s list, and made a person in a tap after the intake', async () => {
  const [info] = await sofia.collection('sessions').getFullList({ filter: `kind = "info_session" && status != "cancelled" && starts_at > "${new Date().toISOString().replace('T', ' ')}"`, sort: 'starts_at' });
  const email = await confirmedRegistrant(info, 'Aicha', 'Benali', 'mentee');
  const page = await coordinatorPage('fr');
  await visit(page, `#session/${info.id}`);
  const row = page.locator('#session-people tr').filter({ hasText: 'Aicha Benali' });
  await row.filter({ hasText: catalogs.fr['session.registrant'] }).waitFor();
  await row.locator('.state').filter({ hasText: catalogs.fr['attendance.registered'] }).waitFor();
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    await row.getByRole('button', { name: catalogs[lang]['session.makePerson'] }).waitFor();
    await shot(page, `console-session-registrant-${lang}`);
  }
  const issues = await accessible(page, 'a registrant on the list');
  await switchLanguage(page, 'fr');
  await drawnAgain(page, () => row.getByRole('button', { name: catalogs.fr['session.makePerson'] }).click());
  await page.getByRole('heading', { level: 1, name: 'Aicha Benali' }).waitFor();
  const person = await sofia.collection('users').getOne(page.url().split('#person/')[1]);
  assert.equal(person.email, email, 'her page opens');
  assert.equal(person.role, 'mentee');
  const lines = await sofia.collection('attendance').getFullList({ filter: `session = "${info.id}" && person = "${person.id}"` });
  assert.equal(lines.length, 1, 'her line on the list is hers now');
  console.log(`axe-core: registrant ${issues} minor or moderate issues, none serious`);
  await page.close();
});

