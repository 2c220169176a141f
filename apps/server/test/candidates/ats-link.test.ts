import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtsLinkResolver } from '../../src/modules/candidates/index.js';
import { canMoveAtsLink } from '../../src/modules/candidates/index.js';
import { testDialect } from '../support/test-db.js';
import { buildOrganization } from '../identity/identity-fixtures.js';
import { makePublishedTest } from '../invitations/invitation-factories.js';
import { buildInvitationModules } from '../invitations/module-harness.js';

/** A test ATS at the boundary: recognizes `https://ats.test/c/<id>`; id `missing` is unknown. */
const testAts: AtsLinkResolver = {
  provider: 'test-ats',
  label: 'Test ATS',
  example: 'https://ats.test/c/123',
  matches: (url) => /^https:\/\/ats\.test\/c\/[\w-]+$/.test(url),
  resolve(_organizationId, url) {
    const id = url.split('/').at(-1) ?? '';
    if (id === 'missing') return Promise.reject(new Error('Test ATS has no candidate with this id.'));
    return Promise.resolve({ externalId: id, profileUrl: `https://ats.test/profiles/${id}` });
  },
};

describe(`ATS link state machine (${testDialect})`, () => {
  let m: Awaited<ReturnType<typeof buildInvitationModules>>;
  let orgId: string;
  const actor = { userId: null, role: 'recruiter' as const };

  beforeAll(async () => {
    m = await buildInvitationModules([testAts]);
    orgId = (await buildOrganization(m.db, [])).id;
  });
  afterAll(async () => {
    await m.close();
  });

  async function newCandidate(email: string) {
    return m.db
      .transaction()
      .execute((trx) => m.candidates.upsertInTransaction(trx, orgId, { name: 'Kim', email }));
  }

  it('allows only the documented transitions', () => {
    expect(canMoveAtsLink('none', 'linking')).toBe(true);
    expect(canMoveAtsLink('none', 'linked')).toBe(false);
    expect(canMoveAtsLink('linking', 'linked')).toBe(true);
    expect(canMoveAtsLink('linking', 'failed')).toBe(true);
    expect(canMoveAtsLink('failed', 'linked')).toBe(false);
    expect(canMoveAtsLink('linked', 'linking')).toBe(true);
  });

  it('none → linking → linked once the ATS confirms', async () => {
    const row = await newCandidate('kim@example.test');
    const linking = await m.candidates.requestAtsLink(actor, orgId, row.id, 'https://ats.test/c/77');
    expect(linking.atsLink).toEqual({
      url: 'https://ats.test/c/77',
      status: 'linking',
      provider: 'test-ats',
    });
    await m.drain();
    const linked = await m.candidates.get(orgId, row.id);
    expect(linked.atsLink).toEqual({
      url: 'https://ats.test/c/77',
      status: 'linked',
      provider: 'test-ats',
      profileUrl: 'https://ats.test/profiles/77',
    });
  });

  it('linking → failed with the ATS error; a new URL links again', async () => {
    const row = await newCandidate('lee@example.test');
    await m.candidates.requestAtsLink(actor, orgId, row.id, 'https://ats.test/c/missing');
    await m.drain();
    const failed = await m.candidates.get(orgId, row.id);
    expect(failed.atsLink).toMatchObject({
      status: 'failed',
      error: 'Test ATS has no candidate with this id.',
    });
    await m.candidates.requestAtsLink(actor, orgId, row.id, 'https://ats.test/c/78');
    await m.drain();
    expect((await m.candidates.get(orgId, row.id)).atsLink.status).toBe('linked');
  });

  it('a superseded link request does nothing when its job runs late', async () => {
    const row = await newCandidate('max@example.test');
    await m.candidates.requestAtsLink(actor, orgId, row.id, 'https://ats.test/c/1');
    await m.candidates.requestAtsLink(actor, orgId, row.id, 'https://ats.test/c/2');
    await m.candidates.resolveAtsLink(row.id, 'https://ats.test/c/1');
    expect((await m.candidates.get(orgId, row.id)).atsLink.status).toBe('linking');
    await m.drain();
    expect((await m.candidates.get(orgId, row.id)).atsLink).toMatchObject({
      status: 'linked',
      profileUrl: 'https://ats.test/profiles/2',
    });
  });

  it('an unrecognized URL is refused, naming what is recognized', async () => {
    const row = await newCandidate('ned@example.test');
    await expect(
      m.candidates.requestAtsLink(actor, orgId, row.id, 'https://other.example/x'),
    ).rejects.toMatchObject({
      code: 'candidates.ats_url_unrecognized',
      message: expect.stringContaining('Test ATS (e.g. https://ats.test/c/123)') as string,
    });
    expect((await m.candidates.get(orgId, row.id)).atsLink.status).toBe('none');
  });

  it('an invitation with an ATS URL links the candidate; its badge follows the link', async () => {
    const test = await makePublishedTest(m.db, orgId, { at: m.clock.now() });
    const invitation = await m.invitations.inviteCandidate(actor, orgId, {
      testId: test.id,
      name: 'Pat',
      email: 'pat@example.test',
      atsUrl: 'https://ats.test/c/pat',
    });
    expect(invitation.atsBadge).toEqual({ status: 'linking', provider: 'test-ats' });
    await m.drain();
    expect((await m.invitations.get(orgId, invitation.id)).atsBadge).toEqual({
      status: 'linked',
      provider: 'test-ats',
      profileUrl: 'https://ats.test/profiles/pat',
    });
  });

  it('one record per email, whatever the case, even when two invites race', async () => {
    const [a, b] = await Promise.all([
      m.db
        .transaction()
        .execute((trx) =>
          m.candidates.upsertInTransaction(trx, orgId, { name: 'Race A', email: 'race@example.test' }),
        ),
      m.db.transaction().execute((trx) =>
        m.candidates.upsertInTransaction(trx, orgId, {
          name: 'Race B',
          email: 'RACE@example.test',
          tags: ['x'],
        }),
      ),
    ]);
    expect(a.id).toBe(b.id);
  });

  it('another organization cannot see the candidate', async () => {
    const row = await newCandidate('oz@example.test');
    const other = await buildOrganization(m.db, []);
    await expect(m.candidates.get(other.id, row.id)).rejects.toMatchObject({ code: 'resource.not_found' });
  });
});
