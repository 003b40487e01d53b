// The branch's duos, by stage, each leading to its page.
import { $, cell } from './dom.js';
import { personName, t } from './i18n.js';

export async function renderDuos(pb, branchId) {
  const status = $('duos-status').value;
  const filter = status ? pb.filter('branch = {:b} && status = {:s}', { b: branchId, s: status })
    : pb.filter('branch = {:b}', { b: branchId });
  const duos = await pb.collection('duos').getFullList({ filter, sort: '-created', expand: 'mentor,mentee' });
  const body = $('duo-rows');
  body.replaceChildren();
  for (const d of duos) {
    const row = document.createElement('tr');
    row.dataset.duo = d.id;
    const link = cell('a', personName(d.expand?.mentee) || d.mentee);
    link.href = `#duo/${d.id}`;
    const mentee = cell('td');
    mentee.append(link);
    row.append(mentee, cell('td', personName(d.expand?.mentor) || d.mentor), cell('td', t(`status.${d.status}`)));
    body.append(row);
  }
}
