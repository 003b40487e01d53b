// The WatermelonDB example of mobile-api.md, run as it is printed there: a mentor's
// WatermelonDB copy syncs through duo's protocol core, edits offline, loses an answer, meets
// his mentee's edit of the same field; the copy ends as the server holds it, nothing doubled,
// and he is told of the conflict with both values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Database, Model, appSchema, tableSchema } from '@nozbe/watermelondb';
import LokiJSAdapterModule from '@nozbe/watermelondb/adapters/lokijs/index.js';
import PocketBase from 'pocketbase';
import { syncWithDuo } from '../examples/watermelondb.js';
import { day, line, rest, startServer } from './helpers.mjs';

const LokiJSAdapter = LokiJSAdapterModule.default ?? LokiJSAdapterModule;
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('mobile-api.md prints the example the test runs', () => {
  const example = readFileSync(new URL('../examples/watermelondb.js', import.meta.url), 'utf8').trim();
  const doc = readFileSync(new URL('../../../mobile-api.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(example), 'mobile-api.md has examples/watermelondb.js word for word');
});

function database() {
  const columns = (...names) => names.map((name) => ({ name, type: name === 'minutes' ? 'number' : 'string' }));
  const schema = appSchema({ version: 1, tables: [
    tableSchema({ name: 'meetings', columns: columns('duo', 'held_on', 'minutes', 'mode', 'notes') }),
    tableSchema({ name: 'objectives', columns: columns('duo', 'title', 'details', 'status') }),
  ] });
  class Meeting extends Model { static table = 'meetings'; }
  class Objective extends Model { static table = 'objectives'; }
  const adapter = new LokiJSAdapter({ schema, useWebWorker: false, useIncrementalIndexedDB: false,
    dbName: 'duo', extraLokiOptions: { autosave: false } });
  return new Database({ adapter, modelClasses: [Meeting, Objective] });
}

test('a WatermelonDB copy synced through the protocol core: offline edits, a lost answer, a conflict told', async () => {
  const wire = await line(server.url);
  const pb = new PocketBase(wire.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword('marc@demo.example.org', 'e2e-password-123');
  const amina = await rest(server, 'amina@demo.example.org');
  const db = database();
  const told = [];
  const sync = () => syncWithDuo(db, pb, { clientId: 'marc-watermelon-1', tell: (m, r) => told.push([m, r]) });
  try {
    await sync();
    const objectives = await db.get('objectives').query().fetch();
    assert.ok(objectives.length > 0, 'his duo\'s objectives are in the copy');
    const objective = objectives[0];
    const duo = objective._raw.duo;

    await db.write(async () => {
      await db.get('meetings').create((m) => {
        for (const [k, v] of Object.entries({ duo, held_on: day(-1), minutes: 90, mode: 'video', notes: 'On the train' })) m._setRaw(k, v);
      });
      await objective.update((o) => o._setRaw('title', 'Marc\'s title'));
    });
    await amina.collection('objectives').update(objective.id, { title: 'Amina\'s title' }, { requestKey: null });
    wire.set('lose');
    await assert.rejects(sync(), 'the answer never came');
    wire.set('pass');
    await sync();

    const held = await amina.collection('meetings').getFullList({ filter: `duo = "${duo}"`, requestKey: null });
    assert.equal(held.filter((m) => m.notes === 'On the train').length, 1, `the meeting exists once: ${JSON.stringify(told)}`);
    assert.deepEqual(told.map(([m, r]) => [m.id, r.status, r.fields?.title]),
      [[objective.id, 'conflict', { client: 'Marc\'s title', server: 'Amina\'s title' }]]);
    await sync(); // the server's version of both comes down
    const local = await db.get('objectives').find(objective.id);
    assert.equal(local._raw.title, 'Amina\'s title');
    assert.equal(local._raw._status, 'synced');
    const meetings = await db.get('meetings').query().fetch();
    assert.equal(meetings.filter((m) => m._raw.notes === 'On the train').length, 1);
  } finally {
    wire.close();
  }
});
