// Ids the server accepts: a record's (15 characters, a-z0-9, made by the app so that a retried
// create never makes a second record) and an install's clientId (8 to 64 of A-Z a-z 0-9 _ -).

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} n @param {string} chars @returns {string} */
function randomString(n, chars) {
  const bytes = new Uint8Array(n * 2);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < n; i++) {
    if (bytes[i] < 252) out += chars[bytes[i] % chars.length]; // 252 = 7 x 36: no bias
  }
  return out.length === n ? out : out + randomString(n - out.length, chars);
}

/** A new record id: 15 characters, a-z and 0-9. */
export function newRecordId() {
  return randomString(15, alphabet);
}

/** A new install id (made once per install and per person signed in on it). */
export function newClientId() {
  return `app-${randomString(24, alphabet)}`;
}

/** @param {unknown} id */
export function isRecordId(id) {
  return typeof id === 'string' && /^[a-z0-9]{15}$/.test(id);
}
