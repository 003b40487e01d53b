// Calendar dates and wall-clock times in the branch's time zone, whatever the laptop's clock
// says: what a coordinator types ("Tuesday 14:00") is the branch's 14:00, on a DST night too.

const partsFormat = new Map();

// partsIn splits a moment into the branch's calendar date and time ("2026-12-07", "10:00").
export function partsIn(stamp, zone) {
  if (!partsFormat.has(zone)) {
    partsFormat.set(zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric',
      month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  }
  const ms = typeof stamp === 'number' ? stamp : Date.parse(String(stamp).replace(' ', 'T'));
  const p = Object.fromEntries(partsFormat.get(zone).formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, second: p.second };
}

// offsetAt: how far the zone's clock is ahead of UTC at that moment, in milliseconds.
function offsetAt(ms, zone) {
  const p = partsIn(ms, zone);
  const [y, m, d] = p.date.split('-').map(Number);
  const [h, mi] = p.time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h, mi, Number(p.second)) - Math.floor(ms / 1000) * 1000;
}

// momentOf is the moment the branch's clock reads date and time (an hour skipped in spring
// reads as the hour after; an hour lived twice in autumn, as its later time).
export function momentOf(date, time, zone) {
  const [y, m, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let guess = wall - offsetAt(wall, zone);
  guess = wall - offsetAt(guess, zone);
  return new Date(guess);
}

// addDays moves a calendar date ("2026-12-07") by whole days.
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// mondayOf is the Monday of the week a calendar date is in.
export function mondayOf(date) {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

// todayIn is the branch's calendar date now.
export const todayIn = (zone) => partsIn(Date.now(), zone).date;

// stampOf writes a moment as the server stores it ("2026-12-07 09:00:00.000Z").
export const stampOf = (date) => date.toISOString().replace('T', ' ');
