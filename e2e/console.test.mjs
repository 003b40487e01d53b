// The coordinators' console in Debian's chromium, used as a person would: the keyboard, the
// labels, the three languages; what it shows is checked against the API, each page is run
// through axe-core and photographed under e2e/.run/screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessible, catalogs, shot, signIn as signInAt, switchLanguage } from './console-kit.mjs';
import { client, launchBrowser, PASSWORD, startServer } from './server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page, email) => signInAt(page, server.url, email);

test('the console is served under a strict policy, with no script of its own inline', async () => {
  const res = await fetch(`${server.url}/console/`);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(await res.text(), /<script(?![^>]*\bsrc=)/);
});

test('a coordinator signs in with the keyboard and sees her branch by stage, in three languages', async () => {
  const page = await browser.newPage({ locale: 'fr-BE' });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(`${server.url}/console/`);
  await page.getByRole('heading', { name: catalogs.fr['signin.heading'] }).waitFor();
  const signinIssues = await accessible(page, 'sign-in');
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['signin.heading'] }).waitFor();
    await shot(page, `console-signin-${lang}`);
  }
  await switchLanguage(page, 'fr');

  await signIn(page, 'coordinator@demo.example.org');
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const branch = await sofia.collection('branches').getOne(sofia.authStore.record.branch);
  await page.getByRole('heading', { name: `Antenne ${branch.name}` }).waitFor();
  for (const status of ['proposed', 'validated', 'active', 'completed', 'stopped', 'declined']) {
    const { totalItems } = await sofia.collection('duos').getList(1, 1, { filter: `status = "${status}"` });
    const shown = await page.locator(`tr[data-status="${status}"] td`).textContent();
    assert.equal(Number(shown), totalItems, `${status} duos`);
  }
  const o = await sofia.send('/api/console/overview', {});
  for (const duo of o.atRisk) {
    for (const reason of duo.reasons) {
      await page.locator(`tr[data-duo="${duo.duo}"] li[data-risk="${reason.code}"]`).waitFor();
    }
  }
  assert.equal(await page.locator('#risk-rows tr').count(), o.atRisk.length, 'the duos at risk are those the server names');
  assert.equal(await page.locator('#no-risks').isVisible(), o.atRisk.length === 0);
  const overviewIssues = await accessible(page, 'overview');
  for (const lang of ['nl', 'en', 'fr'] /* ends in her own: the switch is kept as her language */) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['overview.heading'].replace('{{branch}}', branch.name) }).waitFor();
    await shot(page, `console-overview-${lang}`);
    const me = await sofia.collection('users').getOne(sofia.authStore.record.id);
    assert.equal(me.locale, lang, 'the language she chooses becomes hers: the server speaks it to her too');
  }
  assert.deepEqual(cspErrors, []);
  console.log(`axe-core: sign-in ${signinIssues}, overview ${overviewIssues} minor or moderate issues, none serious`);

  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('pocketbase_auth')).token);
  const refresh = (t) => fetch(`${server.url}/api/collections/users/auth-refresh`, { method: 'POST', headers: { Authorization: t } });
  assert.equal((await refresh(token)).status, 200, 'the console\'s token works while she is signed in');
  await page.getByRole('button', { name: catalogs.fr.signout }).click();
  await page.getByRole('heading', { name: catalogs.fr['signin.heading'] }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('pocketbase_auth')), null, 'signing out clears the token');
  assert.equal((await refresh(token)).status, 401, 'and ends it on the server: the old token answers 401');
  await assert.rejects(sofia.collection('users').authRefresh(), { status: 401 }, 'so do her other sessions');
  await page.close();
});

test('a mentor who opens the console is told it is for staff, and keeps no token', async () => {
  for (const [lang, locale] of [['fr', 'fr-BE'], ['nl', 'nl-BE'], ['en', 'en-GB']]) {
    const page = await browser.newPage({ locale });
    await signIn(page, 'marc@demo.example.org');
    await page.getByText(catalogs[lang]['signin.staffOnly']).waitFor();
    assert.equal(await page.locator('#overview').isVisible(), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('pocketbase_auth')), null);
    await shot(page, `console-staff-only-${lang}`);
    await page.close();
  }
});

