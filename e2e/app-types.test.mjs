// The app passes the TypeScript checker (tsc --checkJs, strict) as the browser gets it: its
// files with the kit's beside them under kit/ (as shell.go serves them), the SDK's own
// declarations for the vendored copy, and Firebase's two functions the app calls.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve('..');
const tsc = path.join(root, 'clients/js/node_modules/.bin/tsc');

const firebase = {
  'firebase-app.d.ts': 'export function initializeApp(options: Record<string, string>, name?: string): unknown;\n',
  'firebase-messaging.d.ts': [
    'export function getMessaging(app: unknown): unknown;',
    'export function getToken(messaging: unknown, options: { vapidKey: string, serviceWorkerRegistration: ServiceWorkerRegistration }): Promise<string>;',
    'export function deleteToken(messaging: unknown): Promise<boolean>;',
    'export function isSupported(): Promise<boolean>;', ''].join('\n'),
};

test('the app passes tsc --checkJs, strict', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duo-app-types-'));
  try {
    cpSync(path.join(root, 'pb_public/app'), dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}vendor`) && !f.endsWith('.json') || f.endsWith(`${path.sep}app`) });
    cpSync(path.join(root, 'clients/js/src'), path.join(dir, 'kit'), { recursive: true });
    cpSync(path.join(root, 'clients/js/types'), path.join(dir, 'types'), { recursive: true });
    cpSync(path.join(root, 'e2e/node_modules/pocketbase/dist/pocketbase.es.d.mts'), path.join(dir, 'vendor/pocketbase.es.d.mts'));
    for (const [name, text] of Object.entries(firebase)) writeFileSync(path.join(dir, 'vendor', name), text);
    writeFileSync(path.join(dir, 'jsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'es2022', moduleResolution: 'bundler', lib: ['es2023', 'dom', 'dom.iterable', 'webworker'],
        allowJs: true, checkJs: true, noEmit: true, strict: true, skipLibCheck: true,
        paths: { pocketbase: ['./vendor/pocketbase.es.d.mts'] } }, // the kit's types name the SDK's package
      include: ['*.js', 'screens/*.js'],
    }));
    try {
      await run(tsc, ['-p', 'jsconfig.json'], { cwd: dir });
    } catch (err) {
      assert.fail(`tsc:\n${err.stdout}${err.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
