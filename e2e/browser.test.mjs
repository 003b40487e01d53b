// The pages a browser gets from duo: the landing page, and PocketBase's dashboard for the
// programme's administrators, driven in Debian's chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, PASSWORD, startServer } from './server.mjs';

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

test('the landing page leads administrators to the dashboard, where duo\'s collections are', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  assert.equal(await page.title(), 'duo · DUO for a JOB');
  assert.match(await page.textContent('body'), /Le serveur de l'application de mentorat/);

  await page.click('#dashboard');
  await page.waitForURL(/\/_\//);
  await page.fill('input[type="email"]', 'admin@demo.example.org');
  await page.fill('input[type="password"]', PASSWORD);
  await page.click('form[data-pb="authWithPasswordForm"] button.next');
  for (const name of ['duos', 'meetings', 'agreements', 'duo_events']) {
    await page.getByText(name, { exact: true }).first().waitFor({ timeout: 15_000 });
  }
});