test('a wrong password is said in the page\'s language; an administrator picks a branch', async () => {
  const page = await browser.newPage({ locale: 'nl-BE' });
  await page.goto(`${server.url}/console/`);
  await page.getByRole('textbox', { name: catalogs.nl['signin.email'], exact: true }).fill('coordinator@demo.example.org');
  await page.getByRole('textbox', { name: catalogs.nl['signin.password'], exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: catalogs.nl['signin.submit'] }).click();
  await page.getByRole('alert').filter({ hasText: catalogs.nl['signin.failed'] }).waitFor();

  await signIn(page, 'admin@demo.example.org');
  await page.getByRole('heading', { name: catalogs.nl['branches.heading'] }).waitFor();
  for (const lang of ['nl', 'fr', 'en']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['branches.heading'] }).waitFor();
    await shot(page, `console-branches-${lang}`);
  }
  await switchLanguage(page, 'nl');
  await page.getByRole('button', { name: /Bruxelles/ }).click();
  await page.getByRole('heading', { name: /Afdeling/ }).waitFor();
  await page.close();
});

test('matching: a coordinator picks a waiting mentee, reads the ranked suggestions, and proposes a duo', async () => {
  const page = await browser.newPage({ locale: 'en-GB' });
  await signIn(page, 'coordinator@demo.example.org');
  await page.getByRole('link', { name: /Matching/ }).click();
  await page.getByRole('heading', { name: /Matching/, level: 1 }).waitFor();

  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const { items: waiting } = await sofia.send('/api/console/people', { query: { role: 'mentee', status: 'waiting', perPage: 200 } });
  const busy = new Set((await sofia.collection('duos').getFullList({
    filter: 'status = "proposed" || status = "validated" || status = "active"' })).map((d) => d.mentee));
  assert.ok(waiting.every((m) => !busy.has(m.id) && m.role === 'mentee'), 'nobody waiting is in an open duo');
  assert.ok(waiting.length > 0, 'the demo has mentees waiting');
  assert.equal(await page.locator('#waiting-list li').count(), waiting.length, 'the waiting mentees are those the API says');

  const firstId = await page.locator('#waiting-list li').first().getAttribute('data-mentee');
  const mentee = waiting.find((m) => m.id === firstId);
  await page.locator('#waiting-list li button').first().click();
  const { suggestions } = await sofia.send('/api/console/suggestions', { query: { mentee: mentee.id, limit: 10 } });
  await page.locator('#suggestion-rows tr').first().waitFor();
  const shownOrder = await page.locator('#suggestion-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.mentor));
  assert.deepEqual(shownOrder, suggestions.map((s) => s.mentor), 'ranked as the server ranks them');
  const issues = await accessible(page, 'matching');
  for (const lang of ['en', 'fr', 'nl']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['matching.waiting'] }).waitFor();
    await page.locator('#waiting-list li button').first().click();
    await page.locator('#suggestion-rows tr').first().waitFor();
    await shot(page, `console-matching-${lang}`);
  }
  console.log(`axe-core: matching ${issues} minor or moderate issues, none serious`);

  const best = suggestions[0];
  await page.getByRole('button', { name: catalogs.nl['matching.propose'].replace('{{mentor}}', best.name) }).click();
  // What the page says after it: the duo proposed, or why not (next to the button).
  await page.locator('#matching-said:not([hidden]), #suggestions .said.error:not([hidden])').first().waitFor();
  assert.equal(await page.locator('#matching-said').textContent(),
    catalogs.nl['matching.proposed'].replace('{{mentor}}', best.name).replace('{{mentee}}', mentee.name),
    `what the page said: ${await page.locator('.said:not([hidden])').allTextContents()}`);
  const proposed = await sofia.collection('duos').getFullList({ filter: `mentee = "${mentee.id}" && status = "proposed"` });
  assert.equal(proposed.length, 1, 'the duo exists, proposed');
  assert.equal(proposed[0].mentor, best.mentor);
  assert.equal(await page.locator(`#waiting-list li[data-mentee="${mentee.id}"]`).count(), 0, 'the mentee waits no more');

  // Another mentee, with a free mentor the coordinator knows better than the ranking does.
  const next = await page.locator('#waiting-list li').first().getAttribute('data-mentee');
  await page.locator('#waiting-list li button').first().click();
  await page.locator('#suggestion-rows tr').first().waitFor();
  const { items: free } = await sofia.send('/api/console/people', { query: { role: 'mentor', status: 'waiting', perPage: 200 } });
  const chosen = free.at(-1);
  await page.getByRole('combobox', { name: catalogs.nl['matching.other'] }).selectOption(chosen.id);
  await page.getByRole('button', { name: catalogs.nl['matching.proposeOther'] }).press('Enter');
  await page.getByText(catalogs.nl['matching.proposed'].replace('{{mentor}}', chosen.name)
    .replace('{{mentee}}', waiting.find((m) => m.id === next).name)).waitFor();
  const other = await sofia.collection('duos').getFullList({ filter: `mentee = "${next}" && status = "proposed"` });
  assert.deepEqual(other.map((d) => d.mentor), [chosen.id], 'proposed with the mentor chosen');
  await switchLanguage(page, 'fr'); // her own language again (the switch is kept in her account)
  await page.close();
});

