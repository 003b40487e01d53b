// The working file (case_notes) of a duo or a person: dated notes by the branch's coordinators,
// each with its author, optionally naming the session it records (a check-in, an intake); a
// note is added here, and changed or deleted by its author alone, the question asked next to
// the button. One notes box serves both pages: drawn, it moves into the page shown.
import { $, button, cell, said } from './dom.js';
import { errorText, moment, personName, t } from './i18n.js';
import { dayWords, sessionName } from './calendar.js';
import { partsIn } from './zone.js';

/** @type {{pb: any, about: {field: 'duo'|'person', id: string}, sessions: any[], zone: string, redraw: () => Promise<void>}} */
let current = { pb: null, about: { field: 'duo', id: '' }, sessions: [], zone: '', redraw: async () => {} };

const sessionLabel = (s) => `${sessionName(s)} · ${dayWords(partsIn(s.starts_at, current.zone).date, { day: 'numeric', month: 'long', year: 'numeric' })}`;

function authorName(note) {
  if (!note.author) return t('who.administrator');
  return personName(note.expand?.author) || t('who.colleague');
}

// editor turns a note's text into a field with save and cancel, in place.
function editor(note, item, text, note_said) {
  const field = cell('textarea');
  field.value = note.text;
  field.rows = 3;
  field.maxLength = 4000;
  field.id = `note-edit-${note.id}`;
  const label = cell('label', t('notes.editLabel'));
  label.htmlFor = field.id;
  label.className = 'visually-hidden';
  const save = button(t('notes.save'), async () => {
    try {
      await current.pb.collection('case_notes').update(note.id, { text: field.value.trim() });
    } catch (err) {
      said(note_said, errorText(err), true);
      return;
    }
    await current.redraw();
    said($('notes-said'), t('notes.changed'));
  });
  const keep = button(t('notes.keep'), () => current.redraw(), 'secondary');
  const box = cell('div');
  box.className = 'note-editor';
  const actions = cell('p');
  actions.className = 'actions';
  actions.append(save, keep);
  box.append(label, field, actions);
  text.replaceWith(box);
  field.focus();
}

function confirmDelete(note, actions, note_said) {
  const ask = cell('span');
  ask.className = 'confirm';
  ask.append(cell('span', t('notes.deleteQuestion')), button(t('notes.deleteYes'), async () => {
    try {
      await current.pb.collection('case_notes').delete(note.id);
    } catch (err) {
      said(note_said, errorText(err), true);
      return;
    }
    await current.redraw();
    said($('notes-said'), t('notes.deleted'));
  }, 'danger'), button(t('notes.deleteNo'), () => current.redraw(), 'secondary'));
  actions.replaceChildren(ask);
  ask.querySelector('button.secondary').focus();
}

function noteItem(note, me) {
  const item = cell('li');
  item.className = 'note';
  item.dataset.note = note.id;
  const head = cell('p');
  head.className = 'note-head';
  const when = cell('time', moment(note.created));
  when.dateTime = note.created.replace(' ', 'T');
  head.append(when, cell('span', ` · ${t('notes.by', { name: authorName(note) })}`));
  if (note.expand?.session) {
    const link = cell('a', sessionLabel(note.expand.session));
    link.href = `#session/${note.session}`;
    head.append(cell('span', ' · '), link);
  }
  if (note.updated !== note.created) head.append(cell('span', ` · ${t('notes.edited')}`));
  const text = cell('p', note.text);
  text.className = 'note-text';
  const noteSaid = cell('p');
  noteSaid.className = 'said';
  noteSaid.setAttribute('role', 'status');
  noteSaid.hidden = true;
  item.append(head, text);
  if (note.author && note.author === me) {
    const actions = cell('p');
    actions.className = 'actions';
    actions.append(button(t('notes.edit'), () => editor(note, item, text, noteSaid), 'secondary'),
      button(t('notes.delete'), () => confirmDelete(note, actions, noteSaid), 'secondary'));
    item.append(actions);
  }
  item.append(noteSaid);
  return item;
}

// drawNotes shows the notes on a duo or a person (about), newest first, before the element
// given, and offers the sessions given to name in a new one.
export async function drawNotes(pb, about, sessions, zone, before) {
  const notes = await pb.collection('case_notes').getFullList({ filter: pb.filter(`${about.field} = {:id}`, { id: about.id }),
    sort: '-created', expand: 'author,session' });
  const me = pb.authStore.record?.id;
  current = { pb, about, sessions, zone, redraw: () => drawNotes(pb, about, sessions, zone, before) };
  const box = $('notes-box');
  before.before(box);
  box.hidden = false;
  $('notes-list').replaceChildren(...notes.map((n) => noteItem(n, me)));
  $('no-notes').hidden = notes.length > 0;
  const select = $('note-session');
  const key = `${about.field}/${about.id}`;
  if (select.dataset.about !== key) $('note-text').value = ''; // what was typed was about someone else
  const kept = select.dataset.about === key ? select.value : '';
  select.dataset.about = key;
  select.replaceChildren(new Option(t('notes.noSession'), ''), ...sessions.filter((s) => s.status !== 'cancelled').map((s) => new Option(sessionLabel(s), s.id)));
  select.value = [...select.options].some((o) => o.value === kept) ? kept : '';
}

// hideNotes: a page without notes (a person being registered) shows none.
export function hideNotes() { $('notes-box').hidden = true; }

async function addNote(event) {
  event.preventDefault();
  const field = $('note-text');
  const text = field.value.trim();
  if (!text) {
    said($('note-add-said'), t('notes.empty'), true);
    field.focus();
    return;
  }
  try {
    await current.pb.collection('case_notes').create({ [current.about.field]: current.about.id, session: $('note-session').value, text });
  } catch (err) {
    said($('note-add-said'), errorText(err), true);
    return;
  }
  field.value = '';
  $('note-session').value = '';
  await current.redraw();
  said($('note-add-said'), t('notes.added'));
}

let bound = false;
export function bindNotes() {
  if (bound) return;
  bound = true;
  $('note-form').addEventListener('submit', addNote);
}
