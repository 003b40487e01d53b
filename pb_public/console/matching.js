// Matching (step 4): the mentees of the branch waiting for a duo, ranked mentor suggestions
// for one of them with their reasons (GET /api/console/suggestions), and a duo proposed from
// any of them.
import { $, button, cell, notice } from './dom.js';
import { t } from './i18n.js';

const BUSY = ['proposed', 'validated', 'active'];

// waitingMentees: the branch's mentees in no proposed, validated or active duo.
async function waitingMentees(pb, branchId) {
  const [mentees, duos] = await Promise.all([
    pb.collection('users').getFullList({ filter: pb.filter('branch = {:b} && role = "mentee"', { b: branchId }), sort: 'name' }),
    pb.collection('duos').getFullList({
      filter: pb.filter('branch = {:b} && (status = "proposed" || status = "validated" || status = "active")', { b: branchId }),
      fields: 'mentee,status',
    }),
  ]);
  const busy = new Set(duos.filter((d) => BUSY.includes(d.status)).map((d) => d.mentee));
  return mentees.filter((m) => !busy.has(m.id));
}

async function propose(pb, branchId, mentee, suggestion, refresh) {
  try {
    await pb.collection('duos').create({ branch: branchId, mentor: suggestion.mentor, mentee: mentee.id });
  } catch (err) {
    notice(err.message || t('error.load'));
    return;
  }
  notice(t('matching.proposed', { mentor: suggestion.name, mentee: mentee.name }));
  await refresh();
}

async function showSuggestions(pb, branchId, mentee, refresh) {
  $('suggestions-heading').textContent = t('matching.suggestionsFor', { mentee: mentee.name });
  $('suggestions').hidden = false;
  const { suggestions } = await pb.send('/api/console/suggestions', { query: { mentee: mentee.id, limit: 50 } });
  const body = $('suggestion-rows');
  body.replaceChildren();
  for (const s of suggestions) {
    const row = document.createElement('tr');
    row.dataset.mentor = s.mentor;
    const reasons = document.createElement('ul');
    for (const r of s.reasons) {
      const words = t(`match.${r.code}`, { values: (r.values ?? []).join(', '), count: r.count });
      const item = cell('li', r.points ? `${words} (${r.points > 0 ? '+' : ''}${r.points})` : words);
      item.dataset.reason = r.code;
      reasons.append(item);
    }
    const why = cell('td');
    why.append(reasons);
    const action = cell('td');
    action.append(button(t('matching.propose', { mentor: s.name }), () => propose(pb, branchId, mentee, s, refresh)));
    row.append(cell('td', s.name), cell('td', String(s.score)), why, action);
    body.append(row);
  }
  $('suggestions-heading').focus();
}

export async function renderMatching(pb, branchId) {
  const refresh = () => renderMatching(pb, branchId);
  $('suggestions').hidden = true;
  const list = $('waiting-list');
  list.replaceChildren();
  const mentees = await waitingMentees(pb, branchId);
  $('no-waiting').hidden = mentees.length > 0;
  for (const m of mentees) {
    const item = cell('li');
    item.dataset.mentee = m.id;
    item.append(button(t('matching.suggestFor', { mentee: m.name }), () => showSuggestions(pb, branchId, m, refresh), 'link'));
    list.append(item);
  }
}
