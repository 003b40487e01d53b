// WatermelonDB's synchronize() on duo's protocol core. Local tables are named after duo's
// collections, with the columns the app needs; the cursor, the next mid and a push whose
// answer never came are kept in the database's localStorage.
import { synchronize } from '@nozbe/watermelondb/sync/index.js';
import { setGenerator } from '@nozbe/watermelondb/utils/common/randomId/index.js';
import { newRecordId, pullPage, pushBatch } from '@duoforajob/sync/protocol';

setGenerator(newRecordId); // ids duo accepts: 15 characters, a-z and 0-9

const fieldsOf = (raw, names) => Object.fromEntries(names.map((n) => [n, raw[n]]));

const asChanges = (records) => records.reduce((changes, r) => {
  (changes[r.collectionName] ??= { created: [], updated: [], deleted: [] }).updated.push(r);
  return changes;
}, {});

export async function syncWithDuo(database, pb, { clientId, tell }) {
  const store = database.localStorage;
  const held = []; // records as the server holds them after each edit: the copy takes them
  const push = async (request) => { // the same body again after a lost answer: each mid counts once
    await store.set('duo_inflight', request);
    const answer = await pushBatch(pb, request);
    await store.remove('duo_inflight');
    for (const r of answer.results) {
      const m = request.mutations.find((x) => x.mid === r.mid);
      const first = r.status === 'duplicate' ? r.first ?? { status: 'applied' } : r;
      if (r.record && database.collections.map[m.collection]) held.push(r.record);
      if (first.code === 'duo_sync_id_taken' && m.op === 'create') continue; // our own create, sent before
      if (first.status === 'conflict' || first.status === 'rejected') tell(m, first); // both values, in words
      if (first.status === 'resend') throw new Error('a mutation went missing: sync again later');
    }
    await store.set('duo_acked', answer.lastMid);
  };
  const lost = await store.get('duo_inflight');
  if (lost) await push(lost);
  let cursor = (await store.get('duo_cursor')) ?? '';
  // base: where the copy stood when the unsent edits were made (WatermelonDB pulls before it
  // pushes: the cursor after the pull would tell the server the person saw what they did not).
  const base = (await store.get('duo_base')) ?? cursor;
  await store.set('duo_base', base);
  await synchronize({
    database,
    sendCreatedAsUpdated: true, // duo's pull says upsert: WatermelonDB creates what it lacks
    pullChanges: async () => {
      const changes = {};
      let reset = false;
      for (let more = true; more;) {
        const page = await pullPage(pb, cursor, { limit: 1000 });
        reset ||= page.reset;
        for (const c of page.changes) {
          if (!database.collections.map[c.collection]) continue; // a collection the app does not keep
          const table = (changes[c.collection] ??= { created: [], updated: [], deleted: [] });
          if (c.op === 'upsert') table.updated.push(c.record); else table.deleted.push(c.id);
        }
        ({ cursor, hasMore: more } = page);
      }
      // reset: the server cannot continue from the cursor: replace the copy, keep local edits
      return { changes, timestamp: Date.now(), ...(reset && { experimentalStrategy: 'replacement' }) };
    },
    pushChanges: async ({ changes }) => {
      const acked = (await store.get('duo_acked')) ?? 0;
      const mutations = [];
      for (const [collection, { created, updated, deleted }] of Object.entries(changes)) {
        const columns = Object.keys(database.schema.tables[collection].columns);
        for (const raw of created) mutations.push({ collection, op: 'create', id: raw.id, fields: fieldsOf(raw, columns) });
        for (const raw of updated) mutations.push({ collection, op: 'update', id: raw.id, fields: fieldsOf(raw, raw._changed.split(',')) });
        for (const id of deleted) mutations.push({ collection, op: 'delete', id });
      }
      for (let i = 0; i < mutations.length; i += 100) {
        await push({ clientId, acked, mutations: mutations.slice(i, i + 100)
          .map((m, j) => ({ ...m, mid: (acked || 0) + i + j + 1, base })) });
      }
    },
  });
  await store.set('duo_cursor', cursor);
  await store.remove('duo_base'); // every edit answered
  // An edit that lost a conflict changed nothing on the server, so no pull would bring the
  // server's version back: take it from the answers (edits made since stay, as in any pull).
  if (held.length) await synchronize({ database, sendCreatedAsUpdated: true,
    pullChanges: async () => ({ changes: asChanges(held), timestamp: Date.now() }) });
}