test('a duo\'s page: the branch\'s duos by stage, a proposed duo validated, a running one stopped with its reason', async () => {
  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, 'coordinator@demo.example.org');
  await page.getByRole('link', { name: catalogs.fr['nav.duos'] }).click();
  await page.getByRole('heading', { name: catalogs.fr['duos.heading'] }).waitFor();
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const all = await sofia.collection('duos').getFullList({ expand: 'mentor,mentee' });
  await page.locator('#duo-rows tr').nth(all.length - 1).waitFor();
  assert.equal(await page.locator('#duo-rows tr').count(), all.length);
  const duosIssues = await accessible(page, 'duos');
  for (const lang of ['nl', 'en', 'fr']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['duos.heading'] }).waitFor();
    await shot(page, `console-duos-${lang}`);
  }

  await page.getByLabel(catalogs.fr['duos.filter'], { exact: true }).selectOption('proposed');
  const proposed = all.filter((d) => d.status === 'proposed');
  await page.waitForFunction((n) => document.querySelectorAll('#duo-rows tr').length === n, proposed.length);
  const first = proposed[0];
  await page.locator(`#duo-rows tr[data-duo="${first.id}"] a`).click();
  await page.getByRole('heading', { name: `${first.expand.mentee.name} et ${first.expand.mentor.name}` }).waitFor();
  await page.getByRole('button', { name: catalogs.fr['duo.validate'] }).click();
  await page.getByText(catalogs.fr['duo.moved.validated']).waitFor();
  assert.equal((await sofia.collection('duos').getOne(first.id)).status, 'validated');
  await page.getByText(catalogs.fr['duo.mentorNotSigned']).waitFor();

  const active = all.find((d) => d.status === 'active');
  await page.goto(`${server.url}/console/#duo/${active.id}`);
  await page.getByRole('heading', { name: `${active.expand.mentee.name} et ${active.expand.mentor.name}` }).waitFor();
  const meetings = await sofia.collection('meetings').getFullList({ filter: `duo = "${active.id}"` });
  await page.locator('#duo-timeline li[data-kind="meeting"]').nth(meetings.length - 1).waitFor();
  assert.equal(await page.locator('#duo-timeline li[data-kind="meeting"]').count(), meetings.length, 'every meeting in the timeline');
  assert.equal(await page.locator('#duo-signatures li[data-signed="yes"]').count(), 2, 'both signed');
  const duoIssues = await accessible(page, 'duo');
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    // the page is drawn again in that language once its stage reads in it
    const stage = catalogs[lang]['duo.status'].replace('{{status}}', catalogs[lang]['status.active']);
    await page.locator('#duo-status').filter({ hasText: stage }).waitFor();
    await shot(page, `console-duo-${lang}`);
  }
  console.log(`axe-core: duos ${duosIssues}, duo ${duoIssues} minor or moderate issues, none serious`);

  // The stop form is out of the way: closed, at the end of the page, opened on purpose.
  assert.equal(await page.locator('#duo-stop').evaluate((d) => d.open), false, 'the stop form starts closed');
  assert.equal(await page.locator('#duo-stop').evaluate((d) => d === d.parentElement.lastElementChild), true, 'at the end of the page');
  await page.getByText(catalogs.en['duo.stopOpen']).click();
  // The form says who reads each field: the category and the words, the duo; the note, the staff.
  const category = page.getByLabel(catalogs.en['duo.stopCategory']);
  assert.equal(await category.getAttribute('aria-describedby'), 'stop-category-hint');
  await page.locator('#stop-category-hint').filter({ hasText: catalogs.en['duo.stopCategoryHint'] }).waitFor();
  await page.locator('#stop-reason-hint').filter({ hasText: catalogs.en['duo.stopReasonHint'] }).waitFor();
  await page.locator('#duo-note-hint').filter({ hasText: catalogs.en['duo.noteHint'] }).waitFor();
  await category.selectOption('job');
  // The page drawn again after the stop comes late (a slow line): what is typed meanwhile stays.
  await page.route('**/api/collections/duo_staff_notes/records?*', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.getByLabel(catalogs.en['duo.stopReason']).focus();
  await page.keyboard.type('Found a job in logistics');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText(catalogs.en['duo.moved.stopped']).waitFor();
  const stopped = await sofia.collection('duos').getOne(active.id);
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.stop_reason, 'Found a job in logistics');
  assert.equal(stopped.stop_category, 'job');
  await page.getByLabel(catalogs.en['duo.noteHeading']).fill('Left without a word to his mentor; call him in March.');
  await page.waitForTimeout(1000); // the late drawing has come
  await page.unroute('**/api/collections/duo_staff_notes/records?*');
  await page.getByRole('button', { name: catalogs.en['duo.noteSave'] }).click();
  await page.getByText(catalogs.en['duo.noteSaved']).waitFor();
  const [note] = await sofia.collection('duo_staff_notes').getFullList({ filter: `duo = "${active.id}"` });
  assert.equal(note.text, 'Left without a word to his mentor; call him in March.');
  const mentee = await client(server.url, active.expand.mentee.email);
  assert.deepEqual(await mentee.collection('duo_staff_notes').getFullList(), [], 'the mentee lists no staff note');
  await assert.rejects(mentee.collection('duo_staff_notes').getOne(note.id), { status: 404 });
  const seen = await mentee.collection('duos').getOne(active.id, { expand: 'duo_staff_notes_via_duo' });
  assert.equal(seen.expand?.duo_staff_notes_via_duo, undefined, 'nor expands it from her duo');
  const events = await mentee.collection('duo_events').getFullList({ filter: `duo = "${active.id}"` });
  assert.ok(events.some((e) => e.to_status === 'stopped' && e.detail === 'job'), 'her history says why in a category, not in words');
  await switchLanguage(page, 'fr');
  await page.close();
});

