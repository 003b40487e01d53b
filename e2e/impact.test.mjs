// The console's impact page in Debian's chromium: a coordinator reads her branch's figures,
// each rate drawn with its interval, in three languages, is told a wrong cohort beside its
// field, and downloads the CSV; she reads the funnel from the information session to a signed
// duo at a phone's width; an administrator reads every branch, small cells hidden, and
// the costs. What the page shows is checked against the API; every view is photographed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { accessible, catalogs, LANGS, shot, shotOf, signIn as signInAt, switchLanguage, text } from './console-kit.mjs';
import { client, launchBrowser, PASSWORD, startServer } from './server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: ['--history', '1200'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page, email) => signInAt(page, server.url, email);

// openImpact follows the navigation's link to the impact page and waits for it drawn.
async function openImpact(page, lang) {
  const shown = Number(await page.locator('#main').getAttribute('data-shown'));
  await page.getByRole('link', { name: catalogs[lang]['nav.impact'], exact: true }).click();
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown) > n, shown);
  await page.getByRole('heading', { level: 1, name: catalogs[lang]['impact.heading'] }).waitFor();
}

// submitFilters presses Enter in a field of the filters (or on their button), keyboard only,
// and waits for the page's answer.
async function submitFilters(page, field) {
  const drawn = Number(await page.locator('#impact').getAttribute('data-drawn') ?? 0);
  await field.press('Enter');
  await page.waitForFunction((n) => Number(document.getElementById('impact').dataset.drawn ?? 0) > n, drawn);
}

test('a coordinator reads her branch\'s figures, each rate with its interval, in three languages, and downloads the CSV', async () => {
  const page = await browser.newPage({ locale: 'fr-BE', acceptDownloads: true });
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  await signIn(page, 'coordinator@demo.example.org');
  await openImpact(page, 'fr');
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const table = await sofia.send('/api/impact', { query: { by: 'quarter' } });
  assert.equal(await page.locator('#impact-rate-rows tr').count(), table.groups.length, 'a row per group, the total last');
  const total = table.groups.at(-1).measures.positive_exit_12m;
  await page.locator('#impact-rate-rows tr').last()
    .filter({ hasText: text('fr', 'impact.ofTotal', { numerator: total.numerator, denominator: total.denominator }) }).waitFor();
  await page.locator('#impact-chart canvas').waitFor();
  assert.equal(await page.locator('#impact-ops-rows tr').count(), table.groups.length);
  const issues = await accessible(page, 'impact');

  // Another measure is drawn from the same answer; its caption names it.
  await page.getByLabel(catalogs.fr['impact.measure'], { exact: true }).selectOption('mentor_felt_useful');
  await page.locator('#impact-chart-caption').filter({ hasText: catalogs.fr['measure.mentor_felt_useful'] }).waitFor();
  const felt = table.groups.at(-1).measures.mentor_felt_useful;
  await page.locator('#impact-rate-rows tr').last()
    .filter({ hasText: text('fr', 'impact.ofTotal', { numerator: felt.numerator, denominator: felt.denominator }) }).waitFor();

  // A cohort that does not exist is said beside its field, in the page's language.
  const from = page.getByLabel(catalogs.fr['impact.from'], { exact: true });
  await from.fill('2025-13');
  await submitFilters(page, from);
  await page.getByText(text('fr', 'impact.badPeriod', { example: '2025-Q1' })).waitFor();
  assert.equal(await from.getAttribute('aria-invalid'), 'true');
  await shot(page, 'console-impact-error-fr');
  await from.fill('');
  await submitFilters(page, from);
  assert.equal(await from.getAttribute('aria-invalid'), 'false');

  // By month: as many rows as the server's groups.
  await page.getByLabel(catalogs.fr['impact.groupBy'], { exact: true }).selectOption('month');
  await submitFilters(page, from);
  const byMonth = await sofia.send('/api/impact', { query: { by: 'month' } });
  assert.equal(await page.locator('#impact-rate-rows tr').count(), byMonth.groups.length);

  // The CSV is the server's, for what the filters ask.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: catalogs.fr['impact.csv'] }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  assert.match(csv, /^branch,cohort,measure,numerator,denominator,unknown,pending,value,low,high,suppressed\n/);
  assert.match(csv, /\ntotal,total,positive_exit_12m,/);

  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { level: 1, name: catalogs[lang]['impact.heading'] }).waitFor();
    await page.locator('#impact-chart canvas').waitFor();
    await shot(page, `console-impact-${lang}`);
  }
  assert.deepEqual(cspErrors, []);
  console.log(`axe-core: impact ${issues} minor or moderate issues, none serious`);
  await page.close();
});

test('an administrator reads every branch with small cells hidden, and what each duo cost', async () => {
  const page = await browser.newPage({ locale: 'en-GB' });
  await signIn(page, 'admin@demo.example.org');
  await switchLanguage(page, 'en');
  await page.getByRole('button', { name: /Bruxelles/ }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await openImpact(page, 'en');
  await page.getByLabel(catalogs.en['impact.scope'], { exact: true }).selectOption('all');
  const by = page.getByLabel(catalogs.en['impact.groupBy'], { exact: true });
  await by.selectOption('branch');
  await submitFilters(page, page.getByRole('button', { name: catalogs.en['impact.show'], exact: true }));
  await page.getByText(catalogs.en['impact.outside']).waitFor();

  const admin = new (await import('pocketbase')).default(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const table = await admin.send('/api/impact', { query: { by: 'branch' } });
  const rows = page.locator('#impact-rate-rows tr');
  assert.equal(await rows.count(), table.groups.length);
  for (const [i, g] of table.groups.entries()) {
    const startedCell = rows.nth(i).locator('td').first();
    assert.equal(await startedCell.textContent(), g.suppressed ? catalogs.en['impact.hidden'] : String(g.started), `group ${i}`);
  }
  assert.ok(table.costs.length > 0, 'the history branches record their costs');
  assert.equal(await page.locator('#impact-cost-rows tr').count(), table.costs.length);
  const last = table.costs.at(-1);
  await page.locator('#impact-cost-rows tr').last().filter({ hasText: String(last.year) }).waitFor();
  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { level: 1, name: catalogs[lang]['impact.heading'] }).waitFor();
    await page.locator('#impact-chart canvas').waitFor();
    await shot(page, `console-impact-all-${lang}`);
  }
  await accessible(page, 'impact, every branch');
  await page.close();
});

