// What the kit costs, reported (never asserted: timings depend on the machine): a backlog of
// 200 edits through the kit against the raw protocol; a busy coordinator's first sync (500
// active duos) into sql.js in Node and into IndexedDB in chromium; the bytes of that first
// sync with and without gzip.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { SyncClient, newRecordId, pullPage, pushBatch } from '../src/index.js';
import { PASSWORD, day, launchBrowser, line, phone, startServer, storages } from './helpers.mjs';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const report = (text) => console.log(`kit: ${text}`);
let server;
before(async () => { server = await startServer({ demo: ['--busy', '500'] }); });
after(async () => { await server?.stop(); });

test('200 queued edits through the kit and through the raw protocol', async () => {
  const marc = await phone(server, 'marc@demo.example.org', 'memory');
  try {
    const duo = marc.kit.list('duos', { filter: (d) => d.status === 'active' })[0];
    const fields = (i) => ({ duo: duo.id, held_on: day(-1 - (i % 20)), minutes: 60, mode: 'video', notes: `backlog ${i}` });
    const kit = [];
    const raw = [];
    let clientNo = 0;
    marc.kit.stop(); // the edits wait in the outbox until the measured sync
    for (let round = 0; round < 7; round++) {
      for (let i = 0; i < 200; i++) await marc.kit.create('meetings', fields(i));
      let t = performance.now();
      await marc.kit.syncNow();
      kit.push(performance.now() - t);
      assert.equal(marc.kit.syncStatus.pending, 0, JSON.stringify(marc.kit.syncStatus.error));

      const mutations = Array.from({ length: 200 }, (_, i) => ({ mid: i + 1, collection: 'meetings', op: 'create',
        id: newRecordId(), base: marc.kit.state.cursor, fields: fields(i) }));
      let cursor = marc.kit.state.cursor;
      t = performance.now();
      const clientId = `raw-backlog-${round}-${clientNo++}`;
      for (let i = 0; i < 200; i += 100) {
        const answer = await pushBatch(marc.pb, { clientId, acked: i, mutations: mutations.slice(i, i + 100) });
        assert.ok(answer.results.every((r) => r.status === 'applied'));
      }
      for (let more = true; more;) ({ cursor, hasMore: more } = await pullPage(marc.pb, cursor, { limit: 500 }));
      raw.push(performance.now() - t);
    }
    const overhead = (median(kit) / median(raw) - 1) * 100;
    report(`200 queued edits, pushed then pulled: through the kit median ${median(kit).toFixed(0)} ms, raw protocol ` +
      `${median(raw).toFixed(0)} ms (kit runs ${kit.map((x) => x.toFixed(0)).join(', ')}; raw ${raw.map((x) => x.toFixed(0)).join(', ')}): overhead ${overhead.toFixed(0)} %`);
  } finally {
    marc.close();
  }
});

test('a busy coordinator\'s first sync into sql.js, with and without gzip', async () => {
  for (const identity of [false, true]) {
    const wire = await line(server.url);
    wire.identity = identity;
    const pb = new PocketBase(wire.url);
    pb.autoCancellation(false);
    await pb.collection('users').authWithPassword('busy@demo.example.org', PASSWORD);
    const kit = new SyncClient({ pb, storage: await storages.sql(), realtime: false, pageSize: 1000 });
    await kit.open();
    const before = wire.bytes;
    const t = performance.now();
    await kit.syncNow();
    const ms = performance.now() - t;
    const duos = kit.list('duos').length;
    const records = kit.syncStatus.firstSync.records;
    assert.equal(kit.syncStatus.firstSync.done, true);
    assert.ok(duos >= 500, `${duos} duos`);
    report(`busy coordinator's first sync into sql.js ${identity ? 'without' : 'with'} gzip: ${records} records ` +
      `(${duos} duos) in ${ms.toFixed(0)} ms, ${((wire.bytes - before) / 1024).toFixed(0)} KB on the wire`);
    wire.close();
  }
});

test('a busy coordinator\'s first sync into IndexedDB in chromium', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // An empty page of the server's origin; the kit comes from the server, as the app gets it.
    await page.route(`${server.url}/kit-test.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>kit</title>' }));
    await page.goto(`${server.url}/kit-test.html`);
    for (const file of ['index.js', 'syncer.js', 'storage/indexeddb.js']) {
      const served = await (await fetch(`${server.url}/app/kit/${file}`)).text();
      assert.equal(served, await readFile(path.join(src, file), 'utf8'), `the server serves the kit's ${file} as it is`);
    }
    const result = await page.evaluate(async ({ email, password }) => {
      const { default: PocketBase } = await import('/console/vendor/pocketbase.es.mjs');
      const { SyncClient, IndexedDBStorage } = await import('/app/kit/index.js');
      const pb = new PocketBase(location.origin);
      await pb.collection('users').authWithPassword(email, password);
      const kit = new SyncClient({ pb, storage: new IndexedDBStorage('bench'), realtime: false, pageSize: 1000 });
      const t = performance.now();
      await kit.open();
      await kit.syncNow();
      const ms = performance.now() - t;
      const reopened = new SyncClient({ pb, storage: new IndexedDBStorage('bench'), realtime: false });
      const t2 = performance.now();
      await reopened.open();
      return { ms, open: performance.now() - t2, duos: kit.list('duos').length, again: reopened.list('duos').length, error: kit.syncStatus.error,
        records: kit.syncStatus.firstSync.records, done: kit.syncStatus.firstSync.done };
    }, { email: 'busy@demo.example.org', password: PASSWORD });
    assert.equal(result.done, true, JSON.stringify(result));
    assert.ok(result.duos >= 500);
    assert.equal(result.again, result.duos, 'the copy is in IndexedDB: opened again, it holds the same');
    report(`busy coordinator's first sync into IndexedDB in chromium: ${result.records} records (${result.duos} duos) in ` +
      `${result.ms.toFixed(0)} ms; opening that copy again: ${result.open.toFixed(0)} ms`);
  } finally {
    await browser.close();
  }
});
