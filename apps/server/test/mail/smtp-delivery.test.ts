import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createInlineQueue, createJobRegistry, type InlineQueue } from '../../src/platform/jobs/index.js';
import {
  createMailJobs,
  createMailQueue,
  createSmtpTransport,
  findMailById,
  renderMail,
  type MailTransport,
} from '../../src/platform/mail/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';

type Mode = 'accept' | 'tempfail' | 'reject';

/** A real SMTP server on loopback whose answer to RCPT TO the test steers. */
async function startSmtp() {
  const received: { to: string[]; raw: string }[] = [];
  const state = { mode: 'accept' as Mode, tempfailsLeft: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.mode === 'reject') {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      } else if (state.mode === 'tempfail' && state.tempfailsLeft > 0) {
        state.tempfailsLeft--;
        callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`mail over SMTP to a real server (${testDialect})`, () => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let transport: MailTransport;
  let queue: InlineQueue;
  let logged = '';
  const clock = createManualClock(new Date('2026-04-01T08:00:00.000Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtp();
    transport = createSmtpTransport(smtp.url);
    const log = pino(
      { level: 'trace' },
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          logged += chunk.toString('utf8');
          cb();
        },
      }),
    );
    const registry = createJobRegistry(
      createMailJobs({
        db: database.db,
        clock,
        transport,
        from: 'Assay <no-reply@assay.test>',
        messageIdDomain: 'assay.test',
      }),
    );
    queue = createInlineQueue({ db: database.db, registry, clock, log });
  });
  afterAll(async () => {
    transport.close();
    await smtp.close();
    await database.destroy();
  });

  const secretLink = 'https://assay.test/i/inv_SECRETLINKTOKEN1234567890';
  const queueOne = async (to: string) => {
    const content = renderMail({
      branding: { organizationName: 'Acme' },
      subject: 'Your assessment',
      paragraphs: ['Please take the test.'],
      action: { label: 'Start', url: secretLink },
    });
    const mailQueue = createMailQueue({ queue, clock });
    return (
      await database.db
        .transaction()
        .execute((trx) =>
          mailQueue.queueMail(trx, { organizationId: 'org-m', to, kind: 'test.invite', ...content }),
        )
    ).mailId;
  };
  const advance = async () => {
    clock.advance(24 * 3600_000); // past any backoff
    return queue.drain();
  };

  it('sends an accepted mail once, with a stable Message-ID, and marks it sent', async () => {
    smtp.state.mode = 'accept';
    const mailId = await queueOne('ann@example.com');
    expect(await queue.drain()).toBe(1);
    const got = smtp.received.filter((m) => m.to.includes('ann@example.com'));
    expect(got).toHaveLength(1);
    expect(got[0]?.raw).toContain(`Message-ID: <${mailId}@assay.test>`);
    expect(got[0]?.raw).toContain('Subject: Your assessment');
    expect(await findMailById(database.db, mailId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
    });
  });

  it('retries after a 4xx reply and sends once when the server accepts', async () => {
    smtp.state.mode = 'tempfail';
    smtp.state.tempfailsLeft = 1;
    const mailId = await queueOne('bob@example.com');
    expect(await queue.drain()).toBe(1);
    expect(await findMailById(database.db, mailId)).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await findMailById(database.db, mailId))?.last_error).toMatch(/^SMTP 451/);
    expect(await advance()).toBe(1);
    expect(await findMailById(database.db, mailId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received.filter((m) => m.to.includes('bob@example.com'))).toHaveLength(1);
  });

  it('gives up at once on a 5xx reply: mail failed, job dead with the reason', async () => {
    smtp.state.mode = 'reject';
    const mailId = await queueOne('nobody@example.com');
    expect(await queue.drain()).toBe(1);
    expect(await findMailById(database.db, mailId)).toMatchObject({ status: 'failed', attempts: 1 });
    const dead = await queue.deadLetters.listDeadJobs({ organizationId: 'org-m', limit: 10 });
    expect(dead).toEqual([
      expect.objectContaining({
        name: 'mail.send-message',
        lastError: expect.stringMatching(/SMTP 550/) as unknown,
      }),
    ]);
    expect(await advance()).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes('nobody@example.com'))).toHaveLength(0);
  });

  it('F3: during an SMTP outage mail waits, and after recovery each is sent exactly once', async () => {
    smtp.state.mode = 'accept';
    const outageTransport = createSmtpTransport('smtp://127.0.0.1:1'); // nothing listens: connection refused
    const registry = createJobRegistry(
      createMailJobs({
        db: database.db,
        clock,
        transport: outageTransport,
        from: 'a@assay.test',
        messageIdDomain: 'assay.test',
      }),
    );
    const outageQueue = createInlineQueue({
      db: database.db,
      registry,
      clock,
      log: pino({ level: 'silent' }),
    });
    const ids = [
      await queueOne('c1@example.com'),
      await queueOne('c2@example.com'),
      await queueOne('c3@example.com'),
    ];
    expect(await outageQueue.drain()).toBe(3);
    clock.advance(24 * 3600_000);
    expect(await outageQueue.drain()).toBe(3);
    for (const id of ids)
      expect(await findMailById(database.db, id)).toMatchObject({ status: 'queued', attempts: 2 });
    // Recovery: the same jobs, now with the server reachable.
    expect(await advance()).toBe(3);
    expect(await advance()).toBe(0);
    for (const id of ids)
      expect(await findMailById(database.db, id)).toMatchObject({ status: 'sent', attempts: 3 });
    for (const to of ['c1@example.com', 'c2@example.com', 'c3@example.com']) {
      expect(smtp.received.filter((m) => m.to.includes(to))).toHaveLength(1);
    }
    outageTransport.close();
  });

  it('never writes message bodies or links to the logs', () => {
    expect(logged).toContain('job failed; will retry'); // the logger did see the jobs
    expect(logged).not.toContain('SECRETLINKTOKEN');
    expect(logged).not.toContain('Please take the test');
  });
});
