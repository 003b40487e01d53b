// A storage in SQLite, through any driver that runs `execute(sql, params)` and gives rows
// back as objects: sql.js, expo-sqlite, op-sqlite (README.md shows each adapter). Three tables
// of keys and JSON values; a batch of writes is one transaction.
import { STORES } from './storage.js';

/** @typedef {import('./storage.js').KitStorage} KitStorage */
/**
 * @typedef {object} SQLExecutor
 * @property {(sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>> | Array<Record<string, unknown>>} execute
 */

/** @implements {KitStorage} */
export class SQLStorage {
  /** @param {SQLExecutor} db @param {{prefix?: string}} [options] tables' prefix (default duo_) */
  constructor(db, options = {}) {
    this.db = db;
    this.prefix = options.prefix ?? 'duo_';
    if (!/^[a-z_][a-z0-9_]*$/i.test(this.prefix)) throw new TypeError(`not a table prefix: ${this.prefix}`);
  }

  async open() {
    for (const store of STORES) {
      // records also say their collection and id, for an app that reads the copy in SQL
      // (SELECT value FROM duo_records WHERE collection = 'meetings').
      const extra = store === 'records' ? ', collection TEXT, id TEXT' : '';
      await this.db.execute(`CREATE TABLE IF NOT EXISTS ${this.#table(store)} (key TEXT PRIMARY KEY, value TEXT NOT NULL${extra})`);
    }
    await this.db.execute(`CREATE INDEX IF NOT EXISTS ${this.prefix}records_collection ON ${this.#table('records')} (collection)`);
  }

  async close() {}

  /** @param {import('./storage.js').StoreName} store @returns {Promise<Array<[string, any]>>} */
  async entries(store) {
    const rows = await this.db.execute(`SELECT key, value FROM ${this.#table(store)} ORDER BY key`);
    return rows.map((r) => [String(r.key), JSON.parse(String(r.value))]);
  }

  /** @param {import('./storage.js').WriteOp[]} ops */
  async write(ops) {
    await this.db.execute('BEGIN');
    try {
      for (const op of ops) {
        const table = this.#table(op.store);
        if (op.op === 'clear') {
          await this.db.execute(`DELETE FROM ${table}`);
        } else if (op.op === 'delete') {
          await this.db.execute(`DELETE FROM ${table} WHERE key = ?`, [op.key]);
        } else if (op.store === 'records') {
          const slash = op.key.indexOf('/');
          await this.db.execute(`INSERT OR REPLACE INTO ${table} (key, value, collection, id) VALUES (?, ?, ?, ?)`,
            [op.key, JSON.stringify(op.value), op.key.slice(0, slash), op.key.slice(slash + 1)]);
        } else {
          await this.db.execute(`INSERT OR REPLACE INTO ${table} (key, value) VALUES (?, ?)`, [op.key, JSON.stringify(op.value)]);
        }
      }
      await this.db.execute('COMMIT');
    } catch (err) {
      await this.db.execute('ROLLBACK');
      throw err;
    }
  }

  /** @param {string} store */
  #table(store) {
    if (!STORES.includes(/** @type {any} */ (store))) throw new TypeError(`no store ${store}`);
    return `${this.prefix}${store}`;
  }
}
