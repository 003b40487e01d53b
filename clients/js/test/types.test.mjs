// The kit's JavaScript is type-checked by TypeScript against the types generated from duo's
// schema (types/duo.d.ts), and the declarations made when it is packed serve a TypeScript app.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules/.bin/tsc');
const run = promisify(execFile);

async function check(args, cwd = root) {
  try {
    await run(tsc, args, { cwd });
  } catch (err) {
    assert.fail(`tsc ${args.join(' ')}:\n${err.stdout}${err.stderr}`);
  }
}

test('the kit passes tsc --checkJs, strict', () => check(['-p', 'jsconfig.json']));

test('an app in TypeScript uses the kit through the declarations it is packed with', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duo-kit-types-'));
  try {
    await check(['-p', 'jsconfig.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--rootDir', 'src', '--outDir', path.join(dir, 'kit/dist')]);
    symlinkSync(path.join(root, 'src'), path.join(dir, 'kit/src'));
    symlinkSync(path.join(root, 'types'), path.join(dir, 'kit/types'));
    symlinkSync(path.join(root, 'package.json'), path.join(dir, 'kit/package.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'app.ts'), `
import PocketBase from 'pocketbase';
import { SyncClient, MemoryStorage } from './kit/dist/index.js';
import type { Meeting } from './kit/types/duo.js';
const kit = new SyncClient({ pb: new PocketBase('http://127.0.0.1:8090'), storage: new MemoryStorage() });
kit.watch('meetings', (rows: Meeting[]) => rows.map((m) => m.minutes.toFixed(0)));
kit.on('conflict', (c) => c.fields.map((f) => [f.field, f.mine, f.theirs]));
const pending: number = kit.syncStatus.pending;
// @ts-expect-error: duo_events is synced down only
kit.create('duo_events', {});
// @ts-expect-error: minutes is a number
kit.update('meetings', 'x', { minutes: 'two hours' });
export { pending };
`);
    await check(['--strict', '--noEmit', '--module', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'app.ts'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
