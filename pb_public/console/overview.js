// The branch at a glance: its duos by stage and the duos at risk, from one answer of the
// server (GET /api/console/overview).
import { $, cell } from './dom.js';
import { calendarDate, t } from './i18n.js';

export const STATUSES = ['proposed', 'validated', 'active', 'completed', 'stopped', 'declined'];

function renderCounts(byStatus) {
  const body = $('status-counts');
  body.replaceChildren();
  for (const status of STATUSES) {
    const row = document.createElement('tr');
    row.dataset.status = status;
    const name = cell('th', t(`status.${status}`));
    name.scope = 'row';
    row.append(name, cell('td', String(byStatus[status] ?? 0)));
    body.append(row);
  }
}

function renderRisks(atRisk) {
  const body = $('risk-rows');
  body.replaceChildren();
  $('no-risks').hidden = atRisk.length > 0;
  for (const duo of atRisk) {
    const row = document.createElement('tr');
    row.dataset.duo = duo.duo;
    const reasons = document.createElement('ul');
    for (const r of duo.reasons) {
      const item = cell('li', t(`risk.${r.code}`, { days: r.days, count: r.count, date: r.date ? calendarDate(r.date) : '' }));
      item.dataset.risk = r.code;
      reasons.append(item);
    }
    const why = cell('td');
    why.append(reasons);
    const link = cell('a', duo.mentee);
    link.href = `#duo/${duo.duo}`;
    const mentee = cell('td');
    mentee.append(link);
    row.append(mentee, cell('td', duo.mentor), cell('td', t(`status.${duo.status}`)), why);
    body.append(row);
  }
}

export async function renderOverview(pb, branch, asSuperuser) {
  $('overview-heading').textContent = t('overview.heading', { branch: branch.name });
  const o = await pb.send('/api/console/overview', { query: asSuperuser ? { branch: branch.id } : {} });
  renderCounts(o.byStatus);
  renderRisks(o.atRisk);
}
