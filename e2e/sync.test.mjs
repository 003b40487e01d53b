// Offline sync through the official pocketbase SDK (pb.send), as a React Native app does it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { EventSource } from 'eventsource';
import { client, day, startServer } from './server.mjs';

globalThis.EventSource = EventSource; // Node has none; React Native apps add their own too

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// pullAll applies pages until hasMore is false; the copy and the cursor move together.
async function pullAll(pb, state) {
  for (;;) {
    const page = await pb.send('/api/sync/pull', { query: { cursor: state.cursor ?? '', limit: 200 } });
    if (page.reset) state.rows = new Map();
    for (const c of page.changes) {
      const key = `${c.collection}/${c.id}`;
      if (c.op === 'delete') state.rows.delete(key); else state.rows.set(key, c.record);
    }
    state.cursor = page.cursor;
    if (!page.hasMore) return state;
  }
}

// A proxy that lets the push reach the server, then cuts the line before the answer comes
// back: the server has committed, the phone never hears of it.
async function droppingProxy(target) {
  const proxy = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    await fetch(target + req.url, { method: req.method, headers: { ...req.headers, host: undefined }, body: Buffer.concat(chunks) });
    req.socket.destroy();
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return { url: `http://127.0.0.1:${proxy.address().port}`, close: () => proxy.close() };
}

test('a mentor logs meetings offline, a push is retried after its answer was lost, the mentee pulls them once', async () => {
  const marc = await client(server.url, 'marc@demo.example.org');
  const mine = await pullAll(marc, { rows: new Map() });
  const duo = [...mine.rows.values()].find((r) => r.collectionName === 'duos' && r.status === 'active');
  assert.ok(duo, 'the mentor has their active duo');

  const body = {
    clientId: 'marc-phone-e2e-1',
    mutations: [
      { mid: 1, collection: 'meetings', op: 'create', id: 'e2emeetingoff01', base: mine.cursor,
        fields: { duo: duo.id, held_on: day(-2), minutes: 120, mode: 'in_person', topics: ['cv'] } },
      { mid: 2, collection: 'meetings', op: 'update', id: 'e2emeetingoff01', base: mine.cursor,
        fields: { notes: 'Written on the train' } },
    ],
  };
  const proxy = await droppingProxy(server.url);
  const cutOff = await client(proxy.url);
  cutOff.authStore.save(marc.authStore.token, marc.authStore.record);
  await assert.rejects(cutOff.send('/api/sync/push', { method: 'POST', body }));
  proxy.close();

  const retry = await marc.send('/api/sync/push', { method: 'POST', body });
  assert.equal(retry.lastMid, 2);
  assert.deepEqual(retry.results.map((r) => [r.status, r.first?.status]), [['duplicate', 'applied'], ['duplicate', 'applied']]);

  const amina = await client(server.url, 'amina@demo.example.org');
  const hers = await pullAll(amina, { rows: new Map() });
  const copies = [...hers.rows.values()].filter((r) => r.id === 'e2emeetingoff01');
  assert.equal(copies.length, 1);
  assert.equal(copies[0].notes, 'Written on the train');
  assert.equal(copies[0].logged_by, marc.authStore.record.id);
});

test('a rejected mutation names its field in the person\'s language; the others apply', async () => {
  const marc = await client(server.url, 'marc@demo.example.org');
  const state = await pullAll(marc, { rows: new Map() });
  const duo = [...state.rows.values()].find((r) => r.collectionName === 'duos' && r.status === 'active');
  const res = await marc.send('/api/sync/push', {
    method: 'POST',
    body: { clientId: 'marc-phone-e2e-2', mutations: [
      { mid: 1, collection: 'meetings', op: 'create', id: 'e2emeetingbad01', base: state.cursor,
        fields: { duo: duo.id, held_on: day(-1), minutes: 5, mode: 'video' } },
      { mid: 2, collection: 'objectives', op: 'create', id: 'e2eobjective001', base: state.cursor,
        fields: { duo: duo.id, title: 'Préparer le salon de l\'emploi' } },
    ] },
  });
  assert.equal(res.results[0].status, 'rejected');
  assert.equal(res.results[0].fields.minutes.message, 'Doit être au moins 15.');
  assert.equal(res.results[1].status, 'applied');
});

test('an open app is poked on the sync topic when its scope changes, and pulls', async () => {
  const amina = await client(server.url, 'amina@demo.example.org');
  const state = await pullAll(amina, { rows: new Map() });
  let poke;
  const poked = new Promise((resolve) => { poke = resolve; });
  await amina.realtime.subscribe('sync', () => poke()); // resolves once the server has it
  const marc = await client(server.url, 'marc@demo.example.org');
  const [duo] = await marc.collection('duos').getFullList({ filter: 'status = "active"' });
  await marc.collection('meetings').create({ duo: duo.id, held_on: day(-3), minutes: 60, mode: 'phone', notes: 'poke' });
  await poked;
  await pullAll(amina, state);
  assert.ok([...state.rows.values()].some((r) => r.notes === 'poke'));
  amina.realtime.unsubscribe();
});
