// A local SMTP server that keeps every message it is given, for the tests of duo's mails
// (PocketBase's mailer speaks plain SMTP to it, no TLS, no login).
import net from 'node:net';

export async function startSmtpSink() {
  const messages = [];
  const waiters = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null;
    let envelope = { to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push({ ...envelope, raw: data.join('\r\n') });
            while (waiters.length) waiters.shift()();
            data = null;
            envelope = { to: [] };
            reply('250 kept');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink');
        else if (verb === 'MAIL') { envelope.from = line.slice(10).trim(); reply('250 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(line.slice(8).trim().replace(/[<>]/g, '')); reply('250 ok'); }
        else if (verb === 'DATA') { data = []; reply('354 go on'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else reply('250 ok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    // next waits until at least n messages arrived.
    async next(n = messages.length + 1, timeout = 10_000) {
      const deadline = Date.now() + timeout;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`the SMTP sink got ${messages.length} messages, not ${n}`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
      }
      return messages[n - 1];
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// decoded is a message's text part as a person reads it (quoted-printable undone).
export function decoded(raw) {
  return raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/[\u0080-\u00ff]{2,}/g, (s) => Buffer.from(s, 'latin1').toString('utf8'));
}
