// The local copy as the app sees it: the records as pulled, with the queued edits laid over
// them, and the watches that redraw a screen when either changes.

/** @typedef {import('../types/duo.js').CollectionName} CollectionName */
/** @typedef {import('../types/duo.js').Records} Records */
/** @typedef {{mid: number, collection: string, op: 'create'|'update'|'delete', id: string, base: string,
 *   fields?: Record<string, any>}} Queued */

/**
 * @template T
 * @typedef {{collection: string, id?: string, filter?: (r: T) => boolean,
 *   sort?: (a: T, b: T) => number, callback: (value: any) => void}} Watch
 */

export class LocalCopy {
  constructor() {
    /** @type {Map<string, Map<string, Record<string, any>>>} the records as pulled */
    this.pulled = new Map();
    /** @type {Queued[]} */
    this.queued = [];
    /** @type {Map<string, Queued[]> | null} the queued edits by record, made when first asked */
    this.byRecord = null;
    /** @type {Set<Watch<any>>} */
    this.watches = new Set();
  }

  /** The queued edits, in mid order. Replaced whole, never changed in place. */
  get outbox() { return this.queued; }

  set outbox(edits) {
    this.queued = edits;
    this.byRecord = null;
  }

  /** @param {string} collection */
  of(collection) {
    let records = this.pulled.get(collection);
    if (!records) this.pulled.set(collection, (records = new Map()));
    return records;
  }

  /** @param {string} collection @param {string} id */
  queuedFor(collection, id) {
    if (!this.byRecord) {
      // A list of thousands of records looks each one up: index the edits once, not per record.
      this.byRecord = new Map();
      for (const m of this.queued) {
        const key = `${m.collection}/${m.id}`;
        this.byRecord.set(key, [...(this.byRecord.get(key) ?? []), m]);
      }
    }
    return this.byRecord.get(`${collection}/${id}`) ?? [];
  }

  /**
   * A record as the person should see it: as pulled, with their queued edits over it;
   * undefined when it does not exist (or they deleted it).
   * @param {string} collection @param {string} id
   */
  view(collection, id) {
    /** @type {Record<string, any> | undefined} */
    let record = this.of(collection).get(id);
    for (const m of this.queuedFor(collection, id)) {
      if (m.op === 'delete') record = undefined;
      else if (m.op === 'create') record = { ...record, ...m.fields, id, collectionName: collection };
      else if (record) record = { ...record, ...m.fields };
    }
    return record;
  }

  /** @param {string} collection */
  list(collection) {
    const ids = new Set(this.of(collection).keys());
    for (const m of this.outbox) if (m.collection === collection && m.op === 'create') ids.add(m.id);
    /** @type {Record<string, any>[]} */
    const out = [];
    for (const id of ids) {
      const record = this.view(collection, id);
      if (record) out.push(record);
    }
    return out;
  }

  /** @param {string} collection @param {string} id */
  isPending(collection, id) {
    return this.queuedFor(collection, id).length > 0;
  }

  /**
   * Calls callback now and after every change of the collection (or of the one record).
   * @template T
   * @param {Watch<T>} watch
   */
  watch(watch) {
    this.watches.add(watch);
    watch.callback(this.#answer(watch));
    return () => { this.watches.delete(watch); };
  }

  /** @param {Iterable<string>} collections what changed */
  changed(collections) {
    const touched = new Set(collections);
    for (const w of [...this.watches]) {
      if (touched.has(w.collection) && this.watches.has(w)) w.callback(this.#answer(w));
    }
  }

  /** @param {Watch<any>} w */
  #answer(w) {
    if (w.id !== undefined) return this.view(w.collection, w.id);
    let rows = this.list(w.collection);
    if (w.filter) rows = rows.filter(w.filter);
    if (w.sort) rows.sort(w.sort);
    return rows;
  }

  clearRecords() {
    this.pulled.clear();
  }
}
