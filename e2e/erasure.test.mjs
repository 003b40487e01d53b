// Erasure through the built binary and the official SDK: a coordinator erases a person, her
// partner's phone drops her at its next pull, the impact table is the same, and a backup made
// before the erasure, restored by PocketBase (which restarts the process), brings her back
// for no one: the ledger erases her again before the server answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { client, PASSWORD, restarted, startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

async function admin() {
  const pb = await client(server.url);
  await pb.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  return pb;
}

// pullAll applies every page of the person's changes since cursor to their copy.
async function pullAll(pb, copy, cursor = '') {
  for (;;) {
    const page = await pb.send('/api/sync/pull', { query: { cursor, limit: 1000 } });
    if (page.reset) copy.clear();
    for (const c of page.changes) {
      const key = `${c.collection}/${c.id}`;
      if (c.op === 'delete') copy.delete(key);
      else copy.set(key, c.record);
    }
    cursor = page.cursor;
    if (!page.hasMore) return cursor;
  }
}

test('an erased person is gone from her partner\'s phone, the figures stay, and a restored backup brings her back for no one', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const duo = await sofia.collection('duos').getFirstListItem('status = "completed"', { expand: 'mentor,mentee' });
  const mentee = duo.expand.mentee;
  const mentor = await client(server.url, duo.expand.mentor.email);
  const phone = new Map();
  const cursor = await pullAll(mentor, phone);
  assert.ok(JSON.stringify([...phone.values()]).includes(mentee.name), 'his phone held her name');
  const figures = (pb) => pb.send('/api/impact', { query: { by: 'quarter' } });
  const before = await figures(sofia);

  const root = await admin();
  await root.backups.create('before-erasure.zip');

  // A reason of her own words is refused; a reason from the list erases her.
  await assert.rejects(sofia.send(`/api/people/${mentee.id}/erase`, { method: 'POST', body: { reason: 'she moved' } }),
    (err) => err.status === 400 && err.response.data.reason.code === 'duo_erase_reason');
  const erased = await sofia.send(`/api/people/${mentee.id}/erase`, { method: 'POST', body: { reason: 'request' } });
  assert.equal(erased.person, mentee.id);
  await assert.rejects(sofia.collection('users').getOne(mentee.id), (err) => err.status === 404);
  await assert.rejects(root.collection('users').getOne(mentee.id), (err) => err.status === 404);
  assert.ok(isDeepStrictEqual(await figures(sofia), before), 'the impact table is the same');

  await pullAll(mentor, phone, cursor);
  const held = JSON.stringify([...phone.entries()]);
  assert.ok(!held.includes(mentee.name) && !held.includes(mentee.id), 'his phone dropped her');
  const theDuo = phone.get(`duos/${duo.id}`);
  const pseudonym = phone.get(`users/${theDuo.mentee}`);
  assert.equal(pseudonym.name, '');
  assert.ok(pseudonym.erased_at, 'the duo names an erased person');
  const history = [...phone.values()].filter((r) => r.collectionName === 'duo_events' && r.duo === duo.id);
  assert.ok(history.some((e) => e.kind === 'person_erased' && e.detail === 'mentee'), 'the history says so');

  const audit = await root.collection('data_audit').getFullList({ filter: root.filter('person = {:id}', { id: mentee.id }) });
  assert.deepEqual(audit.map((a) => [a.action, a.detail, a.actor]), [['erase', 'request', sofia.authStore.record.id]]);
  assert.ok(!JSON.stringify(audit).includes(mentee.name), 'no name in the audit log');

  // PocketBase restores the backup and restarts the process; the ledger erases her again.
  const starts = server.log().split('Server started').length - 1;
  await root.backups.restore('before-erasure.zip');
  await restarted(server, starts);
  const rootAgain = await admin();
  await assert.rejects(rootAgain.collection('users').getOne(mentee.id), (err) => err.status === 404);
  const namesake = await rootAgain.collection('users').getList(1, 1, { filter: rootAgain.filter('name = {:n}', { n: mentee.name }) });
  assert.equal(namesake.totalItems, 0, 'nobody of her name is back');
  const sofiaAgain = await client(server.url, 'coordinator@demo.example.org');
  assert.ok(isDeepStrictEqual(await figures(sofiaAgain), before), 'the impact table is the same after the restore');
  const after = await rootAgain.collection('duos').getOne(duo.id, { expand: 'mentee' });
  assert.ok(after.expand.mentee.erased_at && after.expand.mentee.name === '', 'her duo names an erased person');
  let said;
  for (const until = Date.now() + 15_000; !said && Date.now() < until; await new Promise((r) => setTimeout(r, 300))) {
    said = (await rootAgain.logs.getList(1, 1, { filter: 'message ~ "re-applied after a restore"' })).items[0];
  }
  assert.equal(said?.data?.people, 1, 'the server says in its logs it erased her again'); // written in batches
});
