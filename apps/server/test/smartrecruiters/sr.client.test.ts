import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  CANDIDATE_NOT_FOUND,
  CONNECT_FIRST,
  createSmartRecruitersLinkResolver,
} from '../../src/integrations/smartrecruiters/sr.ats-link.js';
import {
  NOTES_OFF_REASON,
  outcomeOf,
  type SrClient,
  type SrCredential,
} from '../../src/integrations/smartrecruiters/sr.client.js';
import { buildNoteBody } from '../../src/integrations/smartrecruiters/sr.mapper.js';
import {
  partnerConfiguration,
  runSmartRecruitersRegister,
} from '../../src/integrations/smartrecruiters/sr.register.command.js';
import type { SrResultPatch } from '../../src/integrations/smartrecruiters/sr.wire.js';
import type { AtsConnectionView } from '../../src/modules/ats/index.js';
import {
  SANDBOX_COMPANY,
  SANDBOX_MASTER,
  SEED,
  sandboxClient,
  startSrSandbox,
  type SrSandbox,
} from './sr-sandbox.js';

const PENDING: SrResultPatch = { status: 'PENDING', name: 'Quick test', summary: 'Invitation sent' };
const COMPLETED: SrResultPatch = {
  status: 'COMPLETED',
  score: { raw: 82, min: 0, max: 100 },
  scoreLabel: '82/100',
  attachments: [{ type: 'OTHER_URL', url: 'https://assay.example/reports/1', name: 'Assay report' }],
};

let sandbox: SrSandbox;
let client: SrClient;
let credential: SrCredential;
const sleeps: number[] = [];

beforeAll(async () => {
  sandbox = await startSrSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  sleeps.length = 0;
  client = sandboxClient(sandbox, (ms) => {
    sleeps.push(ms);
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
  });
  credential = await sandbox.companyCredential(client);
  await sandbox.control('DELETE', '/requests');
});

