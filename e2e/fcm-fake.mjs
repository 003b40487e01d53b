// A local stand-in for Firebase Cloud Messaging (HTTP v1) and Google's token endpoint, for
// the server's real Firebase SDK: it checks the service account's signed JWT, then records
// each message, or answers with the error scripted for its token.
import { generateKeyPairSync, createVerify } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';

export async function startFakeFCM(credentialsPath) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const received = [];
  const replies = new Map(); // token -> [status, fcm error code]
  let tokens = 0;
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const json = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.url === '/token') {
      const assertion = new URLSearchParams(body).get('assertion') ?? '';
      const [header, claims, signature] = assertion.split('.');
      const ok = signature && createVerify('RSA-SHA256').update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature, 'base64url'));
      if (!ok) return json(400, { error: 'invalid_grant' });
      tokens += 1;
      return json(200, { access_token: `fake-${tokens}`, token_type: 'Bearer', expires_in: 3600 });
    }
    if (!req.headers.authorization?.startsWith('Bearer fake-')) return json(401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
    const { message } = JSON.parse(body);
    const reply = replies.get(message.token);
    if (reply) {
      return json(reply[0], { error: { code: reply[0], message: reply[1], status: 'NOT_FOUND',
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: reply[1] }] } });
    }
    received.push(message);
    return json(200, { name: `projects/duo-e2e/messages/${received.length}` });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${server.address().port}`;
  writeFileSync(credentialsPath, JSON.stringify({
    type: 'service_account', project_id: 'duo-e2e', private_key_id: 'k1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: 'push@duo-e2e.iam.gserviceaccount.com', client_id: '1', token_uri: `${url}/token`,
  }));
  return {
    endpoint: `${url}/v1`,
    received,
    tokensIssued: () => tokens,
    unregister: (token) => replies.set(token, [404, 'UNREGISTERED']),
    close: () => server.close(),
  };
}
