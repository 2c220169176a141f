import { describe, expect, it } from 'vitest';
import { NOT_AN_SR_LINK, createSmartRecruitersLinkResolver, parseSrLink } from './sr.ats-link.js';
import type { SrClient } from './sr.client.js';

const UUID = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';

describe('SmartRecruiters candidate links (contract §8)', () => {
  it('parses every shape seen in public code', () => {
    expect(parseSrLink(`https://www.smartrecruiters.com/app/people/applications/${UUID}`)).toEqual({
      kind: 'application',
      id: UUID,
    });
    expect(parseSrLink(`https://www.smartrecruiters.com/app/people/applications/abc123/messages`)).toEqual({
      kind: 'application',
      id: 'abc123',
    });
    expect(parseSrLink(`https://www.smartrecruiters.com/app/people/candidates/${UUID}`)).toEqual({
      kind: 'candidate',
      id: UUID,
    });
    expect(
      parseSrLink(`https://acme.smartrecruiters.com/app/people/candidates/${UUID}/jobs?x=1#notes`),
    ).toEqual({
      kind: 'candidate',
      id: UUID,
    });
    expect(parseSrLink(`https://www.smartrecruiters.com/app/people/profile/12345/`)).toEqual({
      kind: 'candidate',
      id: '12345',
    });
    expect(parseSrLink(`https://smartrecruiters.com/app/people/${UUID}/overview`)).toEqual({
      kind: 'candidate',
      id: UUID,
    });
    expect(parseSrLink(`  ${UUID.toUpperCase()} `)).toEqual({ kind: 'candidate', id: UUID });
  });

  it('accepts the configured API host (the sandbox), also over http', () => {
    expect(
      parseSrLink(`http://127.0.0.1:4100/app/people/candidates/${UUID}`, 'http://127.0.0.1:4100'),
    ).toEqual({ kind: 'candidate', id: UUID });
    expect(parseSrLink(`http://127.0.0.1:4100/app/people/candidates/${UUID}`)).toBeUndefined();
  });

  it('rejects other hosts, schemes, paths and malformed ids', () => {
    for (const raw of [
      `https://smartrecruiters.com.evil.example/app/people/candidates/${UUID}`,
      `https://evilsmartrecruiters.com/app/people/candidates/${UUID}`,
      `http://www.smartrecruiters.com/app/people/candidates/${UUID}`,
      `https://user:pw@www.smartrecruiters.com/app/people/candidates/${UUID}`,
      `https://www.smartrecruiters.com:8443/app/people/candidates/${UUID}`,
      `https://www.smartrecruiters.com/app/people/candidates/not-a-uuid`,
      `https://www.smartrecruiters.com/app/people/applications/`,
      `https://www.smartrecruiters.com/app/people/${UUID}`,
      `https://www.smartrecruiters.com/app/jobs/${UUID}`,
      `https://www.smartrecruiters.com/`,
      'https://app.greenhouse.io/people/12345',
      'not a url',
      '12345',
      '',
    ]) {
      expect(parseSrLink(raw), raw).toBeUndefined();
    }
  });

  it('the resolver matches offline and refuses a non-SR link with the contract message', async () => {
    const resolver = createSmartRecruitersLinkResolver({
      core: { connections: {} as never },
      client: {} as SrClient,
      apiUrl: 'https://api.smartrecruiters.com',
    });
    expect(resolver.provider).toBe('smartrecruiters');
    expect(resolver.matches(`https://www.smartrecruiters.com/app/people/candidates/${UUID}`)).toBe(true);
    expect(resolver.matches('https://example.com/x')).toBe(false);
    await expect(resolver.resolve('org', 'https://example.com/x')).rejects.toThrow(NOT_AN_SR_LINK);
  });
});
