// Small helpers to build the console's pages from the DOM, never from HTML strings.
export const $ = (id) => document.getElementById(id);

const SECTIONS = ['signin', 'branches', 'overview', 'people', 'person', 'calendar', 'session', 'duos', 'duo', 'matching', 'impact'];

// show displays one section of the page, opens it at its top and moves the focus to its
// heading, for keyboard and screen reader users (a page never opens where the last one was
// scrolled to).
export function show(sectionId, signedIn, { keepScroll = false } = {}) {
  for (const id of SECTIONS) $(id).hidden = id !== sectionId;
  for (const id of ['signout', 'who', 'nav']) $(id).hidden = !signedIn;
  for (const link of document.querySelectorAll('#nav a')) {
    // a duo's page belongs to the duos, a person's to the people, a session's to the calendar
    const parent = { duo: 'duos', person: 'people', session: 'calendar' };
    const current = parent[sectionId] ?? sectionId;
    if (link.getAttribute('href') === `#${current}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = $('main');
  main.dataset.shown = String(Number(main.dataset.shown ?? 0) + 1); // a page drawn whole: tests wait for it
  labelCells();
  if (keepScroll) return;
  const heading = $(sectionId)?.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  } else {
    main.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

// said writes a confirmation or an error next to the action that caused it (a status line
// placed there in the page); an empty text hides it.
export function said(el, text, isError = false) {
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle('error', Boolean(text) && isError);
}

// forgetSaid hides what the last page's actions said: a new page starts clean.
export function forgetSaid() {
  for (const el of document.querySelectorAll('.said')) said(el, '');
}

// labelCells gives each cell of a table its column's name (data-label): on a phone, where
// a table is shown as a card a row, each value is read with its name.
export function labelCells(root = document) {
  for (const table of root.querySelectorAll('table')) {
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((c, i) => { if (names[i] && c.dataset.label !== names[i]) c.dataset.label = names[i]; });
    }
  }
}

// Rows drawn after the page was shown (a search, a table filled late) get their labels too.
let labelling = false;
new MutationObserver(() => {
  if (labelling) return;
  labelling = true;
  queueMicrotask(() => { labelCells(); labelling = false; });
}).observe(document.getElementById('main'), { childList: true, subtree: true });

export function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

// noticeOnNextPage keeps a notice for the page about to be shown (a person erased is told on
// the list of people, their own page being gone); takeNextNotice hands it over once.
let nextNotice = '';
export function noticeOnNextPage(text) { nextNotice = text; }
export function takeNextNotice() {
  const text = nextNotice;
  nextNotice = '';
  return text;
}

export function cell(tag, text) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

export function button(text, onClick, className) {
  const b = cell('button', text);
  b.type = 'button';
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

// downloadFrom fetches a file from duo's API with the signed-in person's token and hands it
// to the browser as a download.
export async function downloadFrom(pb, path, filename, headers = {}) {
  const res = await fetch(path, { headers: { Authorization: pb.authStore.token, ...headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const link = cell('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
