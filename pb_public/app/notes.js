// What the app remembers on the phone for one person, beside the kit's copy: the conflicts
// they dealt with, the edits the server refused (to show them until read), and when they last
// looked at what is new.

/**
 * @typedef {object} Refused an edit the server refused for good
 * @property {string} collection
 * @property {string} id
 * @property {string} op
 * @property {string} message in the person's language
 * @property {Array<{field: string, code: string, message: string}>} fields
 * @property {Record<string, any>|undefined} sent what the person had typed
 * @property {number} at when it was refused (ms)
 */

export class Notes {
  /** @param {string} me the person */
  constructor(me) {
    this.key = `duo.app.notes.${me}`;
    /** @type {{settled: string[], refused: Refused[], seenAt: string}} */
    this.data = { settled: [], refused: [], seenAt: '' };
    try {
      if (me) this.data = { ...this.data, ...JSON.parse(localStorage.getItem(this.key) ?? '{}') };
    } catch { /* a damaged note: start again */ }
  }

  save() { if (this.key.endsWith('.')) return; localStorage.setItem(this.key, JSON.stringify(this.data)); }

  /** Conflicts the person settled here (kept their partner's value, or sent theirs again). */
  get settled() { return new Set(this.data.settled); }

  /** @param {string} conflictId */
  settle(conflictId) {
    this.data.settled = [...this.data.settled.filter((id) => id !== conflictId), conflictId].slice(-200);
    this.save();
  }

  /** @param {import('./kit/client.js').RejectedEvent} r */
  reject(r) {
    this.data.refused = [...this.data.refused, { collection: r.collection, id: r.id, op: r.op, message: r.message,
      fields: r.fields, sent: r.sent, at: Date.now() }].slice(-20);
    this.save();
  }

  get refused() { return this.data.refused; }

  /** @param {number} at the refusal read */
  dismiss(at) {
    this.data.refused = this.data.refused.filter((r) => r.at !== at);
    this.save();
  }

  /**
   * startSession notes that the person opened the app now: what changed since the session
   * before is "what is new" until the next one.
   * @param {string} stamp now, as the server writes date-times ("2026-12-06 09:10:11.123Z")
   */
  startSession(stamp) {
    this.since = this.data.seenAt;
    this.data.seenAt = stamp;
    this.save();
  }

  /** When the person opened the app the time before (empty the first time). */
  get seenAt() { return this.since ?? ''; }

  /** Forgets everything of this person on the phone (signed out). */
  forget() { localStorage.removeItem(this.key); }
}
