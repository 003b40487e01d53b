// The mentors' and mentees' app in Debian's chromium, on two phones (two browser contexts at
// 390 x 844): offline work and an offline start from the service worker, a meeting logged
// and confirmed, an objective edited on both phones at once, an agreement signed by both, an
// evaluation answered offline, a server restore, and a partner's erasure. Each step is
// checked through the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, go, noErrors, offline, onPhone, pending, phone, signIn, synced, syncedAfter, words } from './app-kit.mjs';
import { client, day, launchBrowser, PASSWORD, restarted, startServer } from './server.mjs';

let server;
let browser;
let admin;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const MARC = 'marc@demo.example.org';
const AMINA = 'amina@demo.example.org';

/** The duo of Marc and Amina, and one of its objectives, as the server holds them. */
let marcsApi;
async function marcsDuo() {
  marcsApi ??= await api(server.url, MARC); // signed in once: sign-ins are limited to 20 a minute
  const marc = marcsApi;
  const duo = await marc.collection('duos').getFirstListItem(`status = "active" && mentor = "${marc.authStore.record.id}"`);
  const objective = (await marc.collection('objectives').getFullList({ filter: `duo = "${duo.id}"`, sort: 'created' }))[0];
  return { marc, duo, objective };
}

/** editObjectiveTitle changes an objective's title in its form, as a person does. */
async function editObjectiveTitle(page, id, title) {
  await go(page, `objective/${id}/edit`);
  await page.locator('#title').fill(title);
  await page.getByRole('button', { name: words('fr', 'form.save') }).click();
  await page.locator(`main[data-address="objective/${id}"]`).waitFor();
}

