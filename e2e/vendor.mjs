// Copies the browser libraries of the console and the app from npm packages into their
// vendor/ folders, and records for each its package, version, licence, SHA-256 and any change
// made to it in that folder's VENDOR.json. A Go test fails when a copy drifts from its record.
// Packages the tests use are pinned in package.json and installed by `npm ci`; those only the
// pages load are pinned under "vendored" there and fetched with `npm pack`.
// Run: cd e2e && npm ci && node vendor.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pins = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const folder = (page) => path.join(here, '..', 'pb_public', page, 'vendor');

// Firebase's messaging file imports its app file from Google's CDN: served from duo instead,
// the same bytes beside it, and nothing loads from elsewhere (the page's CSP forbids it).
const firebaseApp = `https://www.gstatic.com/firebasejs/${pins.vendored?.firebase}/firebase-app.js`;
const sourceMap = /\n\/\/# sourceMappingURL=\S+\s*$/; // the .map files are not copied

// What each page loads, and from which package file.
const copies = {
  console: [
    { package: 'pocketbase', from: 'dist/pocketbase.es.mjs', to: 'pocketbase.es.mjs', licenceFile: 'LICENSE.md' },
    // The impact page's charts (loaded by that page only).
    { package: 'uplot', from: 'dist/uPlot.esm.js', to: 'uPlot.esm.js', licenceFile: 'LICENSE' },
    { package: 'uplot', from: 'dist/uPlot.min.css', to: 'uPlot.min.css', licenceFile: 'LICENSE' },
  ],
  app: [
    { package: 'pocketbase', from: 'dist/pocketbase.es.mjs', to: 'pocketbase.es.mjs', licenceFile: 'LICENSE.md' },
    // Web push (loaded only when a person turns notifications on, and the server has Firebase).
    { package: 'firebase', from: 'firebase-app.js', to: 'firebase-app.js',
      changes: [[sourceMap, '\n', 'the source map line removed']] },
    { package: 'firebase', from: 'firebase-messaging.js', to: 'firebase-messaging.js',
      changes: [[firebaseApp, './firebase-app.js', `imports ./firebase-app.js in place of ${firebaseApp}`],
        [sourceMap, '\n', 'the source map line removed']] },
  ],
};

// packed unpacks a package pinned under "vendored" into a temporary folder.
const unpacked = new Map();
function packageDir(name) {
  if (pins.dependencies?.[name]) return path.join(here, 'node_modules', name);
  if (!unpacked.has(name)) {
    const dir = mkdtempSync(path.join(tmpdir(), 'duo-vendor-'));
    const file = execFileSync('npm', ['pack', `${name}@${pins.vendored[name]}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', file], { cwd: dir });
    unpacked.set(name, dir);
  }
  return path.join(unpacked.get(name), 'package');
}

// The licence's text, or, for a package that ships none (firebase: an @license header in each
// file), its SPDX name and where the text is.
function licenceText(dir, pkg, c) {
  if (c.licenceFile) return readFileSync(path.join(dir, c.licenceFile));
  return `${pkg.name} ${pkg.version}: ${pkg.license}. The package ships no licence file; each of its files ` +
    `carries an @license header. The text: https://www.apache.org/licenses/LICENSE-2.0\n`;
}

for (const [page, list] of Object.entries(copies)) {
  const vendor = folder(page);
  mkdirSync(vendor, { recursive: true });
  const record = [];
  for (const c of list) {
    const dir = packageDir(c.package);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    let body = readFileSync(path.join(dir, c.from), 'utf8');
    for (const [from, to, why] of c.changes ?? []) {
      const changed = body.replace(from, to);
      if (changed === body) throw new Error(`${c.to}: not found to change (${why})`);
      body = changed;
    }
    writeFileSync(path.join(vendor, c.to), body);
    writeFileSync(path.join(vendor, `${c.to}.LICENSE`), licenceText(dir, pkg, c));
    const sha256 = createHash('sha256').update(body).digest('hex');
    record.push({ file: c.to, package: c.package, version: pkg.version, licence: pkg.license,
      source: `npm:${c.package}@${pkg.version}/${c.from}`, sha256,
      ...(c.changes && { changes: c.changes.map(([, , why]) => why) }) });
  }
  writeFileSync(path.join(vendor, 'VENDOR.json'), `${JSON.stringify(record, null, 2)}\n`);
  console.log(record.map((r) => `${page}/vendor/${r.file}: ${r.package} ${r.version} (${r.licence}) ${r.sha256}`).join('\n'));
}
for (const dir of unpacked.values()) rmSync(dir, { recursive: true, force: true });
