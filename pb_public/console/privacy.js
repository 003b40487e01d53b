// A person's data rights on their page: their consents per purpose, recorded from paper or
// withdrawn as they say (the consents collection), the download of everything duo holds
// about them (GET /api/people/{id}/export), and their erasure with a reason
// (POST /api/people/{id}/erase).
import { $, button, cell, downloadFrom, noticeOnNextPage, said } from './dom.js';
import { calendarDate, t } from './i18n.js';

export const PURPOSES = ['programme', 'origin_statistics', 'followup_contact', 'contact'];

// REASONS are the reasons a coordinator erases a person for (the server's, but "retention").
export const REASONS = ['request', 'consent_withdrawn', 'objection', 'no_longer_needed', 'unlawful'];

// WITHDRAWAL_GRACE_DAYS: a person who withdrew their consent to the programme is erased by
// the server that many days later (retention.WithdrawalGraceDays).
export const WITHDRAWAL_GRACE_DAYS = 30;

// CONSENT_TEXT is the version of the paper form's consent texts.
export const CONSENT_TEXT = '2026-01';

function stateText(c) {
  if (!c) return t('consent.none');
  const when = calendarDate((c.state === 'given' ? c.given_at : c.withdrawn_at) || c.updated);
  return `${t(`consent.${c.state}`, { date: when })} · ${t(`consent.via.${c.recorded_via}`)}`;
}

// record writes the person's consent to a purpose as given or withdrawn, from paper.
async function record(pb, person, purpose, existing, state, redraw) {
  const fields = { state, text_version: CONSENT_TEXT, recorded_via: 'paper' };
  try {
    if (existing) await pb.collection('consents').update(existing.id, fields);
    else await pb.collection('consents').create({ ...fields, person, purpose });
    const words = state === 'given' ? t('consent.recordedNotice') : t('consent.withdrawnNotice');
    await redraw();
    const consequence = state === 'withdrawn' && {
      origin_statistics: t('consent.originCleared'),
      programme: t('consent.programmeWithdrawn', { days: WITHDRAWAL_GRACE_DAYS }),
    }[purpose];
    said($('consent-said'), consequence ? `${words} ${consequence}` : words);
    if (purpose === 'programme' && state === 'withdrawn') $('erase-reason').value = 'consent_withdrawn';
  } catch (err) {
    said($('consent-said'), Object.values(err?.response?.data ?? {})[0]?.message ?? t('error.load'), true);
  }
}

// drawPrivacy draws the consents of a person and binds the export, on their page.
export async function drawPrivacy(pb, person, redraw) {
  $('person-privacy').hidden = false;
  const consents = await pb.collection('consents').getFullList({ filter: pb.filter('person = {:id}', { id: person.id }) });
  const byPurpose = Object.fromEntries(consents.map((c) => [c.purpose, c]));
  $('consent-rows').replaceChildren(...PURPOSES.map((purpose) => {
    const c = byPurpose[purpose];
    const row = document.createElement('tr');
    row.dataset.purpose = purpose;
    const name = cell('th', t(`purpose.${purpose}`));
    name.scope = 'row';
    const given = c?.state === 'given';
    const action = button(given ? t('consent.withdraw') : t('consent.record'),
      () => record(pb, person.id, purpose, c, given ? 'withdrawn' : 'given', redraw), 'secondary');
    action.setAttribute('aria-label', t(given ? 'consent.withdrawFor' : 'consent.recordFor', { purpose: t(`purpose.${purpose}`) }));
    const actions = cell('td');
    actions.append(action);
    row.append(name, cell('td', stateText(c)), actions);
    return row;
  }));
  $('person-export').onclick = () => downloadFrom(pb, `/api/people/${person.id}/export`, `duo-export-${person.id}.json`)
    .then(() => said($('export-said'), t('person.exported')), () => said($('export-said'), t('error.load'), true));
  drawErase(pb, person);
}

// fieldError shows or clears the error of one field of the erase form, for sight and for
// screen readers (aria-invalid, and the message the field is described by).
function fieldError(field, errorId, text) {
  $(errorId).textContent = text;
  $(errorId).hidden = !text;
  if (text) $(field).setAttribute('aria-invalid', 'true');
  else $(field).removeAttribute('aria-invalid');
}

// erase asks for a reason and a confirmation, then erases; the person's page is then gone
// and the list of people says so.
async function erase(pb, person) {
  const reason = $('erase-reason').value;
  fieldError('erase-reason', 'erase-reason-error', REASONS.includes(reason) ? '' : t('erase.needReason'));
  fieldError('erase-confirm', 'erase-confirm-error', $('erase-confirm').checked ? '' : t('erase.needConfirm'));
  $('erase-error').hidden = true;
  if (!REASONS.includes(reason)) return $('erase-reason').focus();
  if (!$('erase-confirm').checked) return $('erase-confirm').focus();
  $('erase-submit').disabled = true;
  try {
    await pb.send(`/api/people/${person.id}/erase`, { method: 'POST', body: { reason } });
    noticeOnNextPage(t('erase.done', { name: person.name }));
    window.location.hash = '#people';
  } catch (err) {
    const code = Object.values(err?.response?.data ?? {})[0]?.code;
    $('erase-error').textContent = code === 'duo_erase_open_duo' ? t('erase.openDuo') : (err?.response?.message ?? t('error.load'));
    $('erase-error').hidden = false;
  } finally {
    $('erase-submit').disabled = false;
  }
}

// The erase form is bound once, before any person is drawn: a press of its button while a
// page is still being drawn erases nobody, and never submits the form to the page itself.
let erasing = null;
$('erase-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (erasing) erase(erasing.pb, erasing.person);
});

// forgetErase: while another person's page is being drawn, the form erases nobody.
export function forgetErase() { erasing = null; }

// drawErase readies the erase form for a person: nothing chosen, nothing ticked.
export function drawErase(pb, person) {
  erasing = { pb, person };
  $('erase-reason').value = '';
  $('erase-confirm').checked = false;
  fieldError('erase-reason', 'erase-reason-error', '');
  fieldError('erase-confirm', 'erase-confirm-error', '');
  $('erase-error').hidden = true;
  $('erase-hint').textContent = t('erase.hint', { name: person.name });
}
