// Sync maintenance through the built server: pruning old changes (a retention of seconds,
// which DUO_SYNC_RETENTION_DAYS takes for tests) and a restore through PocketBase's backup
// API; after either, a phone whose cursor the server can no longer continue resyncs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { client, PASSWORD, startServer } from './server.mjs';

async function pull(pb, cursor = '') {
  return pb.send('/api/sync/pull', { query: { cursor, limit: 1000 } });
}

async function pullAll(pb) {
  let page = { cursor: '', hasMore: true };
  while (page.hasMore) page = await pull(pb, page.cursor);
  return page.cursor;
}

async function superuser(url) {
  const pb = await client(url);
  await pb.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  return pb;
}

async function eventually(what, check, deadline = Date.now() + 20_000) {
  for (;;) {
    try {
      if (await check()) return;
    } catch { /* the server may be restarting */ }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function touchAMeeting(pb) {
  const [meeting] = await pb.collection('meetings').getFullList({ filter: 'mentee_confirmed = false' });
  await pb.collection('meetings').update(meeting.id, { notes: `Edited at ${Date.now()}` });
}

test('changes older than the retention are pruned, and a phone behind them resyncs', async () => {
  const server = await startServer({ env: { DUO_SYNC_RETENTION_DAYS: '2s' } });
  try {
    const amina = await client(server.url, 'amina@demo.example.org');
    const cursor = await pullAll(amina);
    await touchAMeeting(await client(server.url, 'marc@demo.example.org'));
    await new Promise((r) => setTimeout(r, 2500));
    const admin = await superuser(server.url);
    await admin.send('/api/crons/duo_sync_prune', { method: 'POST' });
    await eventually('a reset', async () => (await pull(amina, cursor)).reset === true);
  } finally {
    await server.stop();
  }
});

test('a restore through the backup API starts a new epoch: every phone resyncs', async () => {
  const server = await startServer();
  try {
    const admin = await superuser(server.url);
    const olga = await client(server.url, 'olga@demo.example.org');
    const before = await pullAll(olga); // behind the backup
    await admin.backups.create('e2e-before.zip');
    const marc = await client(server.url, 'marc@demo.example.org');
    await touchAMeeting(marc);
    const amina = await client(server.url, 'amina@demo.example.org');
    const ahead = await pullAll(amina); // ahead of the backup
    assert.equal((await pull(olga, before)).reset, false);

    await admin.backups.restore('e2e-before.zip'); // PocketBase replaces pb_data, re-executes
    await eventually('the restored server', async () => (await fetch(`${server.url}/api/health`)).ok &&
      (await pull(await client(server.url, 'amina@demo.example.org'), ahead)).reset === true);
    const olgaAgain = await client(server.url, 'olga@demo.example.org');
    assert.equal((await pull(olgaAgain, before)).reset, true, 'a phone behind the backup resyncs too');
  } finally {
    await server.stop();
  }
});
