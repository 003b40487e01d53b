// What a mentor's or mentee's screens show, read from the kit's copy (the server's records
// with the person's queued edits laid over them): their duo, its partner, what to do now.
import { addDays, isoWeekday, today } from './i18n.js';

/** @typedef {import('./kit/client.js').SyncClient} SyncClient */
/** @typedef {Record<string, any>} Row */

// Which duo the app is about when a person has several: the one under way first.
const STAGE_ORDER = ['active', 'validated', 'proposed', 'completed', 'stopped', 'declined'];

/** What the home screen may ask of a person (each is a text task.<kind>). */
export const TASKS = ['conflict', 'sign', 'evaluate', 'followup', 'confirm', 'log'];

/** The days after its end a duo's meetings may still be logged (lifecycle's log window). */
export const LOG_DAYS_AFTER_END = 30;

export class Model {
  /** @param {SyncClient} kit @param {string} me the signed-in person's id */
  constructor(kit, me) {
    this.kit = kit;
    this.me = me;
  }

  /** @returns {Row|undefined} */
  get person() { return this.kit.get('users', this.me); }

  get role() { return this.person?.role ?? ''; }

  /** @returns {Row[]} the person's duos, the one under way first */
  get duos() {
    const rank = (/** @type {Row} */ d) => STAGE_ORDER.indexOf(d.status);
    return this.kit.list('duos', { filter: (d) => d.mentor === this.me || d.mentee === this.me })
      .sort((a, b) => rank(a) - rank(b) || String(b.updated).localeCompare(String(a.updated)));
  }

  /** @returns {Row|undefined} */
  get duo() { return this.duos[0]; }

  /** @param {Row} duo @returns {Row|undefined} */
  partner(duo) { return this.kit.get('users', duo.mentor === this.me ? duo.mentee : duo.mentor); }

  /** @param {Row} duo */
  isMentor(duo) { return duo.mentor === this.me; }

  /** @param {Row} duo @returns {Row|undefined} */
  branch(duo) { return this.kit.get('branches', duo.branch); }

  /** @param {Row} duo @returns {Row|undefined} */
  agreement(duo) { return this.kit.list('agreements', { filter: (a) => a.duo === duo.id })[0]; }

  /** @param {Row} duo @returns {Row[]} newest first */
  meetings(duo) {
    return this.kit.list('meetings', { filter: (m) => m.duo === duo.id,
      sort: (a, b) => String(b.held_on).localeCompare(String(a.held_on)) || String(b.created).localeCompare(String(a.created)) });
  }

  /** @param {Row} duo @returns {Row[]} open ones first, then by due date */
  objectives(duo) {
    const done = (/** @type {Row} */ o) => (o.status === 'achieved' || o.status === 'dropped' ? 1 : 0);
    return this.kit.list('objectives', { filter: (o) => o.duo === duo.id,
      sort: (a, b) => done(a) - done(b) || String(a.due_on || '9').localeCompare(String(b.due_on || '9'))
        || String(a.created).localeCompare(String(b.created)) });
  }

  /** @returns {Row[]} the person's evaluations still to answer */
  get openEvaluations() {
    return this.kit.list('evaluations', { filter: (e) => e.respondent === this.me && !e.submitted_at });
  }

  /**
   * The person's edits that lost to someone else's, not yet dealt with here.
   * @param {Set<string>} settled ids of conflicts the person answered on this phone
   * @returns {Row[]}
   */
  conflicts(settled) {
    return this.kit.list('sync_conflicts', { filter: (c) => c.author === this.me && c.op === 'update' && !settled.has(c.id),
      sort: (a, b) => String(b.created).localeCompare(String(a.created)) });
  }

  /**
   * Whether meetings of the duo may be logged on day (active, or ended less than 30 days ago).
   * @param {Row} duo @param {string} day
   */
  canLog(duo, day) {
    if (!duo.started_on || !['active', 'completed', 'stopped'].includes(duo.status)) return false;
    if (duo.status === 'active') return true;
    return !!duo.ends_on && day <= addDays(duo.ends_on.slice(0, 10), LOG_DAYS_AFTER_END);
  }

