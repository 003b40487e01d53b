// The mobile app's view of duo, through the official pocketbase SDK.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { client, day, startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const status = (code) => (err) => {
  assert.equal(err.status, code, JSON.stringify(err.response));
  return true;
};

test('a mentor lists only their duo and logs a meeting', async () => {
  const marc = await client(server.url, 'marc@demo.example.org');
  const duos = await marc.collection('duos').getFullList();
  assert.equal(duos.length, 1);
  const [duo] = duos;
  assert.equal(duo.status, 'active');

  const meeting = await marc.collection('meetings').create({
    duo: duo.id, held_on: day(-1), minutes: 120, mode: 'in_person', topics: ['interview'], notes: 'Mock interview',
  });
  assert.equal(meeting.logged_by, marc.authStore.record.id);
  assert.equal(meeting.held_on, `${day(-1)} 00:00:00.000Z`);
  const log = await marc.collection('meetings').getFullList({ filter: `duo = "${duo.id}"`, sort: '-held_on' });
  assert.equal(log[0].id, meeting.id);
});

test("another duo's mentee gets nothing of that duo", async () => {
  const marc = await client(server.url, 'marc@demo.example.org');
  const [duo] = await marc.collection('duos').getFullList();
  const olga = await client(server.url, 'olga@demo.example.org');

  const hers = await olga.collection('duos').getFullList();
  assert.equal(hers.length, 1);
  assert.notEqual(hers[0].id, duo.id);
  await assert.rejects(olga.collection('duos').getOne(duo.id), status(404));
  assert.equal((await olga.collection('meetings').getFullList()).length, 0);
  assert.equal((await olga.collection('objectives').getFullList()).length, 0);
  await assert.rejects(olga.collection('users').getOne(marc.authStore.record.id), status(404));
  await assert.rejects(
    olga.collection('meetings').create({ duo: duo.id, held_on: day(-1), minutes: 60, mode: 'phone' }),
    (err) => status(400)(err) && err.response.data.duo !== undefined,
  );
});

test('an anonymous caller gets nothing and cannot sign up', async () => {
  const anonymous = await client(server.url);
  assert.equal((await anonymous.collection('duos').getList(1, 50)).totalItems, 0);
  assert.equal((await anonymous.collection('users').getList(1, 50)).totalItems, 0);
  await assert.rejects(anonymous.collection('users').create({
    email: 'intruder@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1',
    name: 'Intruder', role: 'coordinator',
  }), status(400));
});

test('a duo goes from proposed to active through the app', async () => {
  const sofia = await client(server.url, 'coordinator@demo.example.org');
  const [proposed] = await sofia.collection('duos').getFullList({ filter: 'status = "proposed"' });
  await sofia.collection('duos').update(proposed.id, { status: 'validated' });

  const luc = await client(server.url, 'luc@demo.example.org');
  const artem = await client(server.url, 'artem@demo.example.org');
  const agreement = await luc.collection('agreements').getFirstListItem(`duo = "${proposed.id}"`);
  assert.match(agreement.commitments, /Convention de mentorat/);

  await assert.rejects(
    artem.collection('agreements').update(agreement.id, { mentor_signed_at: new Date().toISOString() }),
    status(403),
  );
  await luc.collection('agreements').update(agreement.id, { mentor_signed_at: new Date().toISOString() });
  await artem.collection('agreements').update(agreement.id, { mentee_signed_at: new Date().toISOString() });

  const active = await artem.collection('duos').getOne(proposed.id);
  assert.equal(active.status, 'active');
  assert.equal(active.started_on, `${day(0)} 00:00:00.000Z`);
  const history = await sofia.collection('duo_events').getFullList({ filter: `duo = "${proposed.id}"`, sort: 'at' });
  assert.deepEqual(history.map((e) => e.kind), ['created', 'status_changed', 'signed', 'signed', 'status_changed']);
});

test('errors name the field, in the person\'s language', async () => {
  const marc = await client(server.url, 'marc@demo.example.org');
  const [duo] = await marc.collection('duos').getFullList();
  await assert.rejects(
    marc.collection('meetings').create({ duo: duo.id, held_on: day(1), minutes: 'two hours', mode: 'video' }),
    (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.response.data.minutes.code, 'duo_wrong_type');
      assert.equal(err.response.message, 'Certaines valeurs n\'ont pas le bon type.');
      return true;
    },
  );
  const olga = await client(server.url, 'olga@demo.example.org');
  await olga.collection('users').update(olga.authStore.record.id, { locale: 'nl' });
  await olga.collection('users').authRefresh();
  await assert.rejects(
    olga.collection('users').update(olga.authStore.record.id, { role: 'mentor' }),
    (err) => {
      assert.equal(err.status, 403);
      assert.equal(err.response.data.role.message, 'U mag dit veld niet wijzigen.');
      return true;
    },
  );
});
