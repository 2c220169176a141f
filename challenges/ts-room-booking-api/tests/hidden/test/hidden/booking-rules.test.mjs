import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../dist/app.js';

const at = (hhmm, day = '2024-05-06') => `${day}T${hhmm}:00Z`;
const book = (app, roomId, start, end, title = 'Meeting') =>
  app.handle({ method: 'POST', path: '/bookings', body: { roomId, title, start, end } });
const cancel = (app, id) => app.handle({ method: 'DELETE', path: `/bookings/${id}` });
const list = (app, query) => app.handle({ method: 'GET', path: '/bookings', query });

describe('hidden', () => {
  describe('conflicts', () => {
    test('back-to-back bookings are allowed', async () => {
      const app = createApp();
      assert.equal((await book(app, 'atlas', at('09:00'), at('10:00'))).status, 201);
      assert.equal((await book(app, 'atlas', at('10:00'), at('11:00'))).status, 201);
      assert.equal((await book(app, 'atlas', at('08:00'), at('09:00'))).status, 201);
    });
    test('a booking enclosing another one is refused', async () => {
      const app = createApp();
      await book(app, 'cirrus', at('10:00'), at('11:00'));
      assert.equal((await book(app, 'cirrus', at('09:00'), at('12:00'))).status, 409);
    });
    test('an identical booking is refused', async () => {
      const app = createApp();
      await book(app, 'boreal', at('10:00'), at('11:00'));
      assert.equal((await book(app, 'boreal', at('10:00'), at('11:00'))).status, 409);
    });
    test('a cancelled booking frees its slot', async () => {
      const app = createApp();
      const first = await book(app, 'atlas', at('10:00'), at('11:00'));
      assert.equal((await cancel(app, first.body.id)).status, 204);
      assert.equal((await book(app, 'atlas', at('10:30'), at('11:30'))).status, 201);
    });
    test('the same time in another room is fine', async () => {
      const app = createApp();
      await book(app, 'atlas', at('10:00'), at('11:00'));
      assert.equal((await book(app, 'boreal', at('10:00'), at('11:00'))).status, 201);
    });
  });

  describe('validation', () => {
    test('an end before or at the start is a 400', async () => {
      const app = createApp();
      assert.equal((await book(app, 'atlas', at('11:00'), at('10:00'))).status, 400);
      assert.equal((await book(app, 'atlas', at('10:00'), at('10:00'))).status, 400);
    });
    test('dates that are not ISO date-times with a zone are a 400', async () => {
      const app = createApp();
      for (const start of ['tomorrow 9am', '2024-05-06', '2024-05-06T09:00:00', '2024-02-30T09:00:00Z']) {
        const res = await book(app, 'atlas', start, at('23:00'));
        assert.equal(res.status, 400, start);
        assert.equal(typeof res.body.error, 'string');
      }
    });
    test('a blank or overlong title is a 400', async () => {
      const app = createApp();
      assert.equal((await book(app, 'atlas', at('09:00'), at('10:00'), '   ')).status, 400);
      assert.equal((await book(app, 'atlas', at('09:00'), at('10:00'), 'x'.repeat(101))).status, 400);
      assert.equal((await book(app, 'atlas', at('09:00'), at('10:00'), 'x'.repeat(100))).status, 201);
    });
    test('offsets are normalized to UTC', async () => {
      const res = await book(createApp(), 'atlas', '2024-05-06T11:00:00+02:00', '2024-05-06T12:15:00+02:00');
      assert.equal(res.status, 201);
      assert.deepEqual([res.body.start, res.body.end], ['2024-05-06T09:00:00.000Z', '2024-05-06T10:15:00.000Z']);
    });
  });

  describe('cancelling', () => {
    test('an unknown booking is a 404', async () => {
      assert.equal((await cancel(createApp(), 'b999')).status, 404);
    });
    test('cancelling twice is a 404 the second time', async () => {
      const app = createApp();
      const { body } = await book(app, 'atlas', at('09:00'), at('10:00'));
      assert.equal((await cancel(app, body.id)).status, 204);
      assert.equal((await cancel(app, body.id)).status, 404);
    });
  });

  describe('listing', () => {
    test('a room day is sorted by start time', async () => {
      const app = createApp();
      for (const [s, e] of [['15:00', '16:00'], ['09:00', '10:00'], ['12:00', '13:00']]) await book(app, 'atlas', at(s), at(e));
      await book(app, 'atlas', at('23:00', '2024-05-05'), at('00:30'));
      const res = await app.handle({ method: 'GET', path: '/rooms/atlas/bookings', query: { date: '2024-05-06' } });
      assert.deepEqual(
        res.body.map((b) => b.start.slice(11, 16)),
        ['23:00', '09:00', '12:00', '15:00'],
      );
    });
    test('pages neither repeat nor skip bookings', async () => {
      const app = createApp();
      for (let h = 10; h < 17; h++) await book(app, 'cirrus', at(`${h}:00`), at(`${h}:30`));
      const pages = [];
      for (const page of ['1', '2', '3']) pages.push((await list(app, { page, pageSize: '3' })).body);
      assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 1]);
      assert.equal(new Set(pages.flatMap((p) => p.items.map((b) => b.id))).size, 7);
      assert.equal(pages[0].total, 7);
    });
    test('bad paging parameters are a 400', async () => {
      const app = createApp();
      for (const query of [{ page: '0' }, { page: 'two' }, { pageSize: '101' }, { pageSize: '2.5' }]) {
        assert.equal((await list(app, query)).status, 400, JSON.stringify(query));
      }
    });
  });
});
