// Starts a real duo server for the end-to-end tests: the built binary, a fresh data folder
// filled by `duo demo`, a free port on localhost.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import PocketBase from 'pocketbase';

export const PASSWORD = 'e2e-password-123';

const bin = path.resolve(process.env.DUO_BIN ?? '.run/duo');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(url, log, deadline = Date.now() + 20_000) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`duo did not become healthy:\n${log()}`);
}

// startServer starts duo on a demo data folder; env adds settings (DUO_FCM_*, ...), demo adds
// arguments to `duo demo` (--busy 500), serve to `duo serve` (--publicDir <folder>).
export async function startServer({ env = {}, demo = [], serve = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'duo-e2e-'));
  // --dev=false: PocketBase takes a binary under the temporary folder (a clone in /tmp) for a
  // development build and would print every SQL statement.
  execFileSync(bin, ['demo', '--dev=false', '--dir', dir, '--password', PASSWORD, ...demo], { stdio: 'pipe' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let proc;
  const run = async () => {
    proc = spawn(bin, ['serve', '--dev=false', '--dir', dir, '--http', `127.0.0.1:${port}`, ...serve], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
    });
    proc.stdout.on('data', (d) => { output += d; });
    proc.stderr.on('data', (d) => { output += d; });
    await waitHealthy(url, () => output);
  };
  const halt = async () => {
    proc.kill('SIGTERM');
    if (proc.exitCode === null) await once(proc, 'exit');
  };
  await run();
  return {
    url,
    log: () => output,
    // restart stops the server and starts it again on the same data and address (an update).
    async restart() {
      await halt();
      await run();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// client signs a demo person in with the official SDK, as the mobile app does.
export async function client(url, email) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  // Sync requests name the version of the contract the app speaks, as every app must.
  pb.beforeSend = (to, options) => {
    if (to.includes('/api/sync/')) options.headers = { ...options.headers, 'X-Duo-Schema': '1' };
    return { url: to, options };
  };
  if (email) await pb.collection('users').authWithPassword(email, PASSWORD);
  return pb;
}

// day is a calendar date in Brussels, days from today, as the app sends it: "2026-11-22".
export function day(offset = 0) {
  const at = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(at);
}

// launchBrowser starts Debian's chromium headless, with the flags this machine needs (its
// closed network refuses Chromium's background connections).
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// restarted waits for the server to have started once more than `starts` times (PocketBase
// re-executes itself after a backup restore), and to be healthy.
export async function restarted(server, starts, deadline = Date.now() + 60_000) {
  const count = () => server.log().split('Server started').length - 1;
  while (Date.now() < deadline) {
    if (count() > starts) {
      try {
        if ((await fetch(`${server.url}/api/health`)).ok) return;
      } catch { /* not listening yet */ }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`duo did not come back after the restore:\n${server.log()}`);
}

/**
 * mailTo sends the server's mails to an SMTP sink (startSmtpSink), its links to the server's
 * own address, as an administrator sets it in the dashboard; it answers the administrator's client.
 */
export async function mailTo(url, sink) {
  const admin = await client(url);
  await admin.collection('_superusers').authWithPassword('admin@demo.example.org', PASSWORD);
  await admin.settings.update({ smtp: { enabled: true, host: '127.0.0.1', port: sink.port, tls: false },
    meta: { appURL: url, senderName: 'DUO for a JOB', senderAddress: 'noreply@duo.example.org' } });
  return admin;
}