test('end of the period: a completed duo\'s evaluations and follow-ups stand as the server says', async () => {
  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, 'coordinator@demo.example.org');
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const completed = await sofia.collection('duos').getFullList({ filter: 'status = "completed"', expand: 'mentor,mentee' });
  const seen = new Set();
  let shown = null;
  for (const duo of completed) {
    const { evaluations } = await sofia.send(`/api/console/duos/${duo.id}/evaluations`, {});
    await page.goto(`${server.url}/console/#duo/${duo.id}`);
    await page.getByRole('heading', { name: `${duo.expand.mentee.name} et ${duo.expand.mentor.name}` }).waitFor();
    await page.locator('#evaluation-rows tr').nth(evaluations.length - 1).waitFor();
    const rows = await page.locator('#evaluation-rows tr').evaluateAll((trs) => trs.map((r) => `${r.dataset.kind} ${r.dataset.state}`));
    assert.deepEqual(rows, evaluations.map((e) => `${e.kind} ${e.state}`), `the evaluations of ${duo.expand.mentee.name}`);
    for (const r of rows) seen.add(r);
    if (rows.includes('followup_6m overdue')) shown = duo;
  }
  for (const want of ['final answered', 'final waiting', 'final overdue', 'followup_6m overdue', 'followup_6m answered', 'followup_12m upcoming']) {
    assert.ok(seen.has(want), `the demo shows a ${want} evaluation`);
  }
  await page.goto(`${server.url}/console/#duo/${shown.id}`);
  await page.locator('#evaluation-rows tr[data-state="overdue"]').waitFor();
  const issues = await accessible(page, 'evaluations');
  for (const lang of ['nl', 'en', 'fr']) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { name: catalogs[lang]['duo.evaluations'] }).waitFor();
    await shot(page, `console-duo-evaluations-${lang}`);
  }
  console.log(`axe-core: evaluations ${issues} minor or moderate issues, none serious`);
  await page.close();
});

test('another branch\'s coordinator gets nothing of this branch through the console\'s routes', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const [somebody] = await sofia.collection('users').getFullList({ filter: 'role = "mentee"' });
  const admin = await client(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const other = await admin.collection('branches').create({ name: 'Antwerpen (e2e)', city: 'Antwerpen', country: 'BE',
    timezone: 'Europe/Brussels', locale: 'nl' });
  await admin.collection('users').create({ email: 'koen@e2e.example.org', password: PASSWORD, passwordConfirm: PASSWORD,
    name: 'Koen Coördinator', role: 'coordinator', branch: other.id, verified: true });
  const koen = await client(server.url, 'koen@e2e.example.org');
  await assert.rejects(koen.send('/api/console/overview', { query: { branch: sofia.authStore.record.branch } }), { status: 404 });
  await assert.rejects(koen.send('/api/console/suggestions', { query: { mentee: somebody.id } }), { status: 404 });
  const marc = await client(server.url, 'marc@demo.example.org');
  await assert.rejects(marc.send('/api/console/overview', {}), { status: 403 });
  await assert.rejects(fetch(`${server.url}/api/console/overview`).then((r) => { if (!r.ok) throw { status: r.status }; }), { status: 401 });
});
