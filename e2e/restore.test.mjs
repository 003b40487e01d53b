// A backup restore with phones pushing on both sides of it, through the built server and the
// official SDK: 30 app installs edit, the backup is taken, they edit more (answered applied,
// gone from their outboxes), then queue edits offline while PocketBase restores the backup
// and restarts. Afterwards every queued edit is applied or comes back as a conflict; none is
// stuck waiting for mutations the phone no longer holds, and every phone resyncs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { client, PASSWORD, restarted, startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// A phone as mobile-api.md describes it: a copy and its cursor, an outbox of mids, one push in
// flight, `acked` (the last mid answered) sent with each push unless the app predates it.
class Phone {
  constructor(pb, clientId, { sendAcked }) {
    Object.assign(this, { pb, clientId, sendAcked, cursor: '', rows: new Map(), outbox: [], nextMid: 1, acked: 0,
      outcomes: new Map(), resets: 0 });
  }

  async pullAll() {
    for (;;) {
      const page = await this.pb.send('/api/sync/pull', { query: { cursor: this.cursor, limit: 1000 } });
      if (page.reset) { this.resets++; this.rows = new Map(); }
      for (const c of page.changes) {
        if (c.op === 'delete') this.rows.delete(`${c.collection}/${c.id}`);
        else this.rows.set(`${c.collection}/${c.id}`, c.record);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  edit(collection, op, id, fields) {
    const mid = this.nextMid++;
    this.outbox.push({ mid, collection, op, id, base: this.cursor, fields });
    return mid;
  }

  async push() {
    const body = { clientId: this.clientId, mutations: this.outbox.slice(0, 100) };
    if (this.sendAcked) body.acked = this.acked;
    const answer = await this.pb.send('/api/sync/push', { method: 'POST', body });
    for (const r of answer.results) {
      if (r.status === 'resend') continue;
      this.outcomes.set(r.mid, r.status === 'duplicate' && r.first ? r.first : r);
      this.outbox = this.outbox.filter((m) => m.mid !== r.mid);
      this.acked = Math.max(this.acked, r.mid);
    }
    return answer;
  }

  // pushes while anything is queued, as the app does when the network is back (a few rounds:
  // a resend answers with what to send next)
  async pushAll() {
    for (let round = 0; round < 5 && this.outbox.length; round++) await this.push();
  }
}

// newId is a record id the app makes for a create: 15 characters a-z0-9.
const newId = (n) => `rst${String(n).padStart(12, '0')}`;

test('30 phones pushing on both sides of a backup restore: every queued edit is applied or a conflict, none stuck', async () => {
  const admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const duos = await admin.collection('duos').getFullList({ filter: 'status = "active"', expand: 'mentor,mentee' });
  const people = duos.flatMap((d) => [d.expand.mentor, d.expand.mentee].map((p) => ({ email: p.email, duo: d.id })))
    .slice(0, 10); // sign-ins are limited to 20 a minute per address
  assert.ok(people.length >= 2, 'the demo has active duos');

  const phones = [];
  const signedIn = new Map(); // one sign-in per person, the token shared by their installs
  for (let i = 0; i < 30; i++) {
    const who = people[i % people.length]; // people with two phones have two installs
    if (!signedIn.has(who.email)) signedIn.set(who.email, await client(server.url, who.email));
    const pb = await client(server.url);
    pb.authStore.save(signedIn.get(who.email).authStore.token, signedIn.get(who.email).authStore.record);
    const phone = new Phone(pb, `restore-phone-${i}`, { sendAcked: i % 2 === 0 });
    phone.duo = who.duo;
    phones.push(phone);
  }
  let made = 0;
  const createObjective = (phone, title) => {
    const id = newId(made++);
    phone.edit('objectives', 'create', id, { duo: phone.duo, title });
    return id;
  };

  for (const phone of phones) {
    await phone.pullAll();
    phone.kept = createObjective(phone, 'made before the backup');
    await phone.pushAll();
  }
  await admin.backups.create('e2e-phones.zip');

  for (const phone of phones) { // answered applied: these leave the outboxes
    createObjective(phone, 'made after the backup');
    await phone.pushAll();
    if (phones.indexOf(phone) % 3 === 0) await phone.pullAll(); // some pull, some do not
  }
  const queued = [];
  for (const phone of phones) { // offline during the restore
    const id = createObjective(phone, 'queued during the restore');
    queued.push([phone, phone.nextMid - 1, id]);
    phone.edit('objectives', 'update', phone.kept, { title: `renamed on ${phone.clientId}` });
    queued.push([phone, phone.nextMid - 1, phone.kept]);
  }

  const starts = server.log().split('Server started').length - 1;
  await admin.backups.restore('e2e-phones.zip'); // PocketBase replaces pb_data and re-executes
  await restarted(server, starts);

  for (const phone of phones) await phone.pushAll();
  const stuck = phones.filter((p) => p.outbox.length).map((p) => `${p.clientId}: ${p.outbox.map((m) => m.mid)}`);
  assert.deepEqual(stuck, [], 'no phone keeps edits the server will not take');
  for (const [phone, mid, id] of queued) {
    const status = phone.outcomes.get(mid)?.status;
    assert.ok(status === 'applied' || status === 'conflict', `${phone.clientId} mid ${mid} (${id}): ${status}`);
  }
  const created = queued.filter(([, , id]) => id.startsWith('rst')).map(([, , id]) => id);
  const onServer = await admin.collection('objectives').getFullList({ filter: created.map((id) => `id = "${id}"`).join(' || ') });
  assert.equal(new Set(onServer.map((r) => r.id)).size, new Set(created).size, 'every objective queued during the restore exists');

  for (const phone of phones) {
    await phone.pullAll();
    assert.equal(phone.resets, 1, `${phone.clientId} resynced once`);
  }
});