describe('SR client against the ats-sandbox (real HTTP)', () => {
  it('fetches one token for 100 concurrent calls and caches it', async () => {
    const before = client.tokenRequestCount();
    const results = await Promise.all(Array.from({ length: 100 }, () => client.token(credential)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.token : null))).size).toBe(1);
    expect(client.tokenRequestCount() - before).toBe(1);
    const order = await sandbox.order();
    expect((await client.patchResult(credential, order.resultCallbackURL, PENDING)).ok).toBe(true);
    expect(await sandbox.requests('token')).toHaveLength(1);
    const token = (await sandbox.requests('token'))[0];
    expect(token?.body).toMatchObject({ grant_type: 'client_credentials', client_id: credential.clientId });
  });

  it('does not cache a token whose expires_in is under a minute', async () => {
    await sandbox.fault('token', { expiresIn: 30 });
    expect((await client.token(credential)).ok).toBe(true);
    expect((await client.token(credential)).ok).toBe(true);
    expect(await sandbox.requests('token')).toHaveLength(2);
  });

  it('on 401 refreshes the token once and succeeds; a second 401 is permanent', async () => {
    const order = await sandbox.order();
    await client.token(credential);
    await sandbox.control('POST', '/expire-tokens');
    const ok = await client.patchResult(credential, order.resultCallbackURL, PENDING);
    expect(ok.ok).toBe(true);
    expect(await sandbox.requests('token')).toHaveLength(2);

    await sandbox.fault('results', { force401: 2 });
    const refused = await client.patchResult(credential, order.resultCallbackURL, PENDING);
    expect(refused.ok).toBe(false);
    expect(refused.status).toBe(401);
    expect(outcomeOf(refused).kind).toBe('permanent');
    expect(await sandbox.requests('results')).toHaveLength(4);
  });

  it('PATCHes results as application/json, once more as merge-patch+json on 415', async () => {
    const order = await sandbox.order();
    expect((await client.patchResult(credential, order.resultCallbackURL, PENDING)).ok).toBe(true);
    await sandbox.fault('results', { reject415: true });
    const patched = await client.patchResult(credential, order.resultCallbackURL, COMPLETED);
    expect(patched.ok).toBe(true);
    const stored = (await sandbox.state()).orders.find((o) => o.id === order.id);
    expect(stored?.history.map((h) => h.contentType)).toEqual([
      'application/json',
      'application/merge-patch+json',
    ]);
    expect(stored?.result).toMatchObject({ status: 'COMPLETED', name: 'Quick test', score: { raw: 82 } });
    const calls = await sandbox.requests('results');
    expect(calls.map((c) => c.status)).toEqual([200, 415, 200]);
  });

  it('classifies 429 with Retry-After and 5xx as retry, 400/404 as permanent', async () => {
    const order = await sandbox.order();
    await sandbox.fault('results', { statuses: [429], retryAfter: 7 });
    const limited = outcomeOf(await client.patchResult(credential, order.resultCallbackURL, PENDING));
    expect(limited).toMatchObject({ kind: 'retry', status: 429, afterMs: 7000 });

    await sandbox.fault('results', { statuses: [500, 503] });
    expect(outcomeOf(await client.patchResult(credential, order.resultCallbackURL, PENDING))).toMatchObject({
      kind: 'retry',
      status: 500,
    });
    expect(outcomeOf(await client.patchResult(credential, order.resultCallbackURL, PENDING)).kind).toBe(
      'retry',
    );
    expect(outcomeOf(await client.patchResult(credential, order.resultCallbackURL, PENDING)).kind).toBe(
      'delivered',
    );

    const invalid = await client.patchResult(credential, order.resultCallbackURL, {
      status: 'COMPLETED',
      score: { raw: 82.5, min: 0, max: 100 },
    });
    expect(outcomeOf(invalid)).toMatchObject({ kind: 'permanent', status: 400 });
    const unknown = `${sandbox.url}/assessment-api/v202010/orders/00000000-0000-4000-8000-000000000000/results`;
    expect(outcomeOf(await client.patchResult(credential, unknown, PENDING))).toMatchObject({
      kind: 'permanent',
      status: 404,
    });
  });

  it('never follows a redirect (permanent per contract §6, the target is not called)', async () => {
    const order = await sandbox.order();
    await sandbox.fault('results', { status: 307, redirectTo: `${sandbox.url}/__sandbox/health` });
    const result = await client.patchResult(credential, order.resultCallbackURL, PENDING);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(307);
    expect(outcomeOf(result).kind).toBe('permanent');
  });

  it('keeps at most 8 calls in flight per credential (the sandbox answers 429 above 8)', async () => {
    const order = await sandbox.order();
    await sandbox.fault('results', { concurrencyLimit: 8, delayMs: 50 });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => client.patchResult(credential, order.resultCallbackURL, PENDING)),
    );
    expect(results.filter((r) => !r.ok).map((r) => r.status)).toEqual([]);
    expect(await sandbox.requests('results')).toHaveLength(40);
  });

  it('pauses the credential 1 s after X-RateLimit-Remaining: 0', async () => {
    const order = await sandbox.order();
    await sandbox.fault('results', { rateLimitRemaining: 0 });
    await client.patchResult(credential, order.resultCallbackURL, PENDING);
    expect(sleeps).toEqual([]);
    await client.patchResult(credential, order.resultCallbackURL, PENDING);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(1000);
  });

  it('uploads the PDF as part "file", or as "attachment" after a 400', async () => {
    const order = await sandbox.order();
    const pdf = Buffer.from('%PDF-1.4\n% Assay report\n%%EOF\n');
    const first = await client.uploadAttachment(credential, order.id, pdf);
    expect(first.ok).toBe(true);
    await sandbox.fault('attachment', { attachmentPart: 'attachment' });
    const second = await client.uploadAttachment(credential, order.id, pdf);
    expect(second.ok).toBe(true);
    const attachments = (await sandbox.state()).attachments;
    expect(attachments.map((a) => [a.fieldName, a.size])).toEqual([
      ['file', pdf.length],
      ['attachment', pdf.length],
    ]);
    expect(first.ok && first.url).toBe(attachments[0]?.url);
    const tooBig = await client.uploadAttachment(credential, order.id, Buffer.alloc(20 * 1024 * 1024 + 1));
    expect(tooBig.ok).toBe(false);
  });

  it('posts Notes; a 403 turns Notes off for the company', async () => {
    const posted = await client.postNote(
      credential,
      buildNoteBody(`#[CANDIDATE:${SEED.ada}] Assay: "Quick test" sent`, 'inv_1'),
    );
    expect(outcomeOf(posted, { notes: true }).kind).toBe('delivered');
    expect((await sandbox.state()).notes).toEqual([
      expect.objectContaining({ candidateId: SEED.ada, correlationId: 'inv_1' }),
    ]);
    await sandbox.fault('messages', { status: 403 });
    const refused = outcomeOf(
      await client.postNote(
        credential,
        buildNoteBody(`#[CANDIDATE:${SEED.ada}] Assay: "Quick test" expired`, 'inv_1'),
      ),
      { notes: true },
    );
    expect(refused).toMatchObject({
      kind: 'skipped',
      connectionPatch: { providerData: { notesDisabled: true }, statusReason: NOTES_OFF_REASON },
    });
  });

  it('swaps only with consent, once per company', async () => {
    await sandbox.reset();
    const b = { clientId: 'b-1', clientSecret: 'secret-1' };
    const noConsent = await client.swap(SANDBOX_MASTER, SANDBOX_COMPANY, b);
    expect(noConsent.ok).toBe(false);
    expect(!noConsent.ok && noConsent.result.status).toBe(403);
    await sandbox.control('POST', '/connect', {});
    expect((await client.swap(SANDBOX_MASTER, SANDBOX_COMPANY, b)).ok).toBe(true);
    const again = await client.swap(SANDBOX_MASTER, SANDBOX_COMPANY, b);
    expect(!again.ok && again.result.status).toBe(409);
  });

  it('never sends a token or secret to a host outside the allow-list', async () => {
    const result = await client.patchResult(credential, 'http://localhost:1/orders/x/results', PENDING);
    expect(result.ok).toBe(false);
    expect(outcomeOf(result).kind).toBe('permanent');
  });
});