  /**
   * The next weekly meeting of the duo: its day (today if it is still to come today), or null
   * when no day is agreed.
   * @param {Row} duo @param {Date} [now]
   * @returns {{day: string, time: string, place: string}|null}
   */
  nextMeeting(duo, now = new Date()) {
    if (!duo.meeting_weekday || !['active', 'validated'].includes(duo.status)) return null;
    const day = today(now);
    let ahead = (duo.meeting_weekday - isoWeekday(day) + 7) % 7;
    const nowTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: this.zone(duo) }).format(now);
    if (ahead === 0 && duo.meeting_time && duo.meeting_time <= nowTime) ahead = 7;
    return { day: addDays(day, ahead), time: duo.meeting_time ?? '', place: duo.meeting_place ?? '' };
  }

  /** @param {Row} duo */
  zone(duo) { return this.branch(duo)?.timezone || 'Europe/Brussels'; }

  /**
   * The sessions that concern the person and have not ended, soonest first: those on whose
   * list they are (not those they were excused from) and their duos' first, signing and
   * check-in meetings. A cancelled one stays until its time has passed, to say so.
   * @param {Date} [now]
   * @returns {Array<{session: Row, line: Row|undefined, duo: Row|undefined}>}
   */
  upcomingSessions(now = new Date()) {
    const lines = new Map(this.kit.list('attendance', { filter: (a) => a.person === this.me }).map((a) => [a.session, a]));
    const duos = new Map(this.duos.map((d) => [d.id, d]));
    return this.kit.list('sessions', {
      filter: (s) => instant(s.ends_at) > now.getTime() && (duos.has(s.duo) || (lines.has(s.id) && lines.get(s.id)?.state !== 'excused')),
      sort: (a, b) => String(a.starts_at).localeCompare(String(b.starts_at)),
    }).map((session) => ({ session, line: lines.get(session.id), duo: duos.get(session.duo) }));
  }

  /**
   * The duo's planned signing meeting still to come, if any.
   * @param {Row} duo @param {Date} [now] @returns {Row|undefined}
   */
  signingMeeting(duo, now = new Date()) {
    return this.upcomingSessions(now).map((x) => x.session)
      .find((s) => s.duo === duo.id && s.kind === 'signing_meeting' && s.status !== 'cancelled');
  }

  /**
   * What the person has to do now, most pressing first, each with where it is done.
   * @param {Set<string>} settled
   * @returns {Array<{kind: string, route: string, params: Record<string, string>}>}
   */
  tasks(settled) {
    /** @type {Array<{kind: string, route: string, params: Record<string, string>}>} */
    const tasks = [];
    for (const c of this.conflicts(settled)) {
      tasks.push({ kind: 'conflict', route: conflictRoute(c), params: { what: c.target_collection } });
    }
    for (const duo of this.duos.filter((d) => d.status === 'validated')) {
      const agreement = this.agreement(duo);
      const mine = this.isMentor(duo) ? 'mentor_signed_at' : 'mentee_signed_at';
      if (agreement && !agreement[mine]) tasks.push({ kind: 'sign', route: `agreement/${duo.id}`, params: {} });
    }
    for (const e of this.openEvaluations) {
      tasks.push({ kind: e.kind === 'final' ? 'evaluate' : 'followup', route: `evaluation/${e.id}`, params: { months: e.kind === 'followup_12m' ? '12' : '6' } });
    }
    const duo = this.duo;
    if (duo && !this.isMentor(duo)) {
      for (const m of this.meetings(duo).filter((x) => !x.mentee_confirmed)) {
        tasks.push({ kind: 'confirm', route: `meeting/${m.id}`, params: { day: m.held_on.slice(0, 10) } });
      }
    }
    if (duo && this.isMentor(duo) && duo.status === 'active') {
      const day = today();
      const lastWeek = addDays(day, -7);
      if (!this.meetings(duo).some((m) => m.held_on.slice(0, 10) > lastWeek)) tasks.push({ kind: 'log', route: 'meeting/new', params: {} });
    }
    return tasks;
  }
}

/** instant: a stored date-time ("2026-12-08 17:30:00.000Z") in milliseconds. @param {string} stamp */
export const instant = (stamp) => new Date(String(stamp).replace(' ', 'T')).getTime();

/** Where a conflict is settled: on the record's own screen. @param {Row} c */
function conflictRoute(c) {
  if (c.target_collection === 'objectives') return `objective/${c.target_id}`;
  if (c.target_collection === 'meetings') return `meeting/${c.target_id}`;
  return 'home';
}
