// The kit's sync cycles: push what is queued (one push in flight), then pull page by page,
// each page with its cursor in one storage write; back off after failures, honouring
// Retry-After; pull again on the server's realtime poke and when the network is back.
import { SyncError, backoffDelay, outcomeOf, pullPage, pushBatch, toSyncError, maxMutations } from './protocol.js';
import { collections } from './schema.js';
import { outboxKey, recordKey } from './storage/storage.js';

/** @typedef {import('./client.js').SyncClient} SyncClient */
/** @typedef {import('./client.js').SyncClientOptions} SyncClientOptions */
/** @typedef {import('./storage/storage.js').WriteOp} WriteOp */
/** @typedef {import('./copy.js').Queued} Queued */
/** @typedef {import('../types/duo.js').PullResponse} PullResponse */
/** @typedef {import('../types/duo.js').PushResponse} PushResponse */

const known = new Set(collections.map((c) => c.name));
/** Pushes a cycle makes at most: a resend costs one more round. */
const maxRounds = 10;

export class Syncer {
  /** @param {SyncClient} client @param {SyncClientOptions} options */
  constructor(client, options) {
    this.client = client;
    this.pb = options.pb;
    this.realtime = options.realtime ?? true;
    this.pageSize = options.pageSize ?? 500;
    this.network = options.network ?? (typeof globalThis.addEventListener === 'function' ? globalThis : undefined);
    this.random = options.random ?? Math.random;
    /** @type {Promise<void>|null} */
    this.running = null;
    this.again = false;
    this.attempt = 0;
    this.batchSize = maxMutations;
    this.started = false;
    this.blocked = false; // an update is required: nothing more until then
    this.authGone = false; // the sign-in was found gone: said once, until the next start
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this.timer = undefined;
    /** @type {(() => Promise<void>)|null} */
    this.unsubscribe = null;
    this.onOnline = () => { this.attempt = 0; this.soon(0); };
    this.onOffline = () => { this.client.status({ online: false }); };
  }

  start() {
    if (this.started) return;
    this.started = true;
    this.authGone = false;
    this.network?.addEventListener('online', this.onOnline);
    this.network?.addEventListener('offline', this.onOffline);
    // The token is renewed beside the first sync, not before it: a slow network waits one
    // round trip less for the person's data (the token in hand is still good for that sync).
    this.pb.collection('users').authRefresh({ requestKey: null })
      .catch((err) => { if (err?.status === 401) return this.authLost(); });
    this.soon(0);
  }

  stop() {
    this.started = false;
    clearTimeout(this.timer);
    this.network?.removeEventListener('online', this.onOnline);
    this.network?.removeEventListener('offline', this.onOffline);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    unsubscribe?.().catch(() => {});
    this.client.status({ connected: false });
  }

