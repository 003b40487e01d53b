// The kit through what happens to a duo's phones, on one of its storages (life-*.test.mjs run
// each): a backup restored with phones on both sides of it, a scope that grows and shrinks,
// the partner's erasure and one's own, a field and a collection of a newer server, the
// server's pokes, an app too old, a server too busy. Every copy ends as REST shows it to its
// person, and every edit that did not apply is told to its author.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyView, day, phone as phoneOn, rest, restarted, restView, startServer } from './helpers.mjs';

const sameAsREST = async (p, what) => assert.deepEqual(copyView(p.kit), await restView(p.pb), what);

function appliedOrTold(p, collection, id, field, mine) {
  const applied = p.kit.get(collection, id)?.[field] === mine;
  const told = p.events.conflict.some((c) => c.collection === collection && c.id === id
    && c.fields.some((f) => f.field === field && f.mine === mine && f.theirs === p.kit.get(collection, id)?.[field]));
  assert.ok(applied || told, `${collection} ${id}.${field}: applied, or its author told`);
}

async function until(check, what, deadline = Date.now() + 10_000) {
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`waited in vain for ${what}`);
}

/** Runs every scenario on a server of its own, each phone on the storage named. */
export function lifeOn(storage) {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });
  const phone = (email, options) => phoneOn(server, email, storage, options);

  test('a backup restored with phones on both sides of it: every queued edit applies or comes back as a conflict ', async () => {
    const admin = await rest(server, 'admin@demo.example.org');
    const marc = await phone('marc@demo.example.org');
    const amina = await phone('amina@demo.example.org');
    try {
      const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
      const kept = await marc.kit.create('objectives', { duo: duo.id, title: 'Made before the backup' });
      await marc.kit.syncNow();
      await admin.backups.create('kit-phones.zip');
      await amina.kit.create('objectives', { duo: duo.id, title: 'Made after the backup' });
      await amina.kit.syncNow(); // applied, then taken back by the restore
      marc.wire.set('offline');
      amina.wire.set('offline');
      const queued = await marc.kit.create('objectives', { duo: duo.id, title: 'Queued during the restore' });
      await marc.kit.update('objectives', kept, { title: 'Renamed during the restore' });
      await amina.kit.update('duos', duo.id, { meeting_place: 'Maison de quartier' });

      const starts = server.log().split('Server started').length - 1;
      await admin.backups.restore('kit-phones.zip');
      await restarted(server, starts);
      for (const p of [marc, amina]) {
        p.wire.set('pass');
        await p.kit.syncNow();
        assert.equal(p.kit.syncStatus.pending, 0, 'nothing stuck in the queue');
        assert.equal(p.events.reset.length, 1, 'the copy came again whole, once');
        assert.equal(p.events.rejected.length, 0);
        await sameAsREST(p, 'after the restore, the copy is REST\'s');
      }
      assert.equal(marc.kit.get('objectives', queued)?.title, 'Queued during the restore');
      // Edits whose base predates the restore: where the restored record differs from what the
      // phone had seen, the server keeps its value and tells the author, with both.
      appliedOrTold(marc, 'objectives', kept, 'title', 'Renamed during the restore');
      appliedOrTold(amina, 'duos', duo.id, 'meeting_place', 'Maison de quartier');
    } finally {
      marc.close();
      amina.close();
    }
  });

  test('a proposed duo re-matched: one mentee\'s copy loses it, the other\'s gains it whole ', async () => {
    const coord = await rest(server, 'coordinator@demo.example.org');
    const proposed = await coord.collection('duos').getFirstListItem('status = "proposed"', { expand: 'mentee', requestKey: null });
    const duos = await coord.collection('duos').getFullList({ requestKey: null });
    const mentees = await coord.collection('users').getFullList({ filter: 'role = "mentee"', requestKey: null });
    const free = mentees.find((m) => !duos.some((d) => d.mentee === m.id) && m.email);
    assert.ok(free, 'the demo has a mentee without a duo');
    const before = await phone(proposed.expand.mentee.email);
    const after = await phone(free.email);
    try {
      assert.ok(before.kit.get('duos', proposed.id));
      assert.equal(after.kit.get('duos', proposed.id), undefined);
      await coord.collection('duos').update(proposed.id, { mentee: free.id }, { requestKey: null });
      for (const p of [before, after]) await p.kit.syncNow();
      assert.equal(before.kit.get('duos', proposed.id), undefined, 'the scope shrank');
      assert.equal(after.kit.get('duos', proposed.id)?.mentee, free.id, 'the scope grew');
      for (const p of [before, after]) await sameAsREST(p, 'the copy follows the scope');
    } finally {
      before.close();
      after.close();
    }
  });

  test('the partner erased: gone from the mentor\'s copy; her own phone is wiped at its next sync ', async () => {
    const coord = await rest(server, 'coordinator@demo.example.org');
    const duo = await coord.collection('duos').getFirstListItem('status = "completed"', { expand: 'mentor,mentee', requestKey: null });
    const mentor = await phone(duo.expand.mentor.email);
    const mentee = await phone(duo.expand.mentee.email);
    try {
      assert.ok(JSON.stringify(copyView(mentor.kit)).includes(duo.expand.mentee.name));
      await mentee.kit.update('duos', duo.id, { meeting_place: 'queued, never sent' });
      mentee.wire.set('offline');
      await coord.send(`/api/people/${duo.mentee}/erase`, { method: 'POST', body: { reason: 'request' }, requestKey: null });
      await mentor.kit.syncNow();
      const held = JSON.stringify(copyView(mentor.kit));
      assert.ok(!held.includes(duo.expand.mentee.name) && !held.includes(duo.mentee), 'his copy dropped her');
      await sameAsREST(mentor, 'his copy is REST\'s');

      mentee.wire.set('pass');
      await mentee.kit.syncNow();
      assert.deepEqual(mentee.events.authRequired, [{ reason: 'revoked', lostEdits: 1 }]);
      assert.equal(mentee.kit.list('duos').length + mentee.kit.list('users').length, 0, 'nothing of hers is left on the phone');
      assert.equal(mentee.kit.syncStatus.signedIn, false);
      assert.deepEqual(await mentee.storage.entries('records'), []);
      assert.deepEqual(await mentee.storage.entries('outbox'), []);
    } finally {
      mentor.close();
      mentee.close();
    }
  });

  test('a newer server: a field the kit\'s types do not know is kept, a collection it does not know is ignored ', async () => {
    const admin = await rest(server, 'admin@demo.example.org');
    const marc = await phone('marc@demo.example.org');
    try {
      const meetings = await admin.collections.getOne('meetings', { requestKey: null });
      await admin.collections.update('meetings', { fields: [...meetings.fields, { name: 'weather', type: 'text' }] }, { requestKey: null });
      const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
      const id = await marc.kit.create('meetings', { duo: duo.id, held_on: day(-3), minutes: 60, mode: 'video' });
      await marc.kit.syncNow();
      await admin.collection('meetings').update(id, { weather: 'sunny' }, { requestKey: null });
      marc.wire.rewrite = (page) => ({ ...page, changes: [...page.changes,
        { collection: 'workshops', id: 'workshop0000001', op: 'upsert', record: { id: 'workshop0000001', title: 'Info' } }] });
      await marc.kit.syncNow();
      assert.equal(marc.kit.syncStatus.error, null, 'never fatal');
      assert.equal(marc.kit.get('meetings', id)?.weather, 'sunny', 'the new field is kept');
      assert.equal(marc.kit.get(/** @type {any} */ ('workshops'), 'workshop0000001'), undefined);
      marc.wire.rewrite = null;
      await marc.kit.update('meetings', id, { notes: 'a field it knows' });
      await marc.kit.syncNow();
      assert.equal(marc.kit.get('meetings', id)?.weather, 'sunny');
      await sameAsREST(marc, 'the copy is REST\'s, new field and all');
    } finally {
      marc.close();
    }
  });

  test('the server pokes an open app on a change in its scope, and it pulls ', async () => {
    const marc = await phone('marc@demo.example.org', { realtime: true });
    const amina = await rest(server, 'amina@demo.example.org');
    try {
      await until(() => marc.kit.syncStatus.connected, 'the realtime channel');
      const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
      const objective = await amina.collection('objectives').create({ duo: duo.id, title: 'Poked' }, { requestKey: null });
      await until(() => marc.kit.get('objectives', objective.id), 'the poke and the pull');
    } finally {
      marc.close();
    }
  });

  test('an app the server no longer answers is told to update, and keeps its queue; a busy server is waited for ', async () => {
    const marc = await phone('marc@demo.example.org');
    try {
      const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
      await marc.kit.update('duos', duo.id, { meeting_time: '15:00' });
      for (const mode of ['busy', 'down']) {
        marc.wire.set(mode);
        const asked = Date.now();
        await marc.kit.syncNow();
        assert.equal(marc.kit.syncStatus.error?.kind, mode === 'busy' ? 'busy' : 'server');
        assert.ok(marc.kit.syncStatus.retryAt.getTime() - asked >= 7000, 'Retry-After is honoured');
        assert.equal(marc.kit.syncStatus.pending, 1);
      }
      marc.wire.set('old-app');
      await marc.kit.syncNow();
      assert.equal(marc.kit.syncStatus.updateRequired, true);
      assert.equal(marc.events.updateRequired.length, 1);
      assert.equal(marc.kit.syncStatus.pending, 1, 'the queue waits for the update');
    } finally {
      marc.close();
    }
  });

  test('an install id the server bound to another person: a new id, the queued edits kept and sent', async () => {
    const marc = await phone('marc@demo.example.org');
    const amina = await phone('amina@demo.example.org');
    try {
      const duo = amina.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
      await marc.kit.update('duos', duo.id, { meeting_place: 'Café Central' });
      await marc.kit.syncNow(); // his install id is bound to him now
      amina.kit.state = { ...amina.kit.state, clientId: marc.kit.state.clientId }; // as a copied phone would have
      await amina.kit.update('duos', duo.id, { meeting_time: '16:30' });
      await amina.kit.syncNow(); // 403 naming clientId: a new install
      assert.notEqual(amina.kit.state.clientId, marc.kit.state.clientId);
      assert.equal(amina.kit.syncStatus.pending, 1, 'her edit is still queued');
      await amina.kit.syncNow();
      assert.equal(amina.kit.syncStatus.pending, 0);
      assert.equal(amina.kit.get('duos', duo.id)?.meeting_time, '16:30');
      await sameAsREST(amina, 'her copy, pulled again, is REST\'s');
    } finally {
      marc.close();
      amina.close();
    }
  });
}
