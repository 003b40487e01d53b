// The branch's duos (GET /api/console/duos): searched by a partner's name, narrowed to a stage,
// sorted on the server by creation, start, end or last meeting, each leading to its page.
import { $, cell } from './dom.js';
import { calendarDate, t } from './i18n.js';

let asked = 0; // the latest search: an older answer arriving after it is dropped

const nameOf = (name, erased) => (erased ? t('person.erasedName') : name);
const dateOr = (d, none) => (d ? calendarDate(d) : none);

function row(d) {
  const tr = document.createElement('tr');
  tr.dataset.duo = d.id;
  tr.dataset.lastMeeting = d.lastMeeting;
  const link = cell('a', nameOf(d.menteeName, d.menteeErased));
  link.href = `#duo/${d.id}`;
  const mentee = cell('td');
  mentee.append(link);
  tr.append(mentee, cell('td', nameOf(d.mentorName, d.mentorErased)), cell('td', t(`status.${d.status}`)),
    cell('td', dateOr(d.startedOn, '—')), cell('td', dateOr(d.endsOn, '—')), cell('td', dateOr(d.lastMeeting, t('duos.noMeeting'))));
  return tr;
}

export async function renderDuos(pb, branchId) {
  const query = { q: $('duos-q').value.trim(), status: $('duos-status').value, sort: $('duos-sort').value };
  if (pb.authStore.isSuperuser) query.branch = branchId;
  for (const k of Object.keys(query)) if (query[k] === '') delete query[k];
  const mine = ++asked;
  const { items } = await pb.send('/api/console/duos', { query });
  if (mine !== asked) return;
  $('duo-rows').replaceChildren(...items.map(row));
  $('duos-count').textContent = items.length ? t('duos.count', { count: items.length }) : t('duos.none');
}

// bindDuos wires the search once; draw redraws the list alone.
export function bindDuos(draw) {
  $('duos-filters').addEventListener('submit', (e) => { e.preventDefault(); draw(); });
  for (const id of ['duos-status', 'duos-sort']) $(id).addEventListener('change', draw);
}
