// Two phones of a duo and a coordinator's, on each storage the kit ships: offline edits on
// both sides of the same records, an answer lost on the way; every copy ends as REST shows it
// to its person, and the author of every edit that lost is told, with both values.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyView, day, phone, restView, startServer, storages } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

for (const storage of Object.keys(storages)) {
  test(`offline edits on both phones of a duo, a lost answer, on ${storage}`, async () => {
    const marc = await phone(server, 'marc@demo.example.org', storage);
    const amina = await phone(server, 'amina@demo.example.org', storage);
    const coord = await phone(server, 'coordinator@demo.example.org', storage);
    try {
      for (const p of [marc, amina, coord]) {
        assert.deepEqual(copyView(p.kit), await restView(p.pb), 'a first copy is what REST shows');
        assert.equal(p.kit.syncStatus.firstSync.done, true);
      }
      const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' && d.mentee === amina.pb.authStore.record.id })[0];
      assert.ok(duo, 'Marc and Amina have an active duo');
      const objective = marc.kit.list('objectives', { filter: (o) => o.duo === duo.id })[0];
      assert.ok(objective, 'their duo has an objective');

      marc.wire.set('offline');
      amina.wire.set('offline');
      const meeting = await marc.kit.create('meetings', { duo: duo.id, held_on: day(-1), minutes: 120, mode: 'in_person', topics: ['cv'] });
      await marc.kit.update('meetings', meeting, { notes: 'Written on the train' });
      await marc.kit.update('objectives', objective.id, { title: `Marc's title on ${storage}`, details: 'Both languages' });
      await amina.kit.update('objectives', objective.id, { title: `Amina's title on ${storage}` });
      await coord.kit.update('duos', duo.id, { meeting_place: 'Bibliothèque Solvay' });
      await marc.kit.syncNow(); // offline: nothing lost, nothing sent
      assert.equal(marc.kit.syncStatus.pending, 3);
      assert.equal(marc.kit.syncStatus.error?.kind, 'offline');
      assert.equal(marc.kit.get('objectives', objective.id).title, `Marc's title on ${storage}`, 'his edit shows at once');
      assert.equal(marc.kit.get('meetings', meeting).notes, 'Written on the train');
      assert.ok(marc.kit.isPending('meetings', meeting));

      amina.wire.set('pass');
      await amina.kit.syncNow();
      assert.equal(amina.kit.syncStatus.pending, 0);
      await coord.kit.syncNow();

      marc.wire.set('lose'); // the push reaches the server; its answer never comes back
      await marc.kit.syncNow();
      assert.equal(marc.kit.syncStatus.pending, 3, 'an unanswered push keeps its edits');
      marc.wire.set('pass');
      await marc.kit.syncNow();
      assert.equal(marc.kit.syncStatus.pending, 0);
      assert.equal(marc.events.rejected.length, 0);
      assert.deepEqual(marc.events.conflict.map((c) => [c.collection, c.id, c.fields]),
        [['objectives', objective.id, [{ field: 'title', mine: `Marc's title on ${storage}`, theirs: `Amina's title on ${storage}` }]]]);
      assert.match(marc.events.conflict[0].message, /modifié/, 'in his language (French)');
      assert.equal(marc.events.conflict[0].record.details, 'Both languages', 'his other field applied');

      for (const p of [amina, coord, marc]) await p.kit.syncNow();
      for (const p of [marc, amina, coord]) {
        assert.deepEqual(copyView(p.kit), await restView(p.pb), `${p.pb.authStore.record.name}'s copy is REST's`);
      }
      assert.equal(amina.kit.get('meetings', meeting).notes, 'Written on the train');
      assert.equal(amina.kit.get('duos', duo.id).meeting_place, 'Bibliothèque Solvay');

      // The copy lasts: the kit opened again on the same storage holds the same.
      const again = await phone(server, 'marc@demo.example.org', storage, { storage: marc.storage });
      assert.deepEqual(copyView(again.kit), copyView(marc.kit));
      again.close();
    } finally {
      for (const p of [marc, amina, coord]) p.close();
    }
  });
}
