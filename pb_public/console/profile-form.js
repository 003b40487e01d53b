// The person form's answers: built once from the profile's choices, filled from a record,
// read back into fields, and the server's errors shown beside the field they name.
import { $, cell } from './dom.js';
import { language, languageName, t } from './i18n.js';
import { BARRIERS, COUNTRIES, DAYS, EDUCATION, GENDERS, LANGUAGES, PARTS, SECTORS } from './choices.js';

const TEXTS = ['birth_year', 'gender', 'education_level', 'expectations', 'experience', 'training_completed_on',
  'birth_country', 'birth_country_consent_on', 'nationality', 'nationality_consent_on'];
const DATES = ['training_completed_on', 'birth_country_consent_on', 'nationality_consent_on'];
const CHECKS = { languages: LANGUAGES, sectors: SECTORS, barriers: BARRIERS };

function checkbox(name, value, text) {
  const id = `p-${name}-${value}`;
  const box = cell('span', '');
  box.className = 'check-item';
  const input = document.createElement('input');
  Object.assign(input, { type: 'checkbox', id, name, value });
  const label = cell('label', text);
  label.htmlFor = id;
  box.append(input, label);
  return box;
}

function options(select, values, label, empty = true) {
  const keep = select.value;
  select.replaceChildren();
  if (empty) select.append(new Option(t('person.notSaid'), ''));
  for (const v of values) select.append(new Option(label(v), v));
  select.value = keep;
}

// draw writes every choice in the page's language; answers already ticked stay ticked.
export function drawChoices() {
  const regions = new Intl.DisplayNames([language()], { type: 'region', fallback: 'code' });
  const ticked = new Set([...document.querySelectorAll('#person-form input[type=checkbox]:checked')].map((c) => c.id));
  const label = { languages: languageName, sectors: (v) => t(`sector.${v}`),
    barriers: (v) => t(`barrier.${v}`) };
  for (const [field, values] of Object.entries(CHECKS)) {
    const set = $(`p-${field}`);
    const sorted = field === 'languages' ? [...values].sort((a, b) => label.languages(a).localeCompare(label.languages(b), language())) : values;
    set.replaceChildren(set.querySelector('legend'), ...sorted.map((v) => checkbox(field, v, label[field](v))));
  }
  const slots = $('p-availability');
  const grid = cell('div');
  grid.className = 'slot-grid';
  for (const part of PARTS) {
    grid.append(cell('span', t(`part.${part}`)));
    for (const day of DAYS) grid.append(checkbox('availability', `${day}_${part}`, t(`dayShort.${day}`)));
  }
  slots.replaceChildren(slots.querySelector('legend'), grid);
  for (const c of document.querySelectorAll('#p-availability input')) {
    const [day, part] = c.value.split('_');
    c.nextElementSibling.setAttribute('aria-label', t('person.slot', { day: t(`day.${day}`), part: t(`part.${part}`) }));
  }
  for (const id of ticked) if ($(id)) $(id).checked = true;
  options($('p-gender'), GENDERS, (v) => t(`gender.${v}`));
  options($('p-education_level'), EDUCATION, (v) => t(`education.${v}`));
  const countries = [...COUNTRIES].sort((a, b) => regions.of(a).localeCompare(regions.of(b), language()));
  for (const id of ['p-birth_country', 'p-nationality']) options($(id), countries, (c) => regions.of(c));
}

// fill shows a person's account and profile in the form.
export function fill(user, profile) {
  $('p-name').value = user.name ?? '';
  $('p-email').value = user.email ?? '';
  $('p-role').value = user.role ?? 'mentee';
  $('p-locale').value = user.locale || language();
  for (const f of TEXTS) {
    const v = profile[f] ?? '';
    $(`p-${f}`).value = DATES.includes(f) ? String(v).slice(0, 10) : String(v || '');
  }
  for (const field of [...Object.keys(CHECKS), 'availability']) {
    const chosen = new Set(profile[field] ?? []);
    for (const c of document.querySelectorAll(`#p-${field} input`)) c.checked = chosen.has(c.value);
  }
  roleChanged();
}

// roleChanged shows what only one role answers: barriers for mentees, training for mentors.
export function roleChanged() {
  const role = $('p-role').value;
  $('p-barriers').hidden = role !== 'mentee';
  $('p-training-box').hidden = role !== 'mentor';
}

export function account() {
  return { name: $('p-name').value.trim(), email: $('p-email').value.trim(), locale: $('p-locale').value };
}

// answers are the profile's fields as the form holds them; what a role does not answer is
// left out, so that it is not sent.
export function answers() {
  const out = {};
  for (const f of TEXTS) out[f] = $(`p-${f}`).value;
  out.birth_year = out.birth_year === '' ? null : Number(out.birth_year);
  for (const field of [...Object.keys(CHECKS), 'availability']) {
    out[field] = [...document.querySelectorAll(`#p-${field} input:checked`)].map((c) => c.value);
  }
  if ($('p-role').value !== 'mentee') delete out.barriers;
  if ($('p-role').value !== 'mentor') delete out.training_completed_on;
  return out;
}

// showErrors puts each field's message beside it (and in the summary), or clears them.
export function showErrors(data = {}, summary = '') {
  for (const el of document.querySelectorAll('#person-form .field-error')) el.remove();
  for (const el of document.querySelectorAll('#person-form [aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-errormessage');
  }
  const messages = [];
  for (const [field, { message }] of Object.entries(data)) {
    const target = $(`p-${field}`);
    const label = target?.labels?.[0]?.textContent ?? target?.querySelector('legend')?.textContent ?? field;
    messages.push(t('person.fieldError', { field: label, message }));
    if (!target) continue;
    const note = cell('span', message);
    note.className = 'field-error error';
    note.id = `p-${field}-error`;
    (target.tagName === 'FIELDSET' ? target : target.parentElement).append(note);
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-errormessage', note.id);
  }
  const box = $('person-errors');
  box.textContent = [summary, ...messages].filter(Boolean).join(' — ');
  box.hidden = !box.textContent;
}
