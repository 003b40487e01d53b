// The impact page: the programme's measures per cohort or per branch (GET /api/impact), each
// rate drawn with its 95% interval, what happened in each period, the funnel from the
// information session to a signed duo, the costs, and the same table as CSV
// (GET /api/impact.csv). Definitions: impact.md beside mobile-api.md.
import { $, cell, downloadFrom } from './dom.js';
import { language, listOf, t } from './i18n.js';
import { drawRates } from './impact-chart.js';

// The rates, in the order of the server's measures (keys "measure.<id>").
export const RATES = ['positive_exit_12m', 'positive_exit_end', 'stable_job_12m', 'stable_job_end', 'mentor_again_12m',
  'mentee_satisfied', 'mentee_expectations_met', 'mentee_objectives_achieved', 'mentee_autonomy', 'mentee_network',
  'mentor_satisfied', 'mentor_expectations_met', 'mentor_objectives_achieved', 'mentor_felt_useful',
  'mentor_coaching_skills', 'mentee_intake_to_start_6m', 'mentor_intake_to_start_6m'];

// The operations' columns: a count, or a stat's median or mean (keys "impactColumn.<id>").
const COLUMNS = [
  { id: 'taken_in:mentee' }, { id: 'taken_in:mentor' }, { id: 'proposed' }, { id: 'validated' }, { id: 'started' },
  { id: 'reached_term' }, { id: 'stopped' }, { id: 'running' },
  { id: 'mentee_days_to_match', stat: 'median' }, { id: 'meetings_per_duo', stat: 'median' }, { id: 'hours_per_duo', stat: 'mean' },
];

// The funnel's steps and conversions, in order, with the roles each has (keys
// "impact.step.<id>", "impact.conversion.<id>").
const STEPS = [['info_registered'], ['info_attended'], ['intake'], ['trained', ['mentor']], ['matched'], ['signed']];
const CONVERSIONS = [['info_show_up'], ['info_to_intake'], ['intake_to_match'], ['trained', ['mentor']], ['match_to_signed']];
const ROLES = ['mentee', 'mentor'];
const NARROW = '.4rem'; // the funnel's cells' side padding: three columns fit a phone

let shown = null; // the last table, redrawn without asking again when another measure is chosen
let names = {}; // branch id -> name
let cities = {}; // branch id -> city, the chart's short label

