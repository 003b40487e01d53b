// How fast the console's overview is for the coordinator of a busy branch (500 active duos,
// 13,000 meetings, every duo at risk: the largest overview), from pressing "sign in" to the
// page drawn and painted, as the page itself measures it with the Performance API. Reported,
// not asserted: a timing depends on the machine.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signIn } from './console-kit.mjs';
import { client, launchBrowser, startServer } from './server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: ['--busy', '500'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('the overview of a 500-duo branch after sign-in, from the Performance API', async () => {
  const bram = await client(server.url, 'busy@demo.example.org');
  const { atRisk, byStatus } = await bram.send('/api/console/overview', {});
  assert.equal(byStatus.active, 500);
  const runs = [];
  const requests = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ locale: 'nl-BE' });
    await signIn(page, server.url, 'busy@demo.example.org');
    await page.waitForFunction(() => performance.getEntriesByName('duo:signin-to-overview').length === 1);
    assert.equal(await page.locator('#risk-rows tr').count(), atRisk.length);
    runs.push(await page.evaluate(() => performance.getEntriesByName('duo:signin-to-overview')[0].duration));
    requests.push(await page.evaluate(() => performance.getEntriesByType('resource')
      .find((r) => r.name.includes('/api/console/overview')).duration));
    await page.close();
  }
  console.log(`overview of ${byStatus.active} duos (${atRisk.length} at risk): sign-in to painted, median ${median(runs).toFixed(0)} ms ` +
    `(runs ${runs.map((r) => r.toFixed(0)).join(', ')} ms); the overview request itself, median ${median(requests).toFixed(0)} ms`);
});
