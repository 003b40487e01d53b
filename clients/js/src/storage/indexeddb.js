// A storage in IndexedDB: the browser's (the app in pb_public), or fake-indexeddb in Node.
// One database, three object stores; a batch of writes is one readwrite transaction.
import { STORES } from './storage.js';

/** @typedef {import('./storage.js').KitStorage} KitStorage */

/** @implements {KitStorage} */
export class IndexedDBStorage {
  /**
   * @param {string} [name] the database's name: one per app (the kit wipes another person's copy)
   * @param {{indexedDB?: IDBFactory}} [options] another factory (fake-indexeddb in Node)
   */
  constructor(name = 'duo-sync', options = {}) {
    this.name = name;
    this.factory = options.indexedDB ?? globalThis.indexedDB;
    /** @type {IDBDatabase|null} */
    this.db = null;
  }

  async open() {
    if (this.db) return;
    this.db = await new Promise((resolve, reject) => {
      const req = this.factory.open(this.name, 1);
      req.onupgradeneeded = () => {
        for (const store of STORES) if (!req.result.objectStoreNames.contains(store)) req.result.createObjectStore(store);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error(`IndexedDB ${this.name} is held open elsewhere`));
    });
    // Another tab upgrading or deleting the database: let it, and reopen on next use.
    /** @type {IDBDatabase} */ (this.db).onversionchange = () => { this.db?.close(); this.db = null; };
  }

  async close() {
    this.db?.close();
    this.db = null;
  }

  /** @param {import('./storage.js').StoreName} store @returns {Promise<Array<[string, any]>>} */
  async entries(store) {
    const tx = (await this.#db()).transaction(store, 'readonly');
    const [keys, values] = await Promise.all([request(tx.objectStore(store).getAllKeys()), request(tx.objectStore(store).getAll())]);
    return keys.map((k, i) => [String(k), values[i]]);
  }

  /** @param {import('./storage.js').WriteOp[]} ops */
  async write(ops) {
    const tx = (await this.#db()).transaction([...STORES], 'readwrite');
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    try {
      for (const op of ops) {
        const store = tx.objectStore(op.store);
        if (op.op === 'put') store.put(op.value, op.key);
        else if (op.op === 'delete') store.delete(op.key);
        else store.clear();
      }
    } catch (err) {
      tx.abort(); // all or nothing
      await done.catch(() => {});
      throw err;
    }
    await done;
  }

  async #db() {
    if (!this.db) await this.open();
    return /** @type {IDBDatabase} */ (this.db);
  }
}

/** @template T @param {IDBRequest<T>} req @returns {Promise<T>} */
function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
