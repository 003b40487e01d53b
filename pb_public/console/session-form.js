// The form that plans a session or changes it (#session/new, and "Change the session" on a
// session's page): its kind, title, day and hours in the branch's zone, place or link, host,
// seats, language, and the duo for a duo's meeting. The server checks every field and names
// the one it refuses: its words are shown under that field.
import { $, said } from './dom.js';
import { errorText, personName, t } from './i18n.js';
import { momentOf, partsIn, stampOf } from './zone.js';

export const DUO_KINDS = { first_meeting: ['proposed'], signing_meeting: ['proposed', 'validated'], checkin: ['active'] };
const SEAT_KINDS = ['info_session', 'training'];

let duos = [];

// The inputs a field of the server is typed in, where their names differ.
const INPUTS = { starts_at: ['s-date', 's-start'], ends_at: ['s-end'] };

// showFieldErrors writes the server's words under each field it named (none: all cleared).
export function showFieldErrors(form, err) {
  const data = err?.response?.data ?? {};
  let named = false;
  for (const box of form.querySelectorAll('[data-error-for]')) {
    const message = data[box.dataset.errorFor]?.message ?? '';
    box.textContent = message;
    box.hidden = !message;
    named ||= Boolean(message);
    for (const id of INPUTS[box.dataset.errorFor] ?? [`s-${box.dataset.errorFor}`]) $(id)?.setAttribute('aria-invalid', String(Boolean(message)));
  }
  return named;
}

// kindChanged offers the duo list and the seats only where the kind has them.
function kindChanged() {
  const kind = $('s-kind').value;
  const statuses = DUO_KINDS[kind];
  $('s-duo-box').hidden = !statuses;
  $('s-capacity-box').hidden = !SEAT_KINDS.includes(kind);
  if (!statuses || $('s-duo').disabled) return;
  const kept = $('s-duo').value;
  const fit = duos.filter((d) => statuses.includes(d.status));
  $('s-duo').replaceChildren(new Option(t('session.chooseDuo'), ''), ...fit.map((d) =>
    new Option(t('duo.heading', { mentee: personName(d.expand?.mentee), mentor: personName(d.expand?.mentor) }), d.id)));
  $('s-duo').value = fit.some((d) => d.id === kept) ? kept : '';
}

// The kind a new session for a duo most likely is, by the duo's stage.
const NEXT_KIND = { proposed: 'first_meeting', validated: 'signing_meeting', active: 'checkin' };

// fillForm shows a session in the form (a new one: the coordinator hosting; planned from a
// duo's page, a session of that duo, of the kind its stage calls for).
export async function fillForm(pb, branch, session, me, forDuo = '') {
  const [hosts, open] = await Promise.all([
    pb.collection('users').getFullList({ filter: 'role = "coordinator"', sort: 'name' }), // a branch's own are kept below
    session ? [] : pb.collection('duos').getFullList({ filter: pb.filter('branch = {:b} && (status = "proposed" || status = "validated" || status = "active")',
      { b: branch.id }), expand: 'mentor,mentee', sort: '-created' }),
  ]);
  duos = session?.expand?.duo ? [session.expand.duo] : open;
  $('s-host').replaceChildren(...hosts.filter((h) => h.branch === branch.id).map((h) => new Option(h.name, h.id)));
  const start = session ? partsIn(session.starts_at, branch.timezone) : { date: '', time: '' };
  const end = session ? partsIn(session.ends_at, branch.timezone) : { time: '' };
  $('s-kind').value = session?.kind ?? 'info_session';
  $('s-kind').disabled = Boolean(session); // fixed once planned
  $('s-duo').disabled = Boolean(session);
  if (session?.expand?.duo) {
    const d = session.expand.duo;
    $('s-duo').replaceChildren(new Option(t('duo.heading', { mentee: personName(d.expand?.mentee), mentor: personName(d.expand?.mentor) }), d.id));
  }
  $('s-title').value = session?.title ?? '';
  $('s-date').value = start.date;
  $('s-start').value = start.time;
  $('s-end').value = end.time;
  $('s-place').value = session?.place ?? '';
  $('s-link').value = session?.link ?? '';
  $('s-host').value = session?.host || me || hosts[0]?.id || '';
  $('s-capacity').value = String(session?.capacity ?? 0);
  $('s-language').value = session?.language ?? '';
  const preset = duos.find((d) => d.id === forDuo);
  if (!session && preset) $('s-kind').value = NEXT_KIND[preset.status];
  kindChanged();
  if (!session && preset) $('s-duo').value = preset.id;
  showFieldErrors($('session-form'));
}

// fields reads the form as the sessions collection takes it; a day or hour missing is named
// here, before the server is asked.
function fields(branch) {
  const missing = {};
  if (!$('s-date').value || !$('s-start').value) missing.starts_at = { message: t('session.whenMissing') };
  if (!$('s-end').value) missing.ends_at = { message: t('session.whenMissing') };
  if (Object.keys(missing).length) return { missing };
  const zone = branch.timezone;
  const out = {
    title: $('s-title').value.trim(), place: $('s-place').value.trim(), link: $('s-link').value.trim(),
    host: $('s-host').value, language: $('s-language').value,
    starts_at: stampOf(momentOf($('s-date').value, $('s-start').value, zone)),
    ends_at: stampOf(momentOf($('s-date').value, $('s-end').value, zone)),
  };
  if (SEAT_KINDS.includes($('s-kind').value)) out.capacity = Number($('s-capacity').value || 0);
  return { out };
}

// bindSessionForm saves the form: a new session opens its page; a change draws it again.
export function bindSessionForm(pb, current, created) {
  $('s-kind').addEventListener('change', kindChanged);
  $('session-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { branch, session } = current();
    const form = $('session-form');
    const { out, missing } = fields(branch);
    if (missing) {
      showFieldErrors(form, { response: { data: missing } });
      said($('session-form-said'), t('session.notSaved'), true);
      return;
    }
    $('session-save').disabled = true;
    try {
      if (session) {
        await pb.collection('sessions').update(session.id, out);
        showFieldErrors(form);
        said($('session-form-said'), t('session.saved'));
        await current().redraw();
      } else {
        const kind = $('s-kind').value;
        const made = await pb.collection('sessions').create({ ...out, branch: branch.id, kind, duo: DUO_KINDS[kind] ? $('s-duo').value : '' });
        created(made.id);
      }
    } catch (err) {
      const named = showFieldErrors(form, err);
      said($('session-form-said'), named ? t('session.notSaved') : errorText(err), true);
    } finally {
      $('session-save').disabled = false;
    }
  });
}
