// Push notifications end to end: a phone registers through the official SDK, the server sends
// through its real Firebase SDK to a local fake FCM, in the person's language.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeFCM } from './fcm-fake.mjs';
import { client, startServer } from './server.mjs';

let server;
let fcm;
let dir;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'duo-fcm-'));
  const credentials = path.join(dir, 'service-account.json');
  fcm = await startFakeFCM(credentials);
  server = await startServer({ env: { DUO_FCM_CREDENTIALS: credentials, DUO_FCM_ENDPOINT: fcm.endpoint } });
});
after(async () => {
  await server?.stop();
  fcm?.close();
  rmSync(dir, { recursive: true, force: true });
});

const register = (pb, token, extra = {}) => pb.send('/api/devices', {
  method: 'POST', body: { token, platform: 'android', app_version: '1.4.0', locale: 'fr-BE', ...extra },
});

// A zone where it is daytime now: pushes wait for the morning during quiet hours.
function daytimeZone() {
  const zones = ['Europe/Brussels', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu',
    'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Kolkata'];
  return zones.find((zone) => {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    return hour >= 9 && hour < 20;
  });
}

async function eventually(check, what) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`never happened: ${what}\n${server.log().slice(-2000)}`);
}

// outbox writes a notification for a person, due now, as the planners do.
async function outbox(admin, user, key) {
  const now = new Date().toISOString().replace('T', ' ');
  return admin.collection('notifications').create({
    user, kind: 'meeting_reminder', dedupe_key: key, status: 'pending', due_at: now, next_attempt_at: now,
    expires_at: new Date(Date.now() + 86_400_000).toISOString().replace('T', ' '),
    payload: { text: 'meeting_reminder', params: { partner: 'Marc', time: '18:30' }, target: { screen: 'duo' } },
  });
}

test('a phone registers, and only its owner sees it', async () => {
  const amina = await client(server.url, 'amina@demo.example.org');
  const device = await register(amina, 'amina-phone-1');
  assert.equal(device.locale, 'fr');
  const again = await register(amina, 'amina-phone-1', { app_version: '1.5.0' });
  assert.equal(again.id, device.id);
  assert.equal((await amina.collection('devices').getFullList()).length, 1);
  const marc = await client(server.url, 'marc@demo.example.org');
  assert.equal((await marc.collection('devices').getFullList()).length, 0);
  await assert.rejects(register(amina, 'a token with spaces'), (err) => err.status === 400 && err.response.data.token?.code === 'validation_invalid_format');
});

test('a reminder reaches the phone through Firebase, in French, with its deep link', async () => {
  const admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', 'e2e-password-123');
  const amina = await client(server.url, 'amina@demo.example.org');
  await register(amina, 'amina-phone-2');
  const me = amina.authStore.record.id;
  await admin.collection('users').update(me, { timezone: daytimeZone() });
  const row = await outbox(admin, me, `e2e:${Date.now()}`);

  await admin.crons.run('duo_push_dispatch');
  const mine = () => fcm.received.filter((m) => m.data?.notification_id === row.id);
  await eventually(() => mine().length === 2, 'the push reached both of her phones');
  assert.deepEqual(mine().map((m) => m.token).sort(), ['amina-phone-1', 'amina-phone-2']);
  const [message] = mine();
  assert.equal(message.notification.title, 'Rencontre demain');
  assert.match(message.notification.body, /^Bonjour Amina, vous voyez Marc demain à 18:30\.$/);
  assert.equal(message.data.screen, 'duo');
  assert.equal(message.android.collapse_key, `meeting_reminder_${me}`);
  assert.ok(fcm.tokensIssued() >= 1);
  await eventually(async () => (await admin.collection('notifications').getOne(row.id)).status === 'sent', 'marked sent');
});

test('a token Firebase no longer knows is removed; logging out removes a phone', async () => {
  const admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', 'e2e-password-123');
  const olga = await client(server.url, 'olga@demo.example.org');
  await register(olga, 'olga-old-phone');
  await register(olga, 'olga-new-phone');
  fcm.unregister('olga-old-phone');
  const me = olga.authStore.record.id;
  await admin.collection('users').update(me, { timezone: daytimeZone() });
  const row = await outbox(admin, me, `e2e-olga:${Date.now()}`);

  await admin.crons.run('duo_push_dispatch');
  await eventually(async () => (await admin.collection('notifications').getOne(row.id)).status === 'sent', 'sent to the new phone');
  const phones = (await olga.collection('devices').getFullList()).map((d) => d.token);
  assert.deepEqual(phones, ['olga-new-phone']);

  await olga.send('/api/devices/olga-new-phone', { method: 'DELETE' });
  assert.equal((await olga.collection('devices').getFullList()).length, 0);
});