  /** A cycle soon: coalesces a burst of edits or pokes into one. */
  soon(delay = 50) {
    if (!this.started || this.blocked) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.cycle(); }, delay);
  }

  /** @returns {Promise<void>} */
  cycle() {
    if (this.blocked) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again && !this.blocked);
    })().finally(() => { this.running = null; });
    return this.running;
  }

  async once() {
    try {
      await this.pushAll();
      await this.pullAll();
      this.attempt = 0;
      await this.client.serial(async () => {
        const state = { ...this.client.state, lastSyncedAt: Date.now() };
        await this.client.storage.write([{ op: 'put', store: 'meta', key: 'state', value: state }]);
        this.client.state = state;
      });
      this.client.status({ online: true, error: null, retryAt: null, lastSyncedAt: new Date(this.client.state.lastSyncedAt) });
      if (this.started) this.subscribe();
    } catch (err) {
      await this.failed(err instanceof SyncError ? err : toSyncError(err));
    }
  }

  async pushAll() {
    const copy = this.client.copy;
    for (let round = 0; copy.outbox.length > 0 && round < maxRounds; round++) {
      const batch = copy.outbox.slice(0, this.batchSize);
      this.client.status({ pushing: true });
      /** @type {PushResponse} */
      let answer;
      try {
        answer = await pushBatch(this.pb, {
          clientId: this.client.state.clientId, acked: this.client.state.acked,
          mutations: /** @type {any} */ (batch.map(({ mid, collection, op, id, base, fields }) => ({ mid, collection, op, id, base, fields }))),
        });
      } finally {
        this.client.status({ pushing: false });
      }
      const before = copy.outbox.length;
      await this.settle(batch, answer);
      if (copy.outbox.length === before) return; // all to resend: the next cycle tries again
    }
  }

  /** Takes a push's answer: results leave the outbox (but resend), records come in. */
  async settle(/** @type {Queued[]} */ batch, /** @type {PushResponse} */ answer) {
    /** @type {Array<() => void>} */
    const events = [];
    const touched = new Set();
    await this.client.serial(async () => {
      const client = this.client;
      /** @type {WriteOp[]} */
      const ops = [];
      const answered = new Set();
      /** @type {Array<[string, string, any]>} */
      const records = [];
      let acked = client.state.acked;
      for (const r of answer.results) {
        const m = batch.find((q) => q.mid === r.mid);
        if (!m) continue;
        const { outcome, result } = outcomeOf(r);
        if (outcome === 'keep') continue;
        answered.add(m.mid);
        acked = Math.max(acked, m.mid);
        touched.add(m.collection);
        ops.push({ op: 'delete', store: 'outbox', key: outboxKey(m.mid) });
        if (r.record) records.push([m.collection, m.id, r.record]);
        else if (m.op === 'delete' && outcome === 'done') records.push([m.collection, m.id, undefined]);
        if (outcome === 'conflict') events.push(() => client.events.emit('conflict', conflictOf(m, result)));
        if (outcome === 'rejected') events.push(() => client.events.emit('rejected', rejectionOf(m, result)));
      }
      for (const [collection, id, record] of records) {
        ops.push(record ? { op: 'put', store: 'records', key: recordKey(collection, id), value: record }
          : { op: 'delete', store: 'records', key: recordKey(collection, id) });
      }
      const state = { ...client.state, acked };
      ops.push({ op: 'put', store: 'meta', key: 'state', value: state });
      await client.storage.write(ops);
      client.state = state;
      client.copy.outbox = client.copy.outbox.filter((q) => !answered.has(q.mid));
      for (const [collection, id, record] of records) {
        if (record) client.copy.of(collection).set(id, record);
        else client.copy.of(collection).delete(id);
      }
    });
    this.client.status({ pending: this.client.copy.outbox.length });
    this.client.copy.changed(touched);
    for (const emit of events) emit();
  }

  async pullAll() {
    this.client.status({ pulling: true });
    try {
      for (;;) {
        const page = await pullPage(this.pb, this.client.state.cursor, { limit: this.pageSize });
        await this.apply(page);
        if (!page.hasMore) break;
      }
    } finally {
      this.client.status({ pulling: false });
    }
  }

  /** Applies a pull page and its cursor in one storage write. @param {PullResponse} page */
  async apply(page) {
    const touched = new Set(page.reset ? this.client.copy.pulled.keys() : []);
    const client = this.client;
    await client.serial(async () => {
      /** @type {WriteOp[]} */
      const ops = page.reset ? [{ op: 'clear', store: 'records' }] : [];
      const changes = page.changes.filter((c) => known.has(c.collection)); // a newer server's: ignored
      for (const c of changes) {
        touched.add(c.collection);
        ops.push(c.op === 'upsert' ? { op: 'put', store: 'records', key: recordKey(c.collection, c.id), value: c.record }
          : { op: 'delete', store: 'records', key: recordKey(c.collection, c.id) });
      }
      const state = { ...client.state, cursor: page.cursor, synced: client.state.synced || !page.hasMore };
      ops.push({ op: 'put', store: 'meta', key: 'state', value: state });
      await client.storage.write(ops);
      if (page.reset) client.copy.clearRecords();
      for (const c of changes) {
        if (c.op === 'upsert') client.copy.of(c.collection).set(c.id, c.record);
        else client.copy.of(c.collection).delete(c.id);
      }
      const first = client.current.firstSync;
      client.state = state;
      client.status({ online: true, firstSync: state.synced && first.done ? first
        : { done: state.synced, pages: first.pages + 1, records: first.records + changes.length } });
    });
    client.copy.changed(touched);
    if (page.reset) client.events.emit('reset', {});
  }

  /** @param {import('./protocol.js').SyncError} err */
  async failed(err) {
    const error = { kind: err.kind, message: err.message };
    this.client.status({ error, online: err.kind !== 'offline' });
    switch (err.kind) {
      case 'auth': return this.authLost();
      case 'update':
        this.blocked = true;
        this.client.status({ updateRequired: true });
        this.client.events.emit('updateRequired', { message: err.message });
        return;
      case 'install': await this.client.newInstall(); break;
      case 'tooBig': this.batchSize = Math.max(1, Math.floor(this.batchSize / 2)); break;
      case 'cursor': await this.client.dropRecords(); break;
      case 'bug': this.client.events.emit('error', error); break;
    }
    const delay = backoffDelay(this.attempt++, err.retryAfter, this.random);
    this.client.status({ retryAt: new Date(Date.now() + delay) });
    this.soon(delay);
  }

  /**
   * The server no longer knows the sign-in. A token past its time: sign in again, the copy and
   * the queued edits wait. A token ended before its time (signed out, erased, password
   * changed): the copy is wiped, and the app is told how many edits went with it.
   */
  async authLost() {
    if (this.authGone) return; // a request under way met the same 401: told once
    this.authGone = true;
    const expired = !this.pb.authStore.isValid;
    const lostEdits = expired ? 0 : this.client.copy.outbox.length;
    this.stop();
    if (!expired) {
      this.pb.authStore.clear();
      await this.client.wipe('');
    }
    this.client.status({ signedIn: false });
    this.client.events.emit('authRequired', { reason: expired ? 'expired' : 'revoked', lostEdits });
  }

  /** Listens to the server's pokes: a change in the person's scope, or a reconnection. */
  async subscribe() {
    if (!this.realtime || this.unsubscribe || typeof globalThis.EventSource !== 'function') return;
    this.unsubscribe = async () => {}; // taken: one subscription at a time
    try {
      this.pb.realtime.onDisconnect = () => this.client.status({ connected: false });
      const offPoke = await this.pb.realtime.subscribe('sync', () => this.soon());
      const offConnect = await this.pb.realtime.subscribe('PB_CONNECT', () => {
        this.client.status({ connected: true });
        this.soon(); // pokes missed while away are not replayed
      });
      this.client.status({ connected: true });
      // Both listeners go at once: with none left the SDK closes the channel, even offline
      // (one by one, a failed request for the first would keep the channel open for good).
      this.unsubscribe = async () => { await Promise.allSettled([offPoke(), offConnect()]); };
      if (!this.started) await this.unsubscribe();
    } catch {
      this.unsubscribe = null; // offline: the next cycle that goes through tries again
    }
  }
}

/** @param {Queued} m @param {import('../types/duo.js').Result} r @returns {import('./client.js').ConflictEvent} */
function conflictOf(m, r) {
  const fields = Object.entries(r.fields ?? {}).map(([field, v]) => ({ field, mine: /** @type {any} */ (v).client, theirs: /** @type {any} */ (v).server }));
  return { collection: m.collection, id: m.id, mid: m.mid, code: r.code ?? '', message: r.message ?? '', fields, record: r.record };
}

/** @param {Queued} m @param {import('../types/duo.js').Result} r @returns {import('./client.js').RejectedEvent} */
function rejectionOf(m, r) {
  const fields = Object.entries(r.fields ?? {}).map(([field, v]) => ({ field, code: String(/** @type {any} */ (v).code ?? ''),
    message: String(/** @type {any} */ (v).message ?? '') }));
  return { collection: m.collection, id: m.id, mid: m.mid, op: m.op, code: r.code ?? '', message: r.message ?? '', fields, sent: m.fields };
}
