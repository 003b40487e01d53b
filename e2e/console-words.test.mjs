// Everything the console shows a coordinator is in her language: in French, Dutch and English,
// every page (a duo's history with a stop and corrected dates, the match reasons, the impact
// figures) holds no code, no internal name and no text of another language.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { catalogs, LANGS, shot, signIn, switchLanguage, text } from './console-kit.mjs';
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

// Texts of a language that would betray another: the catalog's (long enough to be words, not
// a name), what the SDK says on its own, and the server's English of before.
function foreign(lang) {
  const out = new Set(['Something went wrong', '(was ']);
  for (const other of LANGS.filter((l) => l !== lang)) {
    for (const [key, words] of Object.entries(catalogs[other])) {
      if (words.length >= 12 && !words.includes('{{') && words !== catalogs[lang][key]) out.add(words);
    }
  }
  return [...out];
}

const CODE = /\b[a-z]+(?:_[a-z0-9]+)+\b/; // stop categories, sectors, barriers, reasons: lost_contact, job_search_tools
const INTERNAL = /\b(?:branch_costs|duo_staff_notes|duo_events|stop_reason|stop_category|_superusers|data_audit|pocketbase)\b/i;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

// shownText is what the page shows: the main part's text and its lists' choices.
function shownText(page) {
  return page.evaluate(() => {
    const main = document.getElementById('main');
    const options = [...main.querySelectorAll('select')].filter((s) => s.checkVisibility())
      .flatMap((s) => [...s.options].map((o) => o.text));
    return [main.innerText, ...options].join('\n');
  });
}

function speaks(lang, shown, where) {
  for (const pattern of [CODE, INTERNAL, ISO_DATE]) {
    assert.doesNotMatch(shown, pattern, `${where} (${lang}) shows a code or an internal name`);
  }
  for (const words of foreign(lang)) {
    assert.ok(!shown.includes(words), `${where} (${lang}) shows another language's text: ${words}`);
  }
}

// visit shows a page of the console by its address and waits for it drawn.
async function visit(page, hash) {
  const shown = Number(await page.locator('#main').getAttribute('data-shown') ?? 0);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.waitForFunction((n) => Number(document.getElementById('main').dataset.shown ?? 0) > n, shown);
}

test('every page speaks the coordinator\'s language only: no code, no internal name, no other language', async () => {
  const url = server.url;
  const sofia = await client(url, 'coordinator@demo.example.org');
  const admin = await client(url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  const [corrected, stopped] = await sofia.collection('duos').getFullList({ filter: 'status = "active"', sort: 'created' });
  // An administrator corrects a period (a week later, same end); a coordinator stops a duo.
  const later = new Date(Date.parse(corrected.started_on.replace(' ', 'T')) + 7 * 86_400_000).toISOString().slice(0, 10);
  await admin.collection('duos').update(corrected.id, { started_on: later });
  await sofia.collection('duos').update(stopped.id, { status: 'stopped', stop_category: 'lost_contact', stop_reason: 'Merci pour tout !' });
  await sofia.collection('duo_staff_notes').create({ duo: stopped.id, text: 'Plus de nouvelles depuis trois semaines.' });
  const { items: waiting } = await sofia.send('/api/console/people', { query: { role: 'mentee', status: 'waiting', perPage: 200 } });
  // A mentee whose suggestions share languages and a sector with her, named in words below.
  let mentee;
  let suggestions;
  for (const m of waiting) {
    ({ suggestions } = await sofia.send('/api/console/suggestions', { query: { mentee: m.id, limit: 10 } }));
    const codes = new Set(suggestions.flatMap((s) => s.reasons.map((r) => r.code)));
    if (codes.has('shared_languages') && codes.has('shared_sector')) {
      mentee = m;
      break;
    }
  }
  assert.ok(mentee, 'the demo has a mentee with mentors sharing her languages and sector');

  const [training] = await sofia.collection('sessions').getFullList({ filter: 'kind = "training"', sort: 'starts_at' });
  const [checkin] = await sofia.collection('sessions').getFullList({ filter: 'kind = "checkin"', sort: 'starts_at' });

  const page = await browser.newPage({ locale: 'fr-BE' });
  await signIn(page, url, 'coordinator@demo.example.org');
  for (const lang of ['fr', 'nl', 'en']) {
    await switchLanguage(page, lang);
    const pages = [['overview', '#overview'], ['people', '#people'], ['a mentee', `#person/${mentee.id}`], ['duos', '#duos'],
      ['the calendar', '#calendar'], ['a training', `#session/${training.id}`], ['a check-in', `#session/${checkin.id}`],
      ['planning a session', '#session/new'],
      ['a duo whose dates were corrected', `#duo/${corrected.id}`], ['a stopped duo', `#duo/${stopped.id}`], ['matching', '#matching'],
      ['impact', '#impact']];
    for (const [where, hash] of pages) {
      await visit(page, hash);
      speaks(lang, await shownText(page), where);
    }

    await visit(page, `#duo/${corrected.id}`);
    await page.locator('#duo-timeline li').filter({ hasText: catalogs[lang]['event.dates_corrected'].split('{{')[0].trim() }).first().waitFor();
    await visit(page, `#duo/${stopped.id}`);
    const why = text(lang, 'stopCategory.lost_contact');
    await page.locator('#duo-timeline li').filter({ hasText: text(lang, 'event.stopCategory', { category: why }) }).waitFor();
    await page.locator('#duo-stop-info').filter({ hasText: text(lang, 'duo.stoppedBecause', { category: why }) }).waitFor();
    assert.equal(await page.locator('#duo-note').inputValue(), 'Plus de nouvelles depuis trois semaines.');
    await shot(page, `console-duo-stopped-${lang}`);

    // The match reasons name languages and sectors in words.
    await visit(page, '#matching');
    await page.locator(`#waiting-list li[data-mentee="${mentee.id}"] button`).click();
    await page.locator('#suggestion-rows tr').first().waitFor();
    const names = new Intl.DisplayNames([lang], { type: 'language' });
    for (const s of suggestions) {
      for (const r of s.reasons.filter((x) => x.code === 'shared_languages' || x.code === 'shared_sector')) {
        const shown = await page.locator(`tr[data-mentor="${s.mentor}"] li[data-reason="${r.code}"]`).innerText();
        for (const v of r.values) {
          const word = r.code === 'shared_sector' ? catalogs[lang][`sector.${v}`]
            : (['ber', 'ff', 'prs'].includes(v) ? catalogs[lang][`lang.${v}`] : names.of(v));
          assert.ok(shown.includes(word), `${lang}: "${shown}" names ${v} as ${word}`);
        }
      }
    }
    speaks(lang, await shownText(page), 'matching, with suggestions');
    await shot(page, `console-matching-words-${lang}`);

    // The impact figures by month and by quarter name their cohorts in words.
    await visit(page, '#impact');
    for (const by of ['month', 'quarter']) {
      const drawn = Number(await page.locator('#impact').getAttribute('data-drawn') ?? 0);
      await page.locator('#impact-by').selectOption(by);
      await page.locator('#impact-from').press('Enter');
      await page.waitForFunction((n) => Number(document.getElementById('impact').dataset.drawn ?? 0) > n, drawn);
      const tables = await page.locator('#impact-results').innerText();
      assert.doesNotMatch(tables, /\b\d{4}-(?:\d{2}|Q[1-4])\b/, `impact by ${by} (${lang}) names a cohort by its code`);
      speaks(lang, await shownText(page), `impact by ${by}`);
    }
    await shot(page, `console-impact-words-${lang}`);
  }
  await switchLanguage(page, 'fr');
  await page.close();
});
