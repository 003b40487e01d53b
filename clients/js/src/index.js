// duo's sync client kit: an offline copy of what a person may read, their queued edits, and
// the sync that keeps both right. README.md shows a first sync in ten lines.
export { SyncClient } from './client.js';
export { MemoryStorage } from './storage/memory.js';
export { IndexedDBStorage } from './storage/indexeddb.js';
export { SQLStorage } from './storage/sql.js';
export { SyncError, pullPage, pushBatch, outcomeOf, backoffDelay, schemaVersion } from './protocol.js';
export { newRecordId, newClientId } from './ids.js';
export { collections } from './schema.js';
