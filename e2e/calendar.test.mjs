// Calendar feeds read by two iCalendar parsers, ical.js and node-ical: a mentor's feed holds
// his sessions and his duo's weekly meeting, which keeps its local hour across the
// daylight-saving change of its period; a cancelled session stays, cancelled, with a higher
// SEQUENCE; first names only; a revoked address gives nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { client, startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const hourIn = (date, zone) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(date);

/** feedOf subscribes the person and fetches their feed from this server. */
async function feedOf(pb) {
  const { url } = await pb.send('/api/calendar/feed', { method: 'POST' });
  const path = url.slice(url.indexOf('/api/'));
  const res = await fetch(`${server.url}${path}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  return { path, text: await res.text() };
}

test('a mentor\'s feed, read by ical.js and node-ical', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const marc = await client(server.url, 'marc@demo.example.org');
  const duo = await marc.collection('duos').getFirstListItem(`status = "active" && mentor = "${marc.authStore.record.id}"`);
  const branch = sofia.authStore.record.branch;
  const inHours = (h) => new Date(Date.now() + h * 3600_000).toISOString().replace('T', ' ');
  const info = await sofia.collection('sessions').create({ branch, kind: 'info_session', starts_at: inHours(30), ends_at: inHours(32), place: 'Rue Haute 12' });
  await sofia.collection('attendance').create({ session: info.id, person: marc.authStore.record.id, state: 'registered' });
  const checkin = await sofia.collection('sessions').create({ branch, kind: 'checkin', duo: duo.id, starts_at: inHours(50), ends_at: inHours(51) });
  await sofia.collection('sessions').update(checkin.id, { status: 'cancelled' });

  const { path, text } = await feedOf(marc);
  assert.doesNotMatch(text, /Dubois|El Idrissi|@demo\.example\.org/, 'first names only');

  // ical.js: the events, the weekly rule expanded in the VTIMEZONE the feed gives.
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = Object.fromEntries(calendar.getAllSubcomponents('vevent').map((v) => [v.getFirstPropertyValue('uid'), new ICAL.Event(v)]));
  const weekly = events[`weekly-${duo.id}@duo.duoforajob.org`];
  assert.ok(weekly, 'the weekly meeting');
  assert.equal(weekly.summary, 'DUO : rencontre avec Amina');
  assert.equal(weekly.location, duo.meeting_place);
  const iterator = weekly.iterator();
  const offsets = new Set();
  let weeks = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    weeks += 1;
    assert.equal(`${String(next.hour).padStart(2, '0')}:${String(next.minute).padStart(2, '0')}`, duo.meeting_time, 'its local hour');
    const utc = next.toJSDate();
    assert.equal(hourIn(utc, 'Europe/Brussels'), duo.meeting_time, 'the same instant in Brussels by the system\'s zone data');
    offsets.add(utc.getUTCHours());
  }
  assert.ok(weeks >= 20, `${weeks} weeks`);
  assert.equal(offsets.size, 2, 'its period crosses a daylight-saving change');
  const cancelled = calendar.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${checkin.id}@duo.duoforajob.org`);
  assert.equal(cancelled.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(cancelled.getFirstPropertyValue('sequence'), 1);
  assert.equal(events[`${info.id}@duo.duoforajob.org`].location, 'Rue Haute 12');

  // node-ical: the same events and the same hours.
  const parsed = nodeIcal.sync.parseICS(text);
  const weeklyN = parsed[`weekly-${duo.id}@duo.duoforajob.org`];
  assert.equal(weeklyN.summary, 'DUO : rencontre avec Amina');
  const from = new Date(weeklyN.start.getTime() - 86_400_000);
  const instances = nodeIcal.expandRecurringEvent(weeklyN, { from, to: new Date(from.getTime() + 200 * 86_400_000) });
  assert.ok(instances.length >= 20, `${instances.length} weeks in node-ical`);
  for (const i of instances) assert.equal(hourIn(i.start, 'Europe/Brussels'), duo.meeting_time, `${i.start.toISOString()}`);
  assert.equal(parsed[`${checkin.id}@duo.duoforajob.org`].status, 'CANCELLED');
  assert.equal(parsed[`${info.id}@duo.duoforajob.org`].location, 'Rue Haute 12');

  // Revoked, the address gives nothing more.
  await marc.send('/api/calendar/feed', { method: 'DELETE' });
  assert.equal((await fetch(`${server.url}${path}`)).status, 404);
});

test('a coordinator\'s feed holds her branch\'s sessions', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const { text } = await feedOf(sofia);
  const parsed = nodeIcal.sync.parseICS(text);
  const sessions = await sofia.collection('sessions').getFullList();
  for (const s of sessions) assert.ok(parsed[`${s.id}@duo.duoforajob.org`], `${s.kind} ${s.id}`);
  assert.ok(new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vtimezone').length >= 1);
});
