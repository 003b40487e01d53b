// Small helpers to build the console's pages from the DOM, never from HTML strings.
export const $ = (id) => document.getElementById(id);

const SECTIONS = ['signin', 'branches', 'overview', 'people', 'person', 'duos', 'duo', 'matching', 'impact'];

// show displays one section of the page and moves the focus to it, for keyboard and screen
// reader users.
export function show(sectionId, signedIn) {
  for (const id of SECTIONS) $(id).hidden = id !== sectionId;
  for (const id of ['signout', 'who', 'nav']) $(id).hidden = !signedIn;
  for (const link of document.querySelectorAll('#nav a')) {
    const parent = { duo: 'duos', person: 'people' }; // a duo's page belongs to the duos, a person's to the people
    const current = parent[sectionId] ?? sectionId;
    if (link.getAttribute('href') === `#${current}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = $('main');
  main.dataset.shown = String(Number(main.dataset.shown ?? 0) + 1); // a page drawn whole: tests wait for it
  main.focus();
}

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
