// The console's impact page in Debian's chromium: a coordinator reads her branch's figures,
// each rate drawn with its interval, in three languages, is told a wrong cohort beside its
// field, and downloads the CSV; an administrator reads every branch, small cells hidden, and
// the costs. What the page shows is checked against the API; every view is photographed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { accessible, catalogs, LANGS, shot, signIn as signInAt, switchLanguage, text } from './console-kit.mjs';
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
