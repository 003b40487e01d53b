// Matching (step 4): the mentees of the branch waiting for a duo, ranked mentor suggestions
// for one of them with their reasons (GET /api/console/suggestions), and a duo proposed from
// one of them or from any free mentor.
import { $, button, cell, notice } from './dom.js';
import { errorText, languageName, listOf, t } from './i18n.js';

const SHOWN = 10; // suggestions shown; any other free mentor is in the form below them

// The words of a reason's values, which the server gives as codes ("ar", "healthcare").
const VALUE_WORDS = { shared_languages: languageName, shared_sector: (v) => t(`sector.${v}`) };

// waiting lists the branch's people of a role in no open duo (the roster's "waiting"), by name.
async function waiting(pb, branchId, role) {
  const query = { role, status: 'waiting', perPage: 200 };
  if (pb.authStore.isSuperuser) query.branch = branchId;
  const { items } = await pb.send('/api/console/people', { query });
  return items;
}

async function propose(pb, branchId, mentee, suggestion, refresh) {
  try {
    await pb.collection('duos').create({ branch: branchId, mentor: suggestion.mentor, mentee: mentee.id });
  } catch (err) {
    notice(errorText(err));
    return;
  }
  notice(t('matching.proposed', { mentor: suggestion.name, mentee: mentee.name }));
  await refresh();
}

// asked counts the mentees whose suggestions were asked for: only the last one asked is drawn,
// whichever answer comes last.
let asked = 0;

async function showSuggestions(pb, branchId, mentee, refresh) {
  const ask = ++asked;
  const body = $('suggestion-rows');
  body.replaceChildren(); // no row of another mentee (or in the language before) while waiting
  $('suggestions-heading').textContent = t('matching.suggestionsFor', { mentee: mentee.name });
  $('suggestions').hidden = false;
  const { suggestions } = await pb.send('/api/console/suggestions', { query: { mentee: mentee.id, limit: SHOWN } });
  if (ask !== asked) return;
  for (const s of suggestions) {
    const row = document.createElement('tr');
    row.dataset.mentor = s.mentor;
    const reasons = document.createElement('ul');
    for (const r of s.reasons) {
      const values = (r.values ?? []).map(VALUE_WORDS[r.code] ?? ((v) => v));
      const words = t(`match.${r.code}`, { values: listOf(values), count: r.count });
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
  const free = await waiting(pb, branchId, 'mentor');
  if (ask !== asked) return;
  const others = $('other-mentor');
  others.replaceChildren(...free.map((m) => new Option(m.name, m.id)));
  $('other-form').hidden = others.options.length === 0;
  $('other-form').onsubmit = (event) => {
    event.preventDefault();
    const chosen = others.selectedOptions[0];
    if (chosen) propose(pb, branchId, mentee, { mentor: chosen.value, name: chosen.textContent }, refresh);
  };
  $('suggestions-heading').focus();
}

export async function renderMatching(pb, branchId) {
  const refresh = () => renderMatching(pb, branchId);
  asked++;
  $('suggestions').hidden = true;
  $('suggestion-rows').replaceChildren();
  const list = $('waiting-list');
  list.replaceChildren();
  const mentees = await waiting(pb, branchId, 'mentee');
  $('no-waiting').hidden = mentees.length > 0;
  for (const m of mentees) {
    const item = cell('li');
    item.dataset.mentee = m.id;
    item.append(button(t('matching.suggestFor', { mentee: m.name }), () => showSuggestions(pb, branchId, m, refresh), 'link'));
    list.append(item);
  }
}