test('a coordinator reads the funnel of her branch and of a month, at a phone\'s width, in three languages', async () => {
  const page = await browser.newPage({ locale: 'fr-BE', viewport: { width: 390, height: 844 } });
  await signIn(page, 'coordinator@demo.example.org');
  await switchLanguage(page, 'fr'); // the first test left her in another
  await openImpact(page, 'fr');
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const table = await sofia.send('/api/impact', { query: { by: 'quarter' } });
  assert.equal(table.funnel.length, table.groups.length, 'a funnel per group');
  const total = table.funnel.at(-1);
  console.log(`the demo branch's funnel: ${JSON.stringify(total.steps)}`);
  // The demo branch's people went through every step (its own figures are exact).
  for (const step of ['info_registered:mentee', 'info_attended:mentee', 'intake:mentee', 'matched:mentee', 'signed:mentee',
    'info_attended:mentor', 'trained:mentor', 'signed:mentor']) {
    assert.ok(total.steps[step].n > 0, `${step} is ${JSON.stringify(total.steps[step])}`);
  }
  const steps = page.locator('#impact-funnel-steps tbody tr');
  assert.equal(await steps.count(), 6);
  await steps.filter({ hasText: catalogs.fr['impact.step.info_attended'] })
    .filter({ hasText: String(total.steps['info_attended:mentee'].n) }).waitFor();
  const show = total.rates.mentee_info_show_up;
  await page.locator('#impact-funnel-rates tbody tr').filter({ hasText: catalogs.fr['impact.conversion.info_show_up'] })
    .filter({ hasText: text('fr', 'impact.ofTotal', { numerator: show.numerator, denominator: show.denominator }) }).waitFor();
  const funnel = page.locator('#impact-funnel');
  await funnel.scrollIntoViewIfNeeded();
  // The funnel's tables fit a phone's width, in every language: three short columns, the
  // interval on a line of its own; none scrolls sideways.
  const fits = async () => {
    for (const id of ['impact-funnel-steps', 'impact-funnel-rates']) {
      const [table, region] = await page.locator(`#${id}`).evaluate((el) => [el.offsetWidth, el.parentElement.clientWidth]);
      assert.ok(table <= region, `${id} is ${table}px wide in ${region}px`);
    }
  };
  await fits();
  await accessible(page, 'impact, funnel');

  // A quarter of the table, chosen beside the funnel: its own figures.
  const quarter = table.funnel.filter((f) => f.cohort).at(-1);
  await page.getByLabel(catalogs.fr['impact.funnelGroup'], { exact: true }).selectOption(quarter.cohort);
  await steps.filter({ hasText: catalogs.fr['impact.step.intake'] })
    .filter({ hasText: String(quarter.steps['intake:mentee'].n) }).waitFor();
  await page.getByLabel(catalogs.fr['impact.funnelGroup'], { exact: true }).selectOption('');

  for (const lang of LANGS) {
    await switchLanguage(page, lang);
    await page.getByRole('heading', { level: 2, name: catalogs[lang]['impact.funnel'] }).waitFor();
    await steps.first().filter({ hasText: catalogs[lang]['impact.step.info_registered'] }).waitFor();
    await fits();
    await shotOf(funnel, `console-impact-funnel-phone-${lang}`);
  }
  await page.close();
});

test('every branch\'s funnel leaves the steps under ten hidden', async () => {
  const admin = new (await import('pocketbase')).default(server.url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const table = await admin.send('/api/impact', { query: { by: 'quarter' } });
  assert.ok(table.perturbation, 'every branch: perturbed');
  for (const f of table.funnel) {
    for (const [id, c] of Object.entries(f.steps)) {
      assert.ok(c.suppressed || c.n >= table.minCell, `${f.cohort || 'total'} ${id}: ${JSON.stringify(c)}`);
    }
  }
  const total = table.funnel.at(-1);
  assert.ok(total.steps['intake:mentee'].n >= table.minCell, 'the history\'s people are in the total');
  const page = await browser.newPage({ locale: 'en-GB' });
  await signIn(page, 'admin@demo.example.org');
  await switchLanguage(page, 'en');
  await page.getByRole('button', { name: /Bruxelles/ }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await openImpact(page, 'en');
  await page.getByLabel(catalogs.en['impact.scope'], { exact: true }).selectOption('all');
  await submitFilters(page, page.getByRole('button', { name: catalogs.en['impact.show'], exact: true }));
  await page.getByText(catalogs.en['impact.outside']).waitFor();
  await page.locator('#impact-funnel-steps tbody tr').filter({ hasText: catalogs.en['impact.step.intake'] })
    .filter({ hasText: String(total.steps['intake:mentee'].n) }).waitFor();
  await shotOf(page.locator('#impact-funnel'), 'console-impact-funnel-all-en');
  await page.close();
});
