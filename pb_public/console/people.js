// Intake (steps 1-3): the branch's mentors and mentees, searched and filtered on the server
// (GET /api/console/people), each leading to their page.
import { $, cell } from './dom.js';
import { calendarDate, dayOf, moment, t } from './i18n.js';

const PER_PAGE = 25;
let page = 1;
let asked = 0; // the latest search: an older answer arriving after it is dropped

function filters() {
  return { q: $('people-q').value.trim(), role: $('people-role').value, status: $('people-status').value,
    training: $('people-training').value };
}

// invitationState says where a person's invitation stands: password chosen, sent when, or none.
export function invitationState(passwordSet, invitedAt) {
  if (passwordSet) return t('invitation.passwordSet');
  return invitedAt ? t('invitation.sentOn', { at: moment(invitedAt) }) : t('invitation.none');
}

// waitingWords says since when a person waits, and how many days that is ("since …" alone
// where the situation "waiting" is already said).
export function waitingWords(since, alone = true) {
  const days = Math.max(0, Math.floor((Date.now() - Date.parse(since.replace(' ', 'T'))) / 86_400_000));
  if (!alone) return days === 0 ? t('people.sinceToday') : t('people.since', { date: dayOf(since), days });
  return days === 0 ? t('people.waitingSinceToday') : t('people.waitingSince', { date: dayOf(since), days });
}

function row(p) {
  const tr = document.createElement('tr');
  tr.dataset.person = p.id;
  tr.dataset.status = p.status;
  const link = cell('a', p.name);
  link.href = `#person/${p.id}`;
  const name = cell('td');
  const email = cell('span', p.email);
  email.className = 'email';
  name.append(link, email);
  const training = p.role !== 'mentor' ? '—' : p.trainingCompletedOn ? t('training.doneOn', { date: calendarDate(p.trainingCompletedOn) }) : t('training.pending');
  const status = cell('td', t(`personStatus.${p.status}`));
  if (p.waitingSince) {
    const since = cell('span', waitingWords(p.waitingSince, false));
    since.className = 'since';
    status.append(since);
  }
  tr.append(name, cell('td', t(`role.${p.role}`)), status, cell('td', training), cell('td', invitationState(p.passwordSet, p.invitedAt)));
  return tr;
}

export async function renderPeople(pb, branchId, resetPage = false) {
  if (resetPage) page = 1;
  const query = { ...filters(), page, perPage: PER_PAGE };
  if (pb.authStore.isSuperuser) query.branch = branchId;
  for (const k of Object.keys(query)) if (query[k] === '') delete query[k];
  const mine = ++asked;
  const r = await pb.send('/api/console/people', { query });
  if (mine !== asked) return;
  $('people-rows').replaceChildren(...r.items.map(row));
  const last = Math.max(1, Math.ceil(r.totalItems / PER_PAGE));
  $('people-count').textContent = r.totalItems === 0 ? t('people.none')
    : t('people.count', { from: (page - 1) * PER_PAGE + 1, to: (page - 1) * PER_PAGE + r.items.length, total: r.totalItems });
  $('people-prev').disabled = page <= 1;
  $('people-next').disabled = page >= last;
  $('people-prev').parentElement.hidden = last === 1;
}

// bindPeople wires the filters and the page buttons once; draw redraws the page.
export function bindPeople(draw) {
  $('people-filters').addEventListener('submit', (e) => { e.preventDefault(); page = 1; draw(); });
  for (const id of ['people-role', 'people-status', 'people-training']) $(id).addEventListener('change', () => { page = 1; draw(); });
  $('people-prev').addEventListener('click', () => { page -= 1; draw(); });
  $('people-next').addEventListener('click', () => { page += 1; draw(); });
}
