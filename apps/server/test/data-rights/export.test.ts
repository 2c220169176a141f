import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';
import { writeZip } from '../../src/modules/data-rights/index.js';
import { testDialect } from '../support/test-db.js';
import { seedTakeHome } from './candidate-factories.js';
import { buildDataRightsApp, newCanary, type DataRightsApp } from './data-rights-app.js';
import { readZip } from './read-zip.js';

async function columnsOf(db: Db, table: string): Promise<string[]> {
  if (testDialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
    return rows.map((r) => r.name).sort();
  }
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return rows.map((r) => r.column_name).sort();
}

const json = (files: Map<string, Buffer>, path: string): unknown => {
  const file = files.get(path);
  if (!file) throw new Error(`${path} is not in the export (has: ${[...files.keys()].join(', ')})`);
  return JSON.parse(file.toString('utf8'));
};

describe(`candidate data export (C7, A7) (${testDialect})`, () => {
  let t: DataRightsApp;
  beforeAll(async () => {
    t = await buildDataRightsApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function invitedCandidate(orgId: string, recruiter: Parameters<DataRightsApp['send']>[0]) {
    const canary = newCanary();
    const test = await t.publishedTest(orgId);
    const res = await t.send(recruiter, 'POST', `/api/orgs/${orgId}/invitations`, {
      testId: test.id,
      name: `Ada ${canary}`,
      email: `${canary}@example.test`,
      message: `Hello ${canary}`,
    });
    expect(res.statusCode).toBe(201);
    const invitation = res.json<{ id: string; candidate: { id: string } }>();
    await t.drain();
    return { canary, invitationId: invitation.id, candidateId: invitation.candidate.id };
  }

  it('zips every column of the candidate and their invitations, the attempt, grading, code, notes and mails', async () => {
    const org = await t.organization();
    const { canary, invitationId, candidateId } = await invitedCandidate(org.id, org.as.recruiter);
    const { attemptId } = await seedTakeHome(t, {
      organizationId: org.id,
      invitationId,
      candidateName: `Ada ${canary}`,
      canary,
      score: 64,
    });
    const res = await t.send(org.as.admin, 'GET', `/api/orgs/${org.id}/candidates/${candidateId}/export.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="candidate-${candidateId}.zip"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const files = await readZip(res.rawPayload);

    // C7: the export covers every column of the candidate record …
    const candidate = json(files, 'candidate.json') as Record<string, unknown>;
    expect(Object.keys(candidate).sort()).toEqual(await columnsOf(t.db, 'candidates'));
    expect(candidate).toMatchObject({
      id: candidateId,
      name: `Ada ${canary}`,
      email: `${canary}@example.test`,
    });
    // … and of each invitation, except the hash of the link token (a secret, not personal data).
    const invitations = json(files, 'invitations.json') as Record<string, unknown>[];
    expect(invitations).toHaveLength(1);
    expect(Object.keys(invitations[0] ?? {}).sort()).toEqual(
      (await columnsOf(t.db, 'invitations')).filter((c) => c !== 'token_hash'),
    );
    expect(invitations[0]).toMatchObject({ id: invitationId, message: `Hello ${canary}`, score: 64 });

    const dir = `attempts/${invitationId}`;
    const attempt = json(files, `${dir}/attempt.json`) as Record<string, unknown>;
    expect(attempt).toMatchObject({ id: attemptId, status: 'submitted' });
    expect(attempt).not.toHaveProperty('git_password_hash');
    expect(attempt).not.toHaveProperty('git_password_sealed');
    // Both events share a timestamp here, so their order is not part of the contract.
    const timeline = json(files, `${dir}/timeline.json`) as unknown[];
    expect(timeline).toHaveLength(2);
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'started' }),
        expect.objectContaining({
          kind: 'commit',
          data: expect.objectContaining({ message: `Save ${canary}` }) as unknown,
        }),
      ]),
    );
    expect(json(files, `${dir}/drafts.json`)).toEqual([
      expect.objectContaining({ path: 'src/draft.py', content: `draft = "${canary}"\n` }),
    ]);
    expect(json(files, `${dir}/grading.json`)).toEqual([
      expect.objectContaining({ score: 64, log: expect.stringContaining(canary) as unknown }),
    ]);
    expect(files.get(`${dir}/code/src/main.py`)?.toString('utf8')).toBe(`# ${canary}\nprint("${canary}")\n`);
    expect(files.get(`${dir}/code/README.md`)?.toString('utf8')).toBe('# Starter\n');
    expect(json(files, 'notes.json')).toEqual({
      notes: [expect.objectContaining({ invitationId, body: `Strong: ${canary}` })],
      scoreOverrides: [expect.objectContaining({ criterionId: 'c1', reason: `Handled ${canary} well` })],
    });
    const mails = json(files, 'mails.json') as { to: string; text: string }[];
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe(`${canary}@example.test`);
    expect(mails[0]?.text).toContain('/take#token=[redacted]');
    expect(mails[0]?.text).not.toMatch(/token=ainv/);
    expect(files.get('README.txt')?.toString('utf8')).toContain('candidate.json');

    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', org.id)
      .where('action', '=', 'candidates.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: candidateId, actor_user_id: org.users.admin.id });
    expect(audit[0]?.data).not.toContain(canary);
  });

  it('needs owner/admin with a fresh re-auth; another organization gets 404', async () => {
    const org = await t.organization();
    const other = await t.organization();
    const { candidateId } = await invitedCandidate(org.id, org.as.recruiter);
    const url = `/api/orgs/${org.id}/candidates/${candidateId}/export.zip`;
    expect((await t.send(org.as.owner, 'GET', url)).statusCode).toBe(200);
    const stale = await t.send(org.plain.admin, 'GET', url);
    expect(stale.statusCode).toBe(403);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('auth.reauth_required');
    expect((await t.send(org.as.recruiter, 'GET', url)).statusCode).toBe(403);
    expect((await t.send(org.as.reviewer, 'GET', url)).statusCode).toBe(403);
    expect((await t.send(null, 'GET', url)).statusCode).toBe(401);
    // Another organization's admin, with its own org id or with this one: the candidate does not exist.
    expect((await t.send(other.as.admin, 'GET', url)).statusCode).toBe(404);
    const cross = `/api/orgs/${other.id}/candidates/${candidateId}/export.zip`;
    expect((await t.send(other.as.admin, 'GET', cross)).statusCode).toBe(404);
  });

  it('writes zips other readers accept: deflated and stored entries, UTF-8 names', async () => {
    const text = Buffer.from('hello '.repeat(200));
    const binary = Buffer.from([0, 1, 2, 3, 255]);
    const zip = writeZip(
      [
        { path: 'a.txt', data: text },
        { path: 'dir/ü.bin', data: binary },
        { path: 'empty', data: Buffer.alloc(0) },
      ],
      new Date('2026-03-02T09:00:00.000Z'),
    );
    expect(zip.length).toBeLessThan(text.length); // the text was deflated
    const files = await readZip(zip);
    expect([...files.keys()]).toEqual(['a.txt', 'dir/ü.bin', 'empty']);
    expect(files.get('a.txt')).toEqual(text);
    expect(files.get('dir/ü.bin')).toEqual(binary);
    expect(files.get('empty')).toEqual(Buffer.alloc(0));
    expect(() => writeZip([{ path: '../x', data: text }], new Date())).toThrow(/unsafe zip entry path/);
    expect(() =>
      writeZip(
        [
          { path: 'a', data: text },
          { path: 'a', data: text },
        ],
        new Date(),
      ),
    ).toThrow(/duplicate/);
  });
});
