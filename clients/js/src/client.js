// SyncClient: the local copy of everything a person may read, their queued edits, and the
// sync with the server that keeps both right (mobile-api.md, "Building the app").
import { Emitter } from './events.js';
import { LocalCopy } from './copy.js';
import { newClientId, newRecordId, isRecordId } from './ids.js';
import { collections } from './schema.js';
import { outboxKey } from './storage/storage.js';
import { Syncer } from './syncer.js';

/** @typedef {import('pocketbase').default} PocketBase */
/** @typedef {import('./storage/storage.js').KitStorage} KitStorage */
/** @typedef {import('./storage/storage.js').WriteOp} WriteOp */
/** @typedef {import('./copy.js').Queued} Queued */
/** @typedef {import('../types/duo.js').Records} Records */
/** @typedef {import('../types/duo.js').WritableCollection} WritableCollection */
/** @typedef {import('../types/duo.js').CollectionName} CollectionName */

/**
 * @typedef {object} SyncState what the kit keeps beside the records and the outbox
 * @property {string} userId the person the copy is of
 * @property {string} clientId this install, for this person
 * @property {string} cursor where the copy stands
 * @property {number} nextMid
 * @property {number} acked the last mid answered
 * @property {boolean} synced a first sync went to its end
 * @property {number} lastSyncedAt ms, 0 never
 */

/**
 * @typedef {object} SyncStatus
 * @property {boolean} signedIn
 * @property {boolean} online the last request reached the server
 * @property {boolean} connected the realtime channel is open (pokes arrive)
 * @property {boolean} pushing
 * @property {boolean} pulling
 * @property {number} pending edits waiting to be sent
 * @property {Date|null} lastSyncedAt the end of the last sync that went through
 * @property {{done: boolean, pages: number, records: number}} firstSync progress of the first copy
 * @property {boolean} updateRequired the server no longer answers this app: it must be updated
 * @property {{kind: string, message: string}|null} error the last failure, until a sync goes through
 * @property {Date|null} retryAt when the kit tries again after a failure (null: not waiting)
 */

/**
 * @typedef {object} ConflictEvent someone else changed fields of the record meanwhile: theirs stay
 * @property {string} collection
 * @property {string} id
 * @property {number} mid
 * @property {string} code
 * @property {string} message in the person's language
 * @property {Array<{field: string, mine: unknown, theirs: unknown}>} fields
 * @property {Record<string, any>|undefined} record as the server now holds it
 */

/**
 * @typedef {object} RejectedEvent the server refused an edit for good: it is no longer queued
 * @property {string} collection
 * @property {string} id
 * @property {number} mid
 * @property {'create'|'update'|'delete'} op
 * @property {string} code
 * @property {string} message in the person's language
 * @property {Array<{field: string, code: string, message: string}>} fields
 * @property {Record<string, any>|undefined} sent the fields of the edit
 */

/**
 * @typedef {object} KitEvents
 * @property {SyncStatus} status
 * @property {ConflictEvent} conflict
 * @property {RejectedEvent} rejected
 * @property {{reason: 'expired'|'revoked', lostEdits: number}} authRequired
 * @property {{message: string}} updateRequired
 * @property {{}} reset
 * @property {{kind: string, message: string}} error
 */

/**
 * @typedef {object} SyncClientOptions
 * @property {PocketBase} pb the app's PocketBase client (its auth store holds the sign-in)
 * @property {KitStorage} storage
 * @property {boolean} [realtime] listen to the server's pokes (default true; Node and React
 *   Native need an EventSource polyfill on globalThis)
 * @property {number} [pageSize] changes per pull page (1 to 1000, default 500)
 * @property {{addEventListener: Function, removeEventListener: Function}} [network] what
 *   announces the network is back ('online'); window in a browser
 * @property {() => number} [random] for the backoff's jitter
 */

export class SyncClient {
  /** @param {SyncClientOptions} options */
  constructor(options) {
    this.pb = options.pb;
    this.storage = options.storage;
    this.copy = new LocalCopy();
    /** @type {Emitter<KitEvents>} */
    this.events = new Emitter();
    /** @type {SyncState} */
    this.state = emptyState('');
    /** @type {SyncStatus} */
    this.current = {
      signedIn: false, online: false, connected: false, pushing: false, pulling: false, pending: 0,
      lastSyncedAt: null, firstSync: { done: false, pages: 0, records: 0 }, updateRequired: false, error: null,
      retryAt: null,
    };
    /** @type {Promise<void>} storage writes, one after the other */
    this.writes = Promise.resolve();
    this.syncer = new Syncer(this, options);
  }

