import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../dist/app.js';

const book = (app, roomId, start, end, title = 'Meeting') =>
  app.handle({ method: 'POST', path: '/bookings', body: { roomId, title, start, end } });

describe('room booking API', () => {
  test('lists the rooms', async () => {
    const res = await createApp().handle({ method: 'GET', path: '/rooms' });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.map((r) => r.id),
      ['atlas', 'boreal', 'cirrus'],
    );
  });

  test('books a free room', async () => {
    const res = await book(createApp(), 'atlas', '2024-05-06T09:00:00Z', '2024-05-06T10:00:00Z');
    assert.equal(res.status, 201);
    assert.equal(res.body.start, '2024-05-06T09:00:00.000Z');
  });

  test('refuses an overlapping booking', async () => {
    const app = createApp();
    await book(app, 'atlas', '2024-05-06T09:00:00Z', '2024-05-06T10:00:00Z');
    const res = await book(app, 'atlas', '2024-05-06T09:30:00Z', '2024-05-06T10:30:00Z');
    assert.equal(res.status, 409);
  });
});
