// What the kit asks of a storage: three stores of keys and values, read whole when the kit
// opens, written in batches that apply all or nothing. Three implementations ship: memory
// (tests), IndexedDB (browsers) and SQL (any SQLite that runs `execute(sql, params)`).

/**
 * The stores: `records` (key "collection/id": a record as pulled), `outbox` (key: the mid,
 * zero-padded: a queued mutation) and `meta` (key "state": the sync state).
 * @typedef {'records'|'outbox'|'meta'} StoreName
 */

/**
 * @typedef {{op: 'put', store: StoreName, key: string, value: any}
 *   | {op: 'delete', store: StoreName, key: string}
 *   | {op: 'clear', store: StoreName}} WriteOp
 */

/**
 * @typedef {object} KitStorage
 * @property {() => Promise<void>} open
 * @property {(store: StoreName) => Promise<Array<[string, any]>>} entries every key and value of a store
 * @property {(ops: WriteOp[]) => Promise<void>} write applies every op, or none (one transaction)
 * @property {() => Promise<void>} close
 */

export const STORES = /** @type {const} */ (['records', 'outbox', 'meta']);

/** @param {number} mid */
export function outboxKey(mid) {
  return String(mid).padStart(15, '0');
}

/** @param {string} collection @param {string} id */
export function recordKey(collection, id) {
  return `${collection}/${id}`;
}
