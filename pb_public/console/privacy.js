// A person's data rights on their page: their consents per purpose, recorded from paper or
// withdrawn as they say (the consents collection), and the download of everything duo holds
// about them (GET /api/people/{id}/export).
import { $, button, cell, downloadFrom, notice } from './dom.js';
import { calendarDate, t } from './i18n.js';

export const PURPOSES = ['programme', 'origin_statistics', 'followup_contact'];

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
    const said = state === 'given' ? t('consent.recordedNotice') : t('consent.withdrawnNotice');
    await redraw();
    notice(purpose === 'origin_statistics' && state === 'withdrawn' ? `${said} ${t('consent.originCleared')}` : said);
  } catch (err) {
    notice(Object.values(err?.response?.data ?? {})[0]?.message ?? t('error.load'));
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
    .then(() => notice(t('person.exported')), () => notice(t('error.load')));
}
