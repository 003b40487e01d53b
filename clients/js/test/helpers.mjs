// What the kit's tests share: the built server (e2e/server.mjs starts it), people signed in
// through a line the test can cut, the three storages, and REST's view to compare copies with.
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventSource } from 'eventsource';
import { IDBFactory } from 'fake-indexeddb';
import initSqlJs from 'sql.js';
import PocketBase from 'pocketbase';
import { IndexedDBStorage, MemoryStorage, SQLStorage, SyncClient, collections } from '../src/index.js';

globalThis.EventSource = EventSource; // as a React Native or Node app adds it
const here = path.dirname(fileURLToPath(import.meta.url));
process.env.DUO_BIN ??= path.join(here, '../../../e2e/.run/duo');
export const { startServer, PASSWORD, restarted, day, launchBrowser } = await import('../../../e2e/server.mjs');

/**
 * A line between a phone and the server that the test controls: `pass`, `offline` (every
 * connection refused, the open ones cut), `lose` (the request reaches the server, the answer
 * never comes back), `busy` (429) or `down` (503), both with Retry-After: 7, and `old-app`
 * (the phone speaks a version the server no longer answers). `rewrite`, when set, changes
 * each pull page on its way.
 */
export async function line(target) {
  const sockets = new Set();
  const state = { mode: 'pass', requests: 0, bytes: 0 };
  const proxy = http.createServer((req, res) => {
    if (state.mode === 'offline') return req.socket.destroy();
    if (state.mode === 'busy' || state.mode === 'down') { // too many requests, or the server's trouble
      res.writeHead(state.mode === 'busy' ? 429 : 503, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      return res.end('{"status":503,"message":"Try again later.","data":{}}');
    }
    state.requests++;
    const headers = { ...req.headers };
    if (state.identity) delete headers['accept-encoding']; // a client that does not take gzip
    if (state.mode === 'old-app') headers['x-duo-schema'] = '0';
    const rewrite = state.rewrite && req.url.startsWith('/api/sync/pull') ? state.rewrite : null;
    if (rewrite) delete headers['accept-encoding'];
    const up = http.request(target + req.url, { method: req.method, headers }, (answer) => {
      if (rewrite && answer.statusCode === 200) return rewritten(answer, res, rewrite);
      if (state.mode === 'lose') {
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode, answer.headers);
      answer.on('data', (chunk) => { state.bytes += chunk.length; });
      answer.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  proxy.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return Object.assign(state, {
    url: `http://127.0.0.1:${proxy.address().port}`,
    set(mode) {
      state.mode = mode;
      if (mode === 'offline') for (const s of sockets) s.destroy();
    },
    close: () => { for (const s of sockets) s.destroy(); proxy.close(); },
  });
}

/** Answers a pull page as a newer server would: rewrite changes the page. */
async function rewritten(answer, res, rewrite) {
  const chunks = [];
  for await (const chunk of answer) chunks.push(chunk);
  const body = JSON.stringify(rewrite(JSON.parse(Buffer.concat(chunks).toString())));
  const headers = { ...answer.headers, 'content-length': Buffer.byteLength(body) };
  res.writeHead(answer.statusCode, headers);
  res.end(body);
}

let SQL;
/** The storages the kit ships, by name: each test runs with each. */
export const storages = {
  memory: async () => new MemoryStorage(),
  indexeddb: async () => new IndexedDBStorage('duo-test', { indexedDB: new IDBFactory() }),
  sql: async () => {
    SQL ??= await initSqlJs();
    return new SQLStorage(sqlJsExecutor(new SQL.Database()));
  },
};

/** sql.js behind the one method SQLStorage asks for (README.md shows expo-sqlite and op-sqlite). */
export function sqlJsExecutor(db) {
  return {
    execute(sql, params = []) {
      const stmt = db.prepare(sql);
      try {
        stmt.bind(params);
        const rows = [];
        while (stmt.step()) rows.push(stmt.getAsObject());
        return rows;
      } finally {
        stmt.free();
      }
    },
  };
}

const signIns = new Map();

/** A phone: the kit on a storage, signed in as email, through its own line to the server. */
export async function phone(server, email, storageName = 'memory', options = {}) {
  const wire = await line(server.url);
  const pb = new PocketBase(wire.url);
  pb.autoCancellation(false);
  const storage = options.storage ?? await storages[storageName]();
  const kit = new SyncClient({ pb, storage, realtime: options.realtime ?? false, random: () => 0.5 });
  const known = signIns.get(email);
  if (known) { // sign-ins are limited to 20 a minute: a person signed in once lends the token
    pb.authStore.save(known.token, known.record);
    await kit.open();
    kit.start();
  } else {
    await kit.signIn(email, PASSWORD);
    signIns.set(email, { token: pb.authStore.token, record: pb.authStore.record });
  }
  await kit.syncNow();
  const events = { conflict: [], rejected: [], authRequired: [], reset: [], updateRequired: [], error: [] };
  for (const name of Object.keys(events)) kit.on(name, (e) => events[name].push(e));
  return { kit, pb, wire, storage, events, close: () => { kit.stop(); wire.close(); } };
}

/** What REST shows the person of every synced collection, by collection and id. */
export async function restView(pb) {
  const view = {};
  for (const { name } of collections) {
    const rows = await pb.collection(name).getFullList({ requestKey: null, batch: 500 });
    view[name] = Object.fromEntries(rows.map((r) => [r.id, r]));
  }
  return view;
}

/** The kit's copy in the same shape (with no edit waiting, it must equal REST's view). */
export function copyView(kit) {
  const view = {};
  for (const { name } of collections) view[name] = Object.fromEntries(kit.list(name).map((r) => [r.id, r]));
  return view;
}

/** A direct client of the server, for the other people's and the coordinator's REST edits. */
export async function rest(server, email) {
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  const known = signIns.get(email);
  if (known) pb.authStore.save(known.token, known.record);
  else if (email === 'admin@demo.example.org') await pb.collection('_superusers').authWithPassword(email, PASSWORD);
  else await pb.collection('users').authWithPassword(email, PASSWORD);
  signIns.set(email, { token: pb.authStore.token, record: pb.authStore.record });
  return pb;
}