describe('SR candidate links resolved against the sandbox', () => {
  function resolver(connection: Partial<AtsConnectionView> | null) {
    return createSmartRecruitersLinkResolver({
      core: {
        connections: {
          get: () =>
            Promise.resolve(
              connection
                ? ({
                    status: 'connected',
                    credentials: { ...credential },
                    ...connection,
                  } as AtsConnectionView)
                : null,
            ),
        } as never,
      },
      client,
      apiUrl: sandbox.url,
    });
  }

  it('resolves an application link to its candidate, and a candidate link as it is', async () => {
    const r = resolver({});
    await expect(
      r.resolve('org', `https://www.smartrecruiters.com/app/people/applications/${SEED.adaApplication}`),
    ).resolves.toEqual({
      externalId: SEED.ada,
      profileUrl: `${sandbox.url}/app/people/candidates/${SEED.ada}`,
    });
    await expect(
      r.resolve('org', `${sandbox.url}/app/people/candidates/${SEED.grace}`),
    ).resolves.toMatchObject({
      externalId: SEED.grace,
    });
    // An application-shaped link carrying a candidate id (404 on the application) falls back to the candidate.
    await expect(
      r.resolve('org', `https://www.smartrecruiters.com/app/people/applications/${SEED.ada}`),
    ).resolves.toMatchObject({ externalId: SEED.ada });
    const paths = (await sandbox.requests()).map((q) => q.path);
    expect(paths).toContain(`/candidates/${SEED.ada}/jobs/${SEED.job}`);
  });

  it('says what to do when nothing is connected or the candidate is unknown', async () => {
    await expect(resolver(null).resolve('org', SEED.ada)).rejects.toThrow(CONNECT_FIRST);
    await expect(resolver({}).resolve('org', '00000000-0000-4000-8000-0000000000ff')).rejects.toThrow(
      CANDIDATE_NOT_FOUND,
    );
  });
});

describe('assay integrations smartrecruiters register', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  it('PUTs the partner configuration with the master credential and verifies it with GET', async () => {
    const config = loadConfig({ ...sandbox.env, PUBLIC_URL: 'https://assay.example.com' });
    const o = io();
    const code = await runSmartRecruitersRegister(config, { io: o.io });
    expect(o.err.join('')).toBe('');
    expect(code).toBe(0);
    expect((await sandbox.state()).partnerConfiguration).toEqual(
      partnerConfiguration('https://assay.example.com'),
    );
    expect(partnerConfiguration('https://assay.example.com')).toMatchObject({
      consentUrl: 'https://assay.example.com/partner/smartrecruiters/consent',
      singleAssessmentPackageUrl:
        'https://assay.example.com/partner/smartrecruiters/packages/{assessmentPackageId}',
      integrationDisableUrl:
        'https://assay.example.com/partner/smartrecruiters/integrations/companies/{companyId}',
      consentDisplayMode: 'POPUP',
      supportedAssessmentTypes: ['SKILL_TEST'],
    });
    expect(o.out.join('')).toContain('Registered with SmartRecruiters');
  });

  it('exits 1 with a clear message when SmartRecruiters refuses, 2 when not configured', async () => {
    const wrong = loadConfig({ ...sandbox.env, SMARTRECRUITERS_CLIENT_SECRET: 'wrong' });
    const o = io();
    expect(await runSmartRecruitersRegister(wrong, { io: o.io })).toBe(1);
    expect(o.err.join('')).toMatch(/Registration failed/);
    const { SMARTRECRUITERS_CLIENT_ID: _i, SMARTRECRUITERS_CLIENT_SECRET: _s, ...rest } = sandbox.env;
    const o2 = io();
    expect(await runSmartRecruitersRegister(loadConfig(rest), { io: o2.io })).toBe(2);
    expect(o2.err.join('')).toContain('SMARTRECRUITERS_CLIENT_ID');
  });
});
