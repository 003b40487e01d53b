// Copies the console's browser libraries from npm packages (pinned in package.json, installed
// by `npm ci`) into pb_public/console/vendor, and records for each its package, version,
// licence and SHA-256 in vendor/VENDOR.json. A Go test fails when a copy drifts from its
// record. Run: cd e2e && npm ci && node vendor.mjs
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const vendor = path.join(here, '..', 'pb_public', 'console', 'vendor');

// What the console loads, and from which package file.
const copies = [
  { package: 'pocketbase', from: 'dist/pocketbase.es.mjs', to: 'pocketbase.es.mjs', licenceFile: 'LICENSE.md' },
  // The impact page's charts (loaded by that page only).
  { package: 'uplot', from: 'dist/uPlot.esm.js', to: 'uPlot.esm.js', licenceFile: 'LICENSE' },
  { package: 'uplot', from: 'dist/uPlot.min.css', to: 'uPlot.min.css', licenceFile: 'LICENSE' },
];

const record = [];
for (const c of copies) {
  const dir = path.join(here, 'node_modules', c.package);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  copyFileSync(path.join(dir, c.from), path.join(vendor, c.to));
  copyFileSync(path.join(dir, c.licenceFile), path.join(vendor, `${c.to}.LICENSE`));
  const sha256 = createHash('sha256').update(readFileSync(path.join(vendor, c.to))).digest('hex');
  record.push({ file: c.to, package: c.package, version: pkg.version, licence: pkg.license,
    source: `npm:${c.package}@${pkg.version}/${c.from}`, sha256 });
}
writeFileSync(path.join(vendor, 'VENDOR.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(record.map((r) => `${r.file}: ${r.package} ${r.version} (${r.licence}) ${r.sha256}`).join('\n'));
