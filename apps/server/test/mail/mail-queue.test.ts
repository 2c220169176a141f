import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/platform/clock/index.js';
import { createInlineQueue, createJobRegistry, type InlineQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createMailJobs, createMailQueue, findMailById, renderMail } from '../../src/platform/mail/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../support/test-db.js';

describe('renderMail', () => {
  it('renders the branded layout in HTML and text, escaping content', () => {
    const mail = renderMail({
      branding: { organizationName: 'Acme <Hiring>', accentColor: '#ff0066', logoUrl: 'javascript:alert(1)' },
      subject: 'You are\r\ninvited',
      paragraphs: ['Hello <b>Ann</b> & co'],
      action: { label: 'Start "now"', url: 'https://assay.example/i/abc?x=1&y=2' },
      footer: 'Expires in 7 days',
    });
    expect(mail.subject).toBe('You are invited');
    expect(mail.html).toContain('Hello &lt;b&gt;Ann&lt;/b&gt; &amp; co');
    expect(mail.html).toContain('Acme &lt;Hiring&gt;');
    expect(mail.html).toContain('href="https://assay.example/i/abc?x=1&amp;y=2"');
    expect(mail.html).toContain('#ff0066');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('<b>Ann');
    expect(mail.text).toContain('Hello <b>Ann</b> & co');
    expect(mail.text).toContain('Start "now": https://assay.example/i/abc?x=1&y=2');
    expect(mail.text).toContain('Expires in 7 days');
  });

  it('ignores an accent color that is not a plain hex color', () => {
    const mail = renderMail({
      branding: { organizationName: 'Acme', accentColor: 'red;background:url(x)' },
      subject: 's',
      paragraphs: [],
    });
    expect(mail.html).not.toContain('url(x)');
  });
});

describe(`mail queue, stored delivery (${testDialect})`, () => {
  let database: TestDatabase;
  let queue: InlineQueue;
  const clock = createManualClock(new Date('2026-03-01T10:00:00.000Z'));
  beforeAll(async () => {
    database = await createTestDatabase();
    const registry = createJobRegistry(
      createMailJobs({
        db: database.db,
        clock,
        transport: null,
        from: 'a@b.c',
        messageIdDomain: 'assay.test',
      }),
    );
    queue = createInlineQueue({ db: database.db, registry, clock, log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('stores the mail and enqueues its delivery in the same transaction', async () => {
    const mailQueue = createMailQueue({ queue, clock });
    const { mailId } = await database.db.transaction().execute((trx) =>
      mailQueue.queueMail(trx, {
        organizationId: 'org-1',
        to: 'ann@example.com',
        kind: 'test.hello',
        subject: 'Hi',
        text: 'hello',
        html: '<p>hello</p>',
      }),
    );
    expect((await findMailById(database.db, mailId))?.status).toBe('queued');
    expect(await queue.drain()).toBe(1);
    const mail = await findMailById(database.db, mailId);
    expect(mail).toMatchObject({ status: 'stored', to_address: 'ann@example.com', attempts: 1 });
    expect(mail?.sent_at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('leaves neither mail nor job behind when the transaction rolls back', async () => {
    const mailQueue = createMailQueue({ queue, clock });
    let mailId = '';
    await expect(
      database.db.transaction().execute(async (trx) => {
        mailId = (
          await mailQueue.queueMail(trx, {
            organizationId: 'org-1',
            to: 'bob@example.com',
            kind: 'test.hello',
            subject: 'Hi',
            text: 'hello',
            html: '<p>hello</p>',
          })
        ).mailId;
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await findMailById(database.db, mailId)).toBeUndefined();
    expect(await queue.drain()).toBe(0);
  });
});
