// The sync protocol once, without a store: pull a page, push a batch, read their outcomes.
// An app with its own database (WatermelonDB, Realm, ...) can use this module alone; the kit's
// SyncClient is built on it. mobile-api.md is the contract.
import { schemaVersion, maxMutations } from './schema.js';

/** @typedef {import('pocketbase').default} PocketBase */
/** @typedef {import('../types/duo.js').PullResponse} PullResponse */
/** @typedef {import('../types/duo.js').PushRequest} PushRequest */
/** @typedef {import('../types/duo.js').PushResponse} PushResponse */
/** @typedef {import('../types/duo.js').Result} Result */
/** @typedef {import('../types/duo.js').Mutation} Mutation */

export const PULL_ROUTE = '/api/sync/pull';
export const PUSH_ROUTE = '/api/sync/push';
export { schemaVersion, maxMutations };
/** Ids the server accepts for a create: give them to your database's id generator. */
export { newRecordId } from './ids.js';

/**
 * Why a sync request failed, and what to do:
 * - `offline`: no answer (network down, timeout): retry the same request later.
 * - `server`: 5xx, the server's trouble; nothing of a push was applied: retry later.
 * - `busy`: 429, too many requests: retry after `retryAfter` ms.
 * - `auth`: 401, the token is gone (expired, signed out, erased): sign in again.
 * - `update`: 426, the app is older than the server answers: ask for an update.
 * - `install`: 403 naming `clientId`, the install belongs to another person: start afresh.
 * - `tooBig`: 413: fewer mutations per push.
 * - `cursor`: 400 naming `cursor`: a cursor this server never gave: pull from the start.
 * - `bug`: any other 4xx: the request itself is wrong (a bug of the app); `why` says what.
 * @typedef {'offline'|'server'|'busy'|'auth'|'update'|'install'|'tooBig'|'cursor'|'bug'} FailureKind
 */

export class SyncError extends Error {
  /**
   * @param {FailureKind} kind
   * @param {string} message
   * @param {{status?: number, retryAfter?: number, data?: Record<string, any>, cause?: unknown}} [details]
   */
  constructor(kind, message, details = {}) {
    super(message, { cause: details.cause });
    this.name = 'SyncError';
    this.kind = kind;
    this.status = details.status ?? 0;
    /** Milliseconds the server asked to wait (Retry-After), or 0. */
    this.retryAfter = details.retryAfter ?? 0;
    this.data = details.data ?? {};
  }

  /** Whether the same request may be sent again later (after a backoff). */
  get retryable() {
    return this.kind === 'offline' || this.kind === 'server' || this.kind === 'busy';
  }
}

/**
 * Sends a sync request through the PocketBase SDK, never auto-cancelled (requestKey null),
 * with the contract's version, and turns failures into SyncErrors.
 * @param {PocketBase} pb
 * @param {string} path
 * @param {import('pocketbase').SendOptions} options
 */
async function send(pb, path, options) {
  let retryAfterHeader = '';
  try {
    return await pb.send(path, {
      ...options,
      requestKey: null,
      headers: { ...options.headers, 'X-Duo-Schema': String(schemaVersion) },
      fetch: async (url, init) => {
        const res = await (options.fetch ?? globalThis.fetch)(url, init);
        retryAfterHeader = res.headers.get('Retry-After') ?? '';
        return res;
      },
    });
  } catch (err) {
    throw toSyncError(err, retryAfterHeader);
  }
}

/**
 * @param {any} err a ClientResponseError of the SDK (or anything thrown on the way)
 * @param {string} retryAfterHeader
 */
export function toSyncError(err, retryAfterHeader = '') {
  const status = err?.status ?? 0;
  const data = err?.response?.data ?? {};
  const message = err?.response?.message || err?.message || 'sync failed';
  const retryAfter = retryAfterMs(retryAfterHeader);
  /** @type {FailureKind} */
  let kind = 'bug';
  if (status === 0) kind = 'offline';
  else if (status === 429) kind = 'busy';
  else if (status >= 500) kind = 'server';
  else if (status === 401) kind = 'auth';
  else if (status === 426) kind = 'update';
  else if (status === 403 && data.clientId) kind = 'install';
  else if (status === 413) kind = 'tooBig';
  else if (status === 400 && data.cursor) kind = 'cursor';
  return new SyncError(kind, message, { status, retryAfter, data, cause: err });
}

/** @param {string} header seconds, or an HTTP date */
function retryAfterMs(header) {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}

/**
 * Pulls one page of changes after cursor ('' for the first, full copy). Apply its changes and
 * store its cursor in one local transaction; then, while hasMore, pull again.
 * @param {PocketBase} pb
 * @param {string} cursor
 * @param {{limit?: number, fetch?: typeof fetch}} [options]
 * @returns {Promise<PullResponse>}
 */
export function pullPage(pb, cursor, options = {}) {
  /** @type {Record<string, string|number>} */
  const query = { limit: options.limit ?? 500 };
  if (cursor) query.cursor = cursor;
  return send(pb, PULL_ROUTE, { method: 'GET', query, fetch: options.fetch });
}

/**
 * Pushes a batch of queued mutations (at most maxMutations, in mid order). One push in flight
 * per install: send the next only when this one answered or failed.
 * @param {PocketBase} pb
 * @param {PushRequest} request
 * @param {{fetch?: typeof fetch}} [options]
 * @returns {Promise<PushResponse>}
 */
export function pushBatch(pb, request, options = {}) {
  return send(pb, PUSH_ROUTE, { method: 'POST', body: request, fetch: options.fetch });
}

/**
 * What a result means for its queued mutation:
 * - `keep`: not looked at (resend): it stays queued and goes again, after the missing ones;
 * - `done`: applied (or a duplicate of an applied one): it leaves the queue;
 * - `conflict`: applied except the fields someone else changed meanwhile: tell the author;
 * - `rejected`: refused for good: it leaves the queue; tell the author.
 * A duplicate is read as its first outcome.
 * @typedef {'keep'|'done'|'conflict'|'rejected'} Outcome
 * @param {Result} result
 * @returns {{outcome: Outcome, result: Result}}
 */
export function outcomeOf(result) {
  const first = result.status === 'duplicate' ? { ...(result.first ?? { mid: result.mid, status: 'applied' }), record: result.record } : result;
  switch (first.status) {
    case 'resend': return { outcome: 'keep', result: first };
    case 'conflict': return { outcome: 'conflict', result: first };
    case 'rejected': return { outcome: 'rejected', result: first };
    default: return { outcome: 'done', result: first };
  }
}

/**
 * Backoff after a failure: 1 s, 2 s, 4 s, ... up to 5 minutes, times a random 0.5 to 1.5, or
 * what the server asked (Retry-After) when longer.
 * @param {number} attempt 0 for the first retry
 * @param {number} [retryAfter] ms
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, retryAfter = 0, random = Math.random) {
  const base = Math.min(300_000, 1000 * 2 ** Math.min(attempt, 20));
  return Math.max(retryAfter, base * (0.5 + random()));
}