  /** Opens the storage and loads the copy; a copy of another person is wiped. */
  async open() {
    await this.storage.open();
    const [records, outbox, meta] = await Promise.all(['records', 'outbox', 'meta'].map(
      (s) => this.storage.entries(/** @type {any} */ (s))));
    this.state = { ...emptyState(''), ...Object.fromEntries(meta).state };
    this.copy.clearRecords();
    for (const [key, record] of records) this.copy.of(key.slice(0, key.indexOf('/'))).set(record.id, record);
    this.copy.outbox = outbox.map(([, m]) => m).sort((a, b) => a.mid - b.mid);
    const userId = this.pb.authStore.record?.id ?? '';
    if (userId && userId !== this.state.userId) await this.wipe(userId);
    this.status({ signedIn: this.pb.authStore.isValid, pending: this.copy.outbox.length,
      lastSyncedAt: this.state.lastSyncedAt ? new Date(this.state.lastSyncedAt) : null,
      firstSync: { done: this.state.synced, pages: 0, records: [...this.copy.pulled.values()].reduce((n, m) => n + m.size, 0) } });
  }

  /** Signs in with the SDK, then opens the copy of that person. */
  async signIn(/** @type {string} */ email, /** @type {string} */ password) {
    await this.pb.collection('users').authWithPassword(email, password, { requestKey: null });
    await this.open();
    this.start();
  }

  /** Starts syncing: now, on every poke of the server, when the network is back. */
  start() { this.syncer.start(); }

  /** Stops syncing (the copy and the outbox stay). */
  stop() { this.syncer.stop(); }

  /**
   * Signs out: sends what is queued, ends the session on every device, wipes the copy. With
   * edits still queued (offline), it refuses unless discardPending, and says how many.
   * @param {{discardPending?: boolean}} [options]
   */
  async signOut(options = {}) {
    await this.syncNow().catch(() => {});
    if (this.copy.outbox.length && !options.discardPending) {
      throw Object.assign(new Error(`${this.copy.outbox.length} edits are not sent yet`), { pending: this.copy.outbox.length });
    }
    this.stop();
    await this.pb.send('/api/auth/sign-out', { method: 'POST', requestKey: null }).catch(() => {});
    this.pb.authStore.clear();
    await this.wipe('');
  }

  /** Syncs now: pushes what is queued, then pulls. Resolves when done (or failed: see status). */
  syncNow() { return this.syncer.cycle(); }

  /** @returns {SyncStatus} */
  get syncStatus() { return { ...this.current, firstSync: { ...this.current.firstSync } }; }

  /**
   * @template {keyof KitEvents} K
   * @param {K} event @param {(payload: KitEvents[K]) => void} listener
   */
  on(event, listener) { return this.events.on(event, listener); }

  /**
   * @template {CollectionName} C
   * @param {C} collection @param {string} id
   * @returns {Records[C] | undefined}
   */
  get(collection, id) { return /** @type {any} */ (this.copy.view(collection, id)); }

  /**
   * @template {CollectionName} C
   * @param {C} collection
   * @param {{filter?: (r: Records[C]) => boolean, sort?: (a: Records[C], b: Records[C]) => number}} [query]
   * @returns {Records[C][]}
   */
  list(collection, query = {}) {
    let rows = /** @type {Records[C][]} */ (this.copy.list(collection));
    if (query.filter) rows = rows.filter(query.filter);
    return query.sort ? rows.sort(query.sort) : rows;
  }

  /**
   * Calls callback with the collection's records now and after every change (pulled or edited).
   * @template {CollectionName} C
   * @param {C} collection
   * @param {(rows: Records[C][]) => void} callback
   * @param {{filter?: (r: Records[C]) => boolean, sort?: (a: Records[C], b: Records[C]) => number}} [query]
   * @returns {() => void} stops watching
   */
  watch(collection, callback, query = {}) {
    return this.copy.watch({ collection, callback, filter: query.filter, sort: query.sort });
  }

  /**
   * @template {CollectionName} C
   * @param {C} collection @param {string} id
   * @param {(record: Records[C] | undefined) => void} callback
   */
  watchRecord(collection, id, callback) { return this.copy.watch({ collection, id, callback }); }

  /** Whether edits of the record wait to be sent. */
  isPending(/** @type {string} */ collection, /** @type {string} */ id) { return this.copy.isPending(collection, id); }

  /**
   * Creates a record offline or online; returns its id (made here, so a retry never doubles it).
   * @template {WritableCollection} C
   * @param {C} collection @param {import('../types/duo.js').Fields<C>} fields
   */
  async create(collection, fields) {
    const id = newRecordId();
    await this.#queue(collection, 'create', id, fields);
    return id;
  }

