import { describe, expect, it } from 'vitest';
import { createGreenhouseLinkResolver, parseGreenhouseLink } from './greenhouse.ats-link.js';

const hosts = ['app.greenhouse.io'];

describe('Greenhouse candidate links (contracts/greenhouse.md §8)', () => {
  it('parses the profile URL with and without application_id, normalizing it', () => {
    expect(parseGreenhouseLink('https://app.greenhouse.io/people/12345?application_id=678', hosts)).toEqual({
      candidateId: '12345',
      applicationId: '678',
      profileUrl: 'https://app.greenhouse.io/people/12345?application_id=678',
    });
    expect(parseGreenhouseLink(' https://APP.greenhouse.io/people/42/#notes ', hosts)).toEqual({
      candidateId: '42',
      applicationId: null,
      profileUrl: 'https://app.greenhouse.io/people/42',
    });
    expect(
      parseGreenhouseLink('https://app.greenhouse.io/people/42?utm=x&application_id=7', hosts)?.profileUrl,
    ).toBe('https://app.greenhouse.io/people/42?application_id=7');
  });

  it.each([
    ['another host', 'https://evil.example/people/1'],
    ['a look-alike host', 'https://app.greenhouse.io.evil.example/people/1'],
    ['http', 'http://app.greenhouse.io/people/1'],
    ['credentials', 'https://user:pw@app.greenhouse.io/people/1'],
    ['a port', 'https://app.greenhouse.io:8443/people/1'],
    ['a non-numeric id', 'https://app.greenhouse.io/people/abc'],
    ['another path', 'https://app.greenhouse.io/people/1/edit'],
    ['a non-numeric application id', 'https://app.greenhouse.io/people/1?application_id=x'],
    ['not a URL', 'greenhouse 12345'],
  ])('refuses %s', (_name, url) => {
    expect(parseGreenhouseLink(url, hosts)).toBeUndefined();
  });

  it('with insecure callbacks (the ATS sandbox) also accepts http and a port, still only on listed hosts', () => {
    const sandbox = ['127.0.0.1'];
    expect(
      parseGreenhouseLink('http://127.0.0.1:4010/people/7?application_id=8', sandbox, {
        allowInsecure: true,
      }),
    ).toEqual({
      candidateId: '7',
      applicationId: '8',
      profileUrl: 'http://127.0.0.1:4010/people/7?application_id=8',
    });
    expect(parseGreenhouseLink('http://127.0.0.1:4010/people/7', sandbox)).toBeUndefined();
    expect(
      parseGreenhouseLink('http://localhost:4010/people/7', sandbox, { allowInsecure: true }),
    ).toBeUndefined();
    expect(
      parseGreenhouseLink('http://u:p@127.0.0.1:4010/people/7', sandbox, { allowInsecure: true }),
    ).toBeUndefined();
  });

  it('resolves offline to the candidate id and the normalized profile URL', async () => {
    const resolver = createGreenhouseLinkResolver({ hosts: ['sandbox.example'] });
    expect(resolver.matches('https://sandbox.example/people/9')).toBe(true);
    expect(resolver.matches('https://app.greenhouse.io/people/9')).toBe(false);
    await expect(
      resolver.resolve('org', 'https://sandbox.example/people/9?application_id=3'),
    ).resolves.toEqual({
      externalId: '9',
      profileUrl: 'https://sandbox.example/people/9?application_id=3',
    });
    await expect(resolver.resolve('org', 'https://sandbox.example/jobs/9')).rejects.toThrow(
      'Not a Greenhouse candidate link.',
    );
  });
});
