// Session reminders on the built binary: a coordinator plans an information session for
// tomorrow with two people on its list; the day before at 18:00 on their wall clock, the one
// with the app gets a push (logged: no Firebase here) and the one without gets a mail in her
// language (a local SMTP sink), once, even when the planner and the dispatcher run again and
// the server restarts. Whatever the hour of the test, the two people live in a zone where it
// is now between 19:00 and 21:00, so their 18:00 has passed and their quiet hours have not
// begun.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { client, mailTo, PASSWORD, startServer } from './server.mjs';
import { decoded, startSmtpSink } from './smtp-sink.mjs';

let server;
let sink;
let sofia;
// The planners run every five minutes; each looks at the time since its last run. The
// session must exist before the new server's first run (its window reaches 7 days back),
// since a session planned after its reminder's 18:00 gets none: start well clear of a run.
async function clearOfTheNextRun(margin = 20_000) {
  const toNext = 300_000 - (Date.now() % 300_000);
  if (toNext < margin) await new Promise((r) => setTimeout(r, toNext + 2_000));
}

before(async () => {
  await clearOfTheNextRun();
  server = await startServer();
  sink = await startSmtpSink();
  sofia = await client(server.url, 'coordinator@demo.example.org');
});
after(async () => {
  await server?.stop();
  await sink?.close();
});

async function admin() {
  const pb = await client(server.url);
  await pb.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  return pb;
}

// eveningZone is a fixed-offset zone where it is now 19:xx, with its offset in hours.
function eveningZone(now = new Date()) {
  let hours = (19 - now.getUTCHours() + 24) % 24;
  if (hours > 14) hours -= 24;
  const name = hours === 0 ? 'Etc/GMT' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  return { name, hours };
}

// tomorrowAt is hh:00 tomorrow on the wall clock of a zone offset by hours, as a Date.
function tomorrowAt(hh, hours, now = new Date()) {
  const local = new Date(now.getTime() + hours * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, hh) - hours * 3_600_000);
}

async function until(what, check, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the day before a session: a push to the person with the app, a mail to the one without, once', async () => {
  const pb = await mailTo(server.url, sink);
  const paul = await sofia.collection('users').getFirstListItem('name = "Paul Leroy"');
  const kathleen = await sofia.collection('users').getFirstListItem('name = "Kathleen Mensah"');
  const zone = eveningZone();
  for (const person of [paul, kathleen]) await pb.collection('users').update(person.id, { timezone: zone.name });
  const phone = await client(server.url, paul.email);
  await phone.send('/api/devices', { method: 'POST', body: { token: 'e2e-paul-phone', platform: 'android', locale: 'fr-BE' } });

  const begins = tomorrowAt(10, zone.hours);
  const session = await sofia.collection('sessions').create({ branch: sofia.authStore.record.branch, kind: 'info_session',
    starts_at: begins.toISOString(), ends_at: new Date(begins.getTime() + 2 * 3_600_000).toISOString(), place: 'Rue Royale 1' });
  for (const person of [paul, kathleen]) {
    await sofia.collection('attendance').create({ session: session.id, person: person.id, state: 'invited' });
  }

  const ours = () => pb.collection('notifications').getFullList({
    filter: pb.filter('kind = "session_reminder" && payload.target.session = {:s}', { s: session.id }), sort: 'dedupe_key' });
  await pb.crons.run('duo_session_reminders');
  const planned = await until('the reminders planned', async () => { const rows = await ours(); return rows.length === 2 && rows; });
  assert.deepEqual(planned.map((n) => n.dedupe_key).sort(),
    [paul.id, kathleen.id].map((id) => `session_reminder::${id}:${session.id}.0`).sort());

  const mailsTo = () => sink.messages.filter((m) => m.to.includes(kathleen.email));
  await pb.crons.run('duo_push_dispatch');
  const sent = await until('both sent', async () => {
    const rows = await ours();
    return rows.every((n) => n.status === 'sent') && rows;
  });
  const byUser = Object.fromEntries(sent.map((n) => [n.user, n]));
  assert.equal(byUser[paul.id].channel, 'push');
  assert.equal(byUser[kathleen.id].channel, 'mail');
  const [mail] = await until('the mail', () => mailsTo().length > 0 && mailsTo());
  const text = decoded(mail.raw);
  assert.match(text, /Un rappel : séance d'information demain, \S+ \d\d\/\d\d, à 10:00\./);
  assert.match(text, /Bonjour Kathleen,/);
  assert.match(text, /Lieu : Rue Royale 1\./);
  assert.ok(text.includes(`${server.url}/app/`), 'the mail names the app');
  assert.doesNotMatch(text, /Paul|Leroy/, 'names nobody else');

  // Again, and after a restart: nothing new is planned or sent.
  await pb.crons.run('duo_session_reminders');
  await pb.crons.run('duo_push_dispatch');
  await server.restart();
  const again = await admin();
  await again.crons.run('duo_session_reminders');
  await again.crons.run('duo_push_dispatch');
  await new Promise((r) => setTimeout(r, 1500));
  const rows = await again.collection('notifications').getFullList({
    filter: again.filter('kind = "session_reminder" && payload.target.session = {:s}', { s: session.id }) });
  assert.equal(rows.length, 2);
  assert.equal(mailsTo().length, 1, 'one mail');
});