  /**
   * Changes fields of a record: only those given are sent.
   * @template {WritableCollection} C
   * @param {C} collection @param {string} id @param {import('../types/duo.js').Fields<C>} fields
   */
  async update(collection, id, fields) {
    if (!this.copy.view(collection, id)) throw new RangeError(`no ${collection} record ${id} in the copy`);
    await this.#queue(collection, 'update', id, fields);
  }

  /** @param {WritableCollection} collection @param {string} id */
  async remove(collection, id) {
    if (!this.copy.view(collection, id)) throw new RangeError(`no ${collection} record ${id} in the copy`);
    await this.#queue(collection, 'delete', id, undefined);
  }

  /**
   * @param {string} collection @param {'create'|'update'|'delete'} op @param {string} id
   * @param {Record<string, any>|undefined} fields
   */
  async #queue(collection, op, id, fields) {
    if (!collections.some((c) => c.name === collection && c.writable)) throw new TypeError(`the app does not write ${collection}`);
    if (!isRecordId(id)) throw new TypeError(`not a record id: ${id}`);
    await this.serial(async () => {
      // base: where the copy stood when the person first edited this record, kept while its
      // edits wait: the server then knows what they had seen, and tells them what changed since.
      const base = this.copy.queuedFor(collection, id)[0]?.base ?? this.state.cursor;
      /** @type {Queued} */
      const m = { mid: this.state.nextMid, collection, op, id, base };
      if (fields) m.fields = structuredClone(fields);
      const state = { ...this.state, nextMid: m.mid + 1 };
      await this.storage.write([{ op: 'put', store: 'outbox', key: outboxKey(m.mid), value: m },
        { op: 'put', store: 'meta', key: 'state', value: state }]);
      this.state = state; // a mid is taken only once written: never skipped, never reused
      this.copy.outbox = [...this.copy.outbox, m];
    });
    this.status({ pending: this.copy.outbox.length });
    this.copy.changed([collection]);
    this.syncer.soon();
  }

  /**
   * Runs task after the tasks before it: every change of the state, the copy and the outbox
   * is written to storage first, then made in memory, one at a time.
   * @param {() => Promise<void>} task
   */
  serial(task) {
    const done = this.writes.then(task);
    this.writes = done.catch(() => {});
    return done;
  }

  /**
   * The server bound this install's id to another person (a phone handed on without signing
   * out): a new id, the copy pulled again, the person's queued edits kept, numbered anew.
   */
  async newInstall() {
    const had = new Set(this.copy.pulled.keys());
    await this.serial(async () => {
      const outbox = this.copy.outbox.map((m, i) => ({ ...m, mid: i + 1 }));
      const state = { ...emptyState(this.state.userId), nextMid: outbox.length + 1 };
      await this.storage.write([{ op: 'clear', store: 'records' }, { op: 'clear', store: 'outbox' },
        ...outbox.map((m) => /** @type {WriteOp} */ ({ op: 'put', store: 'outbox', key: outboxKey(m.mid), value: m })),
        { op: 'put', store: 'meta', key: 'state', value: state }]);
      this.state = state;
      this.copy.clearRecords();
      this.copy.outbox = outbox;
    });
    this.copy.changed(had);
  }

  /** Drops the synced records and the cursor (the outbox stays): the next pull is a full copy. */
  async dropRecords() {
    const had = new Set(this.copy.pulled.keys());
    await this.serial(async () => {
      const state = { ...this.state, cursor: '', synced: false };
      await this.storage.write([{ op: 'clear', store: 'records' }, { op: 'put', store: 'meta', key: 'state', value: state }]);
      this.state = state;
      this.copy.clearRecords();
    });
    this.copy.changed(had);
  }

  /**
   * Wipes the copy, the outbox and the state: another person (userId) or none.
   * @param {string} userId
   */
  async wipe(userId) {
    const had = new Set(this.copy.pulled.keys());
    await this.serial(async () => {
      const state = emptyState(userId);
      await this.storage.write([{ op: 'clear', store: 'records' }, { op: 'clear', store: 'outbox' },
        { op: 'put', store: 'meta', key: 'state', value: state }]);
      this.state = state;
      this.copy.clearRecords();
      this.copy.outbox = [];
    });
    this.status({ pending: 0, lastSyncedAt: null, firstSync: { done: false, pages: 0, records: 0 } });
    this.copy.changed(had);
  }

  /** @param {Partial<SyncStatus>} change */
  status(change) {
    this.current = { ...this.current, ...change };
    this.events.emit('status', this.syncStatus);
  }
}

/** @param {string} userId @returns {SyncState} */
function emptyState(userId) {
  return { userId, clientId: newClientId(), cursor: '', nextMid: 1, acked: 0, synced: false, lastSyncedAt: 0 };
}
