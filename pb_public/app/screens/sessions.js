// The sessions a person is expected at, on the home screen: an information session, a
// training, an intake, and the duo's first meeting (to decide whether to start), signing
// meeting (which opens the agreement) and check-ins with the coordinator. What, when (the
// branch's time), where or the call's link, with whom; a cancelled one says so.
import { h } from '../dom.js';
import { firstName, span, t } from '../i18n.js';

/** @typedef {import('./routes.js').Context} Context */
/** @typedef {Record<string, any>} Row */

/** How many sessions the home screen lists; the next ones come as these pass. */
const SHOWN = 4;

/** @param {Context} ctx */
export function sessionsCard(ctx) {
  const coming = ctx.model.upcomingSessions();
  if (!coming.length) return null;
  return h('section', { class: 'card sessions', 'aria-labelledby': 'sessions-heading' },
    h('h2', { id: 'sessions-heading' }, t('sessions.heading')),
    h('ul', { class: 'sessions-list' }, coming.slice(0, SHOWN).map((x) => h('li', {}, sessionItem(ctx, x.session, x.line, x.duo)))));
}

/**
 * @param {Context} ctx @param {Row} session @param {Row|undefined} line the person's own line
 * @param {Row|undefined} duo the person's duo, for a duo's meeting
 */
function sessionItem(ctx, session, line, duo) {
  const cancelled = session.status === 'cancelled';
  const zone = ctx.kit.get('branches', session.branch)?.timezone;
  const host = ctx.kit.get('users', session.host);
  const partner = duo ? firstName(ctx.model.partner(duo)) : '';
  const headingId = `session-${session.id}`;
  return h('article', { class: `session${cancelled ? ' cancelled' : ''}`, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, session.title || t(`sessions.kind.${session.kind}`)),
    cancelled ? h('p', { class: 'badge cancelled' }, t('sessions.cancelled')) : null,
    h('p', { class: 'when' }, h('time', { datetime: String(session.starts_at).replace(' ', 'T') }, span(session.starts_at, session.ends_at, zone))),
    where(session),
    host ? h('p', { class: 'with' }, t('sessions.host', { name: firstName(host) })) : null,
    !cancelled && duo ? h('p', { class: 'hint' }, t(`sessions.hint.${session.kind}`, { partner })) : null,
    !cancelled && line && !duo ? h('p', { class: 'hint' }, t(`sessions.state.${line.state}`)) : null,
    !cancelled && duo && session.kind === 'signing_meeting'
      ? h('p', {}, h('a', { class: 'button', href: `#agreement/${duo.id}` }, t('sessions.readAgreement'))) : null);
}

/** Where: the place, and the video call's link (opened outside the app). @param {Row} session */
function where(session) {
  if (!session.place && !session.link) return null;
  return h('p', { class: 'where' },
    session.place || null,
    session.place && session.link ? ' · ' : null,
    session.link ? h('a', { href: session.link, target: '_blank', rel: 'noopener noreferrer' }, t('sessions.join')) : null);
}

/**
 * The signing meeting to come, on the agreement's screen: when and where both sign.
 * @param {Context} ctx @param {Row} duo
 */
export function signingNote(ctx, duo) {
  const meeting = ctx.model.signingMeeting(duo);
  if (!meeting) return null;
  const zone = ctx.kit.get('branches', meeting.branch)?.timezone;
  return h('p', { class: 'card next' }, t('agreement.signingMeeting', { when: span(meeting.starts_at, meeting.ends_at, zone) }),
    meeting.place ? [' ', h('span', { class: 'where' }, t('agreement.signingPlace', { place: meeting.place }))] : null);
}
