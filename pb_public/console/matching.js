// Matching (step 4): the mentees of the branch waiting for a duo, ranked mentor suggestions
// for one of them with their reasons (GET /api/console/suggestions), and a duo proposed from
// one of them or from any free mentor.
import { $, button, cell, said } from './dom.js';
import { errorText, languageName, listOf, t } from './i18n.js';
import { waitingWords } from './people.js';

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

// propose makes the duo; an error is said next to the button pressed, the duo made where the
// suggestions were (they close: the mentee waits no more).
async function propose(pb, branchId, mentee, suggestion, refresh, where) {
  try {
    await pb.collection('duos').create({ branch: branchId, mentor: suggestion.mentor, mentee: mentee.id });
  } catch (err) {
    said(where, errorText(err), true);
    return;
  }
  await refresh();
  said($('matching-said'), t('matching.proposed', { mentor: suggestion.name, mentee: mentee.name }));
}

// untrainedWarning says, next to the button, that the mentor has not done the initial
// training: the coordinator may propose all the same.
function untrainedWarning(id) {
  const warning = cell('span', t('matching.untrained'));
  warning.className = 'warn';
  warning.id = id;
  warning.dataset.warning = 'untrained';
  return warning;
}

function statusLine() {
  const line = cell('p');
  line.className = 'said';
  line.setAttribute('role', 'status');
  line.hidden = true;
  return line;
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
    const line = statusLine();
    const go = button(t('matching.propose', { mentor: s.name }), () => propose(pb, branchId, mentee, s, refresh, line));
    action.append(go);
    if (s.reasons.some((r) => r.code === 'not_trained')) {
      const warning = untrainedWarning(`untrained-${s.mentor}`);
      go.setAttribute('aria-describedby', warning.id);
      action.append(warning);
    }
    action.append(line);
    row.append(cell('td', s.name), cell('td', String(s.score)), why, action);
    body.append(row);
  }
  const free = await waiting(pb, branchId, 'mentor');
  if (ask !== asked) return;
  const others = $('other-mentor');
  others.replaceChildren(...free.map((m) => {
    const option = new Option(m.name, m.id);
    option.dataset.trained = m.trainingCompletedOn ? 'yes' : 'no';
    return option;
  }));
  $('other-form').hidden = others.options.length === 0;
  const warnOther = () => { $('other-untrained').hidden = others.selectedOptions[0]?.dataset.trained !== 'no'; };
  others.onchange = warnOther;
  warnOther();
  $('other-form').onsubmit = (event) => {
    event.preventDefault();
    const chosen = others.selectedOptions[0];
    if (chosen) propose(pb, branchId, mentee, { mentor: chosen.value, name: chosen.textContent }, refresh, $('other-said'));
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
    if (m.waitingSince) {
      const since = cell('span', ` · ${waitingWords(m.waitingSince)}`);
      since.className = 'waiting';
      item.append(since);
    }
    list.append(item);
  }
}
