// A storage in memory: for tests, and for a Node script that syncs once.
import { STORES } from './storage.js';

/** @typedef {import('./storage.js').KitStorage} KitStorage */

/** @implements {KitStorage} */
export class MemoryStorage {
  constructor() {
    /** @type {Map<string, Map<string, any>>} */
    this.stores = new Map(STORES.map((s) => [s, new Map()]));
  }

  async open() {}

  async close() {}

  /** @param {import('./storage.js').StoreName} store */
  async entries(store) {
    return [...this.#store(store)].map(([k, v]) => /** @type {[string, any]} */ ([k, structuredClone(v)]));
  }

  /** @param {import('./storage.js').WriteOp[]} ops */
  async write(ops) {
    for (const op of ops) this.#store(op.store); // refuse a wrong store before changing anything
    for (const op of ops) {
      const store = this.#store(op.store);
      if (op.op === 'put') store.set(op.key, structuredClone(op.value));
      else if (op.op === 'delete') store.delete(op.key);
      else store.clear();
    }
  }

  /** @param {string} name */
  #store(name) {
    const store = this.stores.get(name);
    if (!store) throw new TypeError(`no store ${name}`);
    return store;
  }
}