const percent = (v) => new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
const number = (v) => new Intl.NumberFormat(language(), { maximumFractionDigits: 1 }).format(v);
const euros = (v) => new Intl.NumberFormat(language(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(v);

// cohortName writes a cohort ("2025-03", "2025-Q1": how the filters and the CSV name it) in
// the page's language.
function cohortName(cohort) {
  const quarter = cohort.match(/^(\d{4})-Q([1-4])$/);
  if (quarter) return t('impact.quarterLabel', { quarter: quarter[2], year: quarter[1] });
  const month = cohort.match(/^(\d{4})-(\d{2})$/);
  if (!month) return cohort;
  return new Intl.DateTimeFormat(language(), { month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
}

function groupName(g) {
  if (!g.cohort && !g.branch) return t('impact.total');
  return g.cohort ? cohortName(g.cohort) : names[g.branch] || g.branch;
}

// query is what the filters ask for; a superuser may look at every branch at once.
function query(branchId, asSuperuser) {
  const q = { by: $('impact-by').value };
  if ($('impact-from').value.trim()) q.from = $('impact-from').value.trim();
  if ($('impact-to').value.trim()) q.to = $('impact-to').value.trim();
  if (asSuperuser && $('impact-scope').value !== 'all') q.branch = branchId;
  return q;
}

function showFieldErrors(data = {}) {
  for (const field of ['by', 'from', 'to']) {
    const input = $(`impact-${field}`);
    const error = $(`impact-${field}-error`);
    const wrong = Boolean(data[field]);
    input.setAttribute('aria-invalid', String(wrong));
    if (error) {
      error.textContent = wrong ? t('impact.badPeriod', { example: $('impact-by').value === 'month' ? '2025-03' : '2025-Q1' }) : '';
      error.hidden = !wrong;
    }
  }
}

// renderImpact asks for the table the filters name and draws it; the section counts its
// answers (data-drawn), drawn or refused, so that a test knows when one is in.
export async function renderImpact(pb, branchId, asSuperuser) {
  try {
    await drawImpact(pb, branchId, asSuperuser);
  } finally {
    $('impact').dataset.drawn = String(Number($('impact').dataset.drawn ?? 0) + 1);
  }
}

async function drawImpact(pb, branchId, asSuperuser) {
  $('impact-scope-box').hidden = !asSuperuser;
  fillMeasures();
  if (!Object.keys(names).length) {
    for (const b of await pb.collection('branches').getFullList({ sort: 'name', fields: 'id,name,city' })) {
      names[b.id] = b.name;
      cities[b.id] = b.city;
    }
  }
  showFieldErrors();
  try {
    shown = await pb.send('/api/impact', { query: query(branchId, asSuperuser) });
  } catch (err) {
    if (err.status !== 400) throw err;
    showFieldErrors(err.data?.data);
    shown = null;
    $('impact-results').hidden = true;
    return;
  }
  $('impact-results').hidden = false;
  // Outside a branch the figures are perturbed (impact.md); a branch's own are exact, its CSV not.
  const note = $('impact-outside');
  note.dataset.i18n = shown.perturbation ? 'impact.outside' : 'impact.exactHere'; // kept on a change of language
  note.textContent = t(note.dataset.i18n);
  note.hidden = false;
  await drawMeasure();
  drawOperations();
  drawFunnel();
  drawCosts();
}

function fillMeasures() {
  const select = $('impact-measure');
  const chosen = select.value || RATES[0];
  select.replaceChildren(...RATES.map((id) => {
    const option = cell('option', t(`measure.${id}`));
    option.value = id;
    return option;
  }));
  select.value = chosen;
}

// drawMeasure draws the chosen rate for every group but the total, and its table.
export async function drawMeasure() {
  if (!shown) return;
  const id = $('impact-measure').value;
  const groups = shown.groups.filter((g) => g.cohort || g.branch);
  const points = groups.map((g) => {
    const r = g.measures[id];
    return { label: g.branch ? (cities[g.branch] ?? groupName(g)) : groupName(g), value: r.suppressed ? null : r.value, low: r.suppressed ? null : r.low, high: r.suppressed ? null : r.high };
  });
  $('impact-chart-caption').textContent = t('impact.chartCaption', { measure: t(`measure.${id}`), by: t(`impact.by.${shown.by}`) });
  await drawRates($('impact-chart'), points, { joined: shown.by !== 'branch', percent, valueLabel: t(`measure.${id}`) });
  const body = $('impact-rate-rows');
  body.replaceChildren();
  for (const g of shown.groups) {
    const r = g.measures[id];
    const row = document.createElement('tr');
    const name = cell('th', groupName(g));
    name.scope = 'row';
    if (r.suppressed || r.value == null) {
      row.append(name, cell('td', started(g)), cell('td', r.suppressed ? t('impact.hidden') : '–'), cell('td', ''), cell('td', ''), cell('td', ''));
    } else {
      row.append(name, cell('td', started(g)), cell('td', percent(r.value)), cell('td', `${percent(r.low)} – ${percent(r.high)}`),
        cell('td', t('impact.ofTotal', { numerator: r.numerator, denominator: r.denominator })),
        cell('td', t('impact.unknownPending', { unknown: r.unknown, pending: r.pending })));
    }
    body.append(row);
  }
}

function started(g) { return g.suppressed ? t('impact.hidden') : String(g.started); }

// countText: a count left out of a table that left its branch is under ten (or hidden so
// that another cannot be worked out); in the branch's own, it is none.
function countText(g, column) {
  if (column.id === 'started') return started(g);
  if (column.stat) {
    const s = g.stats[column.id];
    if (s.suppressed) return t('impact.hidden');
    return s[column.stat] == null ? '–' : number(s[column.stat]);
  }
  const c = g.counts[column.id];
  if (c) return String(c.n);
  return shown.branch ? '0' : t('impact.hidden');
}

function drawOperations() {
  const head = $('impact-ops-head');
  head.replaceChildren(cell('th', t('impact.group')), ...COLUMNS.map((c) => cell('th', t(`impactColumn.${c.id}`))));
  for (const th of head.children) th.scope = 'col';
  const body = $('impact-ops-rows');
  body.replaceChildren();
  for (const g of shown.groups) {
    const row = document.createElement('tr');
    const name = cell('th', groupName(g));
    name.scope = 'row';
    row.append(name, ...COLUMNS.map((c) => cell('td', countText(g, c))));
    body.append(row);
  }
}

// funnelSection builds, once, the funnel's place on the page, before the costs: a choice of
// the group (the total first), a table of its steps and one of its conversions, per role.
function funnelSection() {
  if ($('impact-funnel')) return;
  const heading = cell('h2');
  heading.id = 'impact-funnel-heading';
  heading.dataset.i18n = 'impact.funnel';
  const intro = cell('p');
  intro.className = 'hint';
  intro.dataset.i18n = 'impact.funnelIntro';
  const label = cell('label');
  label.htmlFor = 'impact-funnel-group';
  label.dataset.i18n = 'impact.funnelGroup';
  const select = cell('select');
  select.id = 'impact-funnel-group';
  select.addEventListener('change', drawFunnelGroup);
  const choice = cell('p');
  choice.className = 'filter';
  choice.append(label, select);
  const table = (id, first) => {
    const region = cell('div');
    region.className = 'wide';
    region.tabIndex = 0;
    region.setAttribute('role', 'region');
    region.setAttribute('aria-labelledby', `${id}-caption`);
    const el = cell('table');
    el.id = id;
    el.className = 'risks numbers';
    const caption = cell('caption');
    caption.id = `${id}-caption`;
    const head = cell('tr');
    for (const key of [first, 'impact.mentees', 'impact.mentors']) {
      const th = cell('th');
      th.scope = 'col';
      th.dataset.i18n = key;
      th.style.paddingInline = NARROW;
      head.append(th);
    }
    const thead = cell('thead');
    thead.append(head);
    el.append(caption, thead, cell('tbody'));
    region.append(el);
    return region;
  };
  const section = cell('div');
  section.id = 'impact-funnel';
  section.append(heading, intro, choice, table('impact-funnel-steps', 'impact.funnelStep'),
    table('impact-funnel-rates', 'impact.funnelConversion'));
  $('impact-costs-heading').before(section);
}

// drawFunnel offers the table's groups (the total first) and draws the one chosen.
function drawFunnel() {
  funnelSection();
  for (const el of $('impact-funnel').querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const select = $('impact-funnel-group');
  const chosen = select.value;
  const groups = [...shown.funnel.slice(-1), ...shown.funnel.slice(0, -1)];
  select.replaceChildren(...groups.map((g) => {
    const option = cell('option', groupName(g));
    option.value = g.cohort || g.branch || '';
    return option;
  }));
  select.value = groups.some((g) => (g.cohort || g.branch || '') === chosen) ? chosen : '';
  drawFunnelGroup();
}

function drawFunnelGroup() {
  if (!shown) return;
  const key = $('impact-funnel-group').value;
  const g = shown.funnel.find((f) => (f.cohort || f.branch || '') === key) ?? shown.funnel[shown.funnel.length - 1];
  const name = groupName(g);
  $('impact-funnel-steps-caption').textContent = t('impact.funnelSteps', { group: name });
  $('impact-funnel-rates-caption').textContent = t('impact.funnelRates', { group: name });
  const steps = STEPS.map(([id, roles = ROLES]) => funnelRow(t(`impact.step.${id}`), ROLES.map((role) => {
    if (!roles.includes(role)) return '–';
    const c = g.steps[`${id}:${role}`];
    return c.suppressed ? t('impact.hidden') : String(c.n);
  })));
  $('impact-funnel-steps').tBodies[0].replaceChildren(...steps);
  const rates = CONVERSIONS.map(([id, roles = ROLES]) => funnelRow(t(`impact.conversion.${id}`), ROLES.map((role) => {
    if (!roles.includes(role)) return '–';
    return rateLines(g.rates[`${role}_${id}`]);
  })));
  $('impact-funnel-rates').tBodies[0].replaceChildren(...rates);
}

// funnelRow is a row named by its first cell, each other cell a text or lines of text.
function funnelRow(name, values) {
  const row = cell('tr');
  const th = cell('th', name);
  th.scope = 'row';
  th.style.whiteSpace = 'normal'; // a step's name wraps, so that the table fits a phone
  th.style.paddingInline = NARROW;
  row.append(th);
  for (const v of values) {
    const td = cell('td');
    td.style.whiteSpace = 'normal'; // an interval too wraps on a phone rather than widen the table
    td.style.paddingInline = NARROW;
    for (const [i, line] of [v].flat().entries()) {
      if (i) td.append(cell('br'));
      td.append(i ? cell('small', line) : line);
    }
    row.append(td);
  }
  return row;
}

// rateLines: a rate, then its interval and what it is of; hidden, or none over nobody.
function rateLines(r) {
  if (r.suppressed) return t('impact.hidden');
  if (r.value == null) return '–';
  return [percent(r.value), `${percent(r.low)}–${percent(r.high)}`, t('impact.ofTotal', { numerator: r.numerator, denominator: r.denominator })];
}

function textCell(text) {
  const td = cell('td', text);
  td.className = 'text';
  return td;
}

function drawCosts() {
  const body = $('impact-cost-rows');
  body.replaceChildren();
  $('impact-no-costs').hidden = shown.costs.length > 0;
  $('impact-costs').parentElement.hidden = shown.costs.length === 0; // its scrolling region
  for (const c of shown.costs) {
    const row = document.createElement('tr');
    const n = (count) => (count.suppressed ? t('impact.hidden') : String(count.n));
    const each = (v) => (v == null ? '–' : euros(v));
    row.append(cell('td', String(c.year)), cell('td', c.branch ? (names[c.branch] ?? c.branch) : t('impact.total')),
      cell('td', euros(c.amountEur)), textCell(listOf(c.funders)), cell('td', n(c.started)), cell('td', each(c.perStartedDuo)),
      cell('td', `${n(c.positiveExits)}${c.pendingExits.n ? ` (${t('impact.pendingExits', { count: c.pendingExits.n })})` : ''}`),
      cell('td', each(c.perPositiveExit)));
    body.append(row);
  }
}

// downloadCSV fetches the same table as CSV with the token and hands it to the browser.
function downloadCSV(pb, branchId, asSuperuser) {
  const params = new URLSearchParams(query(branchId, asSuperuser));
  return downloadFrom(pb, `/api/impact.csv?${params}`, `duo-impact-${params.get('by')}.csv`, { 'Accept-Language': language() });
}

// bindImpact: the filters ask again; another measure is drawn from the table already read.
export function bindImpact(pb, context, onError) {
  $('impact-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const { branchId, asSuperuser } = context();
    renderImpact(pb, branchId, asSuperuser).catch(onError);
  });
  $('impact-measure').addEventListener('change', () => drawMeasure().catch(onError));
  $('impact-csv').addEventListener('click', () => {
    const { branchId, asSuperuser } = context();
    downloadCSV(pb, branchId, asSuperuser).catch(onError);
  });
}