let mentor;
let mentee;
test('the mentor works offline, starts the app again without network, and his edits arrive', async () => {
  const { marc, duo, objective } = await marcsDuo();
  mentor = await phone(browser);
  await signIn(mentor.page, server.url, MARC);
  const { page, context } = mentor;
  await page.getByRole('heading', { name: words('fr', 'home.hello', { name: 'Marc' }) }).waitFor();
  await page.getByText(words('fr', 'home.duoWith.mentee', { partner: 'Amina' })).waitFor();

  await offline(context, page, true);
  await page.locator('#offline-banner').waitFor();
  await go(page, 'meeting/new');
  await page.locator('#minutes').selectOption('90');
  await page.getByLabel(words('fr', 'mode.video')).check();
  assert.equal(await page.locator('#place').inputValue(), duo.meeting_place, 'the duo\'s usual place, to start with');
  await page.locator('#place').fill('Café Zennewater');
  await page.getByLabel(words('fr', 'topic.interview')).check();
  await page.locator('#notes').fill('Simulation d\'entretien, hors ligne');
  await page.getByRole('button', { name: words('fr', 'form.save') }).click();
  await page.getByText(words('fr', 'saved.offline')).waitFor();
  await editObjectiveTitle(page, objective.id, 'Refaire le CV (hors ligne)');
  await pending(page, 2);

  // Started again with no network: the worker serves the app, the copy holds his data.
  await page.reload();
  await page.locator(`main[data-address="objective/${objective.id}"]`).waitFor();
  await page.getByRole('heading', { name: 'Refaire le CV (hors ligne)' }).waitFor();
  await go(page, 'home');
  await page.getByText(words('fr', 'home.duoWith.mentee', { partner: 'Amina' })).waitFor();
  await pending(page, 2);
  await page.getByText(words('fr', 'offline.pending.other', { n: 2 })).waitFor();
  await go(page, 'meetings');
  await page.getByText('1 h 30 · Appel vidéo').waitFor();

  await offline(context, page, false);
  await synced(page);
  const meetings = (await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"` })).filter((m) => m.notes.includes('hors ligne'));
  assert.equal(meetings.length, 1, 'the meeting logged offline arrived once');
  assert.deepEqual([meetings[0].held_on.slice(0, 10), meetings[0].minutes, meetings[0].mode, meetings[0].place, meetings[0].topics],
    [day(0), 90, 'video', 'Café Zennewater', ['interview']]);
  assert.equal((await marc.collection('objectives').getOne(objective.id)).title, 'Refaire le CV (hors ligne)');
  noErrors(mentor, 'mentor');
});

test('the mentee sees the meeting and confirms it', async () => {
  const { marc, duo } = await marcsDuo();
  const meeting = (await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"` })).find((m) => m.notes.includes('hors ligne'));
  mentee = await phone(browser);
  await signIn(mentee.page, server.url, AMINA);
  const { page } = mentee;
  const task = page.getByRole('link', { name: words('fr', 'task.confirm', { day: await page.evaluate(
    (iso) => new Intl.DateTimeFormat('fr', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)), day(0)) }) });
  await task.click();
  await page.locator(`main[data-address="meeting/${meeting.id}"]`).waitFor();
  await page.getByText('Simulation d\'entretien, hors ligne').waitFor();
  await page.getByRole('button', { name: words('fr', 'meeting.confirm') }).click();
  await page.getByText(words('fr', 'meeting.confirmedNotice')).waitFor();
  await synced(page);
  assert.equal((await marc.collection('meetings').getOne(meeting.id)).mentee_confirmed, true);
  // The mentor's phone learns it from the server's poke.
  await go(mentor.page, `meeting/${meeting.id}`);
  await mentor.page.getByText(words('fr', 'meeting.confirmedBy', { partner: 'Amina' })).waitFor();
  noErrors(mentee, 'mentee');
});

test('both edit the same objective offline: the later one is shown the conflict, in words, and chooses', async () => {
  const { marc, objective } = await marcsDuo();
  await offline(mentor.context, mentor.page, true);
  await offline(mentee.context, mentee.page, true);
  await editObjectiveTitle(mentor.page, objective.id, 'CV en néerlandais aussi');
  await editObjectiveTitle(mentee.page, objective.id, 'CV pour la logistique');

  await offline(mentor.context, mentor.page, false);
  await synced(mentor.page);
  assert.equal((await marc.collection('objectives').getOne(objective.id)).title, 'CV en néerlandais aussi');

  await offline(mentee.context, mentee.page, false);
  const card = mentee.page.locator('.card.conflict');
  await card.waitFor();
  await card.getByText(words('fr', 'conflict.title')).waitFor();
  await card.locator('.theirs', { hasText: 'CV en néerlandais aussi' }).waitFor();
  await card.locator('.mine', { hasText: 'CV pour la logistique' }).waitFor();
  assert.equal((await marc.collection('objectives').getOne(objective.id)).title, 'CV en néerlandais aussi', 'nothing overwritten in silence');
  const amina = await api(server.url, AMINA);
  const kept = await amina.collection('sync_conflicts').getFullList({ filter: `target_id = "${objective.id}"` });
  assert.equal(kept.at(-1).values.title.client, 'CV pour la logistique');

  await card.getByRole('button', { name: words('fr', 'conflict.useMine') }).click();
  await mentee.page.locator('.card.conflict').waitFor({ state: 'detached' });
  await synced(mentee.page);
  assert.equal((await marc.collection('objectives').getOne(objective.id)).title, 'CV pour la logistique');
  assert.equal(await mentor.page.locator('.card.conflict').count(), 0, 'the author alone is shown the conflict');
});

test('mentor and mentee sign the agreement, one of them offline, and the duo becomes active', async () => {
  const anne = await phone(browser);
  const needa = await phone(browser);
  await signIn(anne.page, server.url, 'anne@demo.example.org');
  await signIn(needa.page, server.url, 'needa@demo.example.org');
  // Both see their signing meeting (planned by the coordinator) on the home screen; Anne opens
  // the agreement from her task, Needa from the meeting, and the agreement says when they meet.
  for (const p of [anne, needa]) {
    await p.page.locator('.sessions').getByRole('heading', { name: words('fr', 'sessions.kind.signing_meeting') }).waitFor();
  }
  await anne.page.getByRole('link', { name: words('fr', 'task.sign') }).click();
  await needa.page.locator('.sessions').getByRole('link', { name: words('fr', 'sessions.readAgreement') }).click();
  for (const p of [anne, needa]) {
    await p.page.getByText('Convention de mentorat - DUO for a JOB').waitFor();
    await p.page.getByText(words('fr', 'agreement.signingMeeting', { when: '' }).replace(/\.$/, '').trim()).waitFor();
  }
  await offline(needa.context, needa.page, true);
  for (const p of [anne, needa]) {
    await p.page.getByRole('button', { name: words('fr', 'agreement.sign') }).click();
    await p.page.getByText(words('fr', 'agreement.agreeFirst')).waitFor(); // the box says she read it
    await p.page.getByLabel(words('fr', 'agreement.agree')).check();
    await p.page.getByRole('button', { name: words('fr', 'agreement.sign') }).click();
  }
  await needa.page.getByText(words('fr', 'agreement.signedOffline')).waitFor();
  await offline(needa.context, needa.page, false);
  await synced(needa.page);
  const pb = await api(server.url, 'anne@demo.example.org');
  const duo = await pb.collection('duos').getFirstListItem(`mentor = "${pb.authStore.record.id}"`);
  assert.equal(duo.status, 'active');
  const agreement = await pb.collection('agreements').getFirstListItem(`duo = "${duo.id}"`);
  assert.ok(agreement.mentor_signed_at && agreement.mentee_signed_at);
  await anne.page.locator('.card.ok').waitFor(); // "both signed: the duo started on ...", from the server's poke
  await go(anne.page, 'home');
  await anne.page.getByText(words('fr', 'stage.active')).first().waitFor();
  noErrors(anne, 'anne');
  noErrors(needa, 'needa');
  await anne.context.close();
  await needa.context.close();
});

test('an evaluation answered offline arrives when the phone is back', async () => {
  const tigran = await phone(browser);
  await signIn(tigran.page, server.url, 'tigran@demo.example.org');
  const { page, context } = tigran;
  // Tigran's account speaks Dutch: so does his app.
  await page.getByRole('link', { name: words('nl', 'task.evaluate', { partner: 'Hedwig' }) }).click();
  await page.locator('fieldset#satisfaction').waitFor(); // the form came from the server, and is kept
  await offline(context, page, true);
  await page.reload(); // offline, from the worker and the kept form
  await page.locator('fieldset#satisfaction').waitFor();
  await page.getByRole('button', { name: words('nl', 'evaluation.send') }).click();
  await page.getByText(words('nl', 'evaluation.missing.other', { n: 4 })).waitFor();
  for (const [question, answer] of [['expectations_met', '4'], ['objectives_achieved', '3'], ['satisfaction', '5'], ['outcome', 'internship']]) {
    await page.locator(`fieldset#${question} input[value="${answer}"]`).check();
  }
  await page.locator('#comments').fill('Merci Hedwig');
  await page.getByRole('button', { name: words('nl', 'evaluation.send') }).click();
  await page.getByText(words('nl', 'evaluation.sentOffline')).waitFor();
  await pending(page, 1);
  await offline(context, page, false);
  await synced(page);
  const pb = await api(server.url, 'tigran@demo.example.org');
  const e = await pb.collection('evaluations').getFirstListItem(`respondent = "${pb.authStore.record.id}" && kind = "final"`);
  assert.ok(e.submitted_at, 'submitted');
  assert.deepEqual([e.expectations_met, e.objectives_achieved, e.satisfaction, e.outcome, e.comments], [4, 3, 5, 'internship', 'Merci Hedwig']);
  noErrors(tigran, 'tigran');
  await context.close();
});

test('a restore on the server resets both phones, and their queued edits are not lost', async () => {
  const { marc, duo, objective } = await marcsDuo();
  await admin.backups.create('app-phones.zip');
  // Made after the backup: gone with the restore, and from both phones.
  await go(mentor.page, 'meeting/new');
  await mentor.page.getByLabel(words('fr', 'mode.phone')).check();
  await mentor.page.locator('#notes').fill('Appel perdu par la restauration');
  await mentor.page.getByRole('button', { name: words('fr', 'form.save') }).click();
  await mentor.page.locator('main[data-route="meeting/:id"]').waitFor();
  await synced(mentor.page);
  const made = (await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"` })).find((m) => m.notes.includes('perdu par'));
  await go(mentee.page, `meeting/${made.id}`);
  await mentee.page.getByText('Appel perdu par la restauration').waitFor(); // on her phone too

  await offline(mentor.context, mentor.page, true);
  await offline(mentee.context, mentee.page, true);
  await editObjectiveTitle(mentor.page, objective.id, 'Titre pendant la restauration');
  await go(mentee.page, 'objective/new');
  await mentee.page.locator('#title').fill('Objectif pendant la restauration');
  await mentee.page.getByRole('button', { name: words('fr', 'form.save') }).click();
  await pending(mentor.page, 1);
  await pending(mentee.page, 1);

  const starts = server.log().split('Server started').length - 1;
  await admin.backups.restore('app-phones.zip');
  await restarted(server, starts);

  const since = Date.now();
  await offline(mentor.context, mentor.page, false);
  await offline(mentee.context, mentee.page, false);
  await syncedAfter(mentor.page, since, { timeout: 40_000 });
  await syncedAfter(mentee.page, since, { timeout: 40_000 });
  const objectives = await marc.collection('objectives').getFullList({ filter: `duo = "${duo.id}"` });
  assert.ok(objectives.some((o) => o.title === 'Objectif pendant la restauration'), 'the mentee\'s queued objective');
  const conflicts = await marc.collection('sync_conflicts').getFullList({ filter: `target_id = "${objective.id}"` });
  assert.ok(objectives.find((o) => o.id === objective.id).title === 'Titre pendant la restauration'
    || conflicts.some((c) => c.values?.title?.client === 'Titre pendant la restauration'), 'the mentor\'s queued title: applied, or kept as a conflict');
  const lost = (await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"` })).filter((m) => m.notes.includes('perdu par la restauration'));
  assert.equal(lost.length, 0, 'the restore took back the meeting made after the backup');
  for (const p of [mentor, mentee]) {
    await go(p.page, 'meetings');
    assert.equal(await p.page.getByText('Appel perdu').count(), 0);
  }
  await go(mentor.page, 'meetings');
  assert.equal(await mentor.page.locator('a.row').count(), (await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"` })).length,
    'the phone holds the restored meetings, no more');
});

test('the partner\'s erasure empties her from the mentor\'s phone', async () => {
  const amina = await api(server.url, AMINA);
  const id = amina.authStore.record.id;
  const { duo } = await marcsDuo();
  // Her coordinator stops the duo (an open duo needs her), then erases her at her request.
  await admin.collection('duos').update(duo.id, { status: 'stopped', stop_category: 'personal' });
  await admin.send(`/api/people/${id}/erase`, { method: 'POST', body: { reason: 'request' } });
  await go(mentor.page, 'home');
  await mentor.page.getByText(words('fr', 'home.duoWith.mentee', { partner: words('fr', 'person.erased') })).waitFor();
  assert.equal(await mentor.page.getByText('Amina').count(), 0, 'her name is on no screen');
  const people = (await onPhone(mentor.page)).filter((r) => r.collectionName === 'users');
  assert.ok(people.some((p) => p.erased_at), 'his copy holds her pseudonym');
  assert.ok(!people.some((p) => p.id === id), 'and not her account');
  assert.doesNotMatch(JSON.stringify(people), /Amina|El Idrissi|amina@/);
  // Her own phone, opened again, is signed out and its copy wiped.
  await mentee.page.reload();
  await mentee.page.locator('#email').waitFor({ timeout: 20_000 });
  const left = (await onPhone(mentee.page)).length;
  assert.equal(left, 0, 'nothing of the duo stays on her phone');
  noErrors(mentor, 'mentor');
});
