import { describe, expect, it } from 'vitest';
import { basicHeader, parseBasic } from './basic-auth.js';
import { validateListTests, validateSendTest, validateTestStatus } from './validate.js';

describe('parseBasic', () => {
  it('accepts an empty password and keeps colons in the password', () => {
    expect(parseBasic(basicHeader('key'))).toEqual({ kind: 'basic', username: 'key', password: '' });
    expect(parseBasic(basicHeader('u', 'a:b'))).toEqual({ kind: 'basic', username: 'u', password: 'a:b' });
  });
  it('tells missing from malformed', () => {
    expect(parseBasic(undefined)).toEqual({ kind: 'missing' });
    expect(parseBasic('Bearer x')).toEqual({ kind: 'malformed', scheme: 'Bearer' });
    expect(parseBasic('Basic %%%')).toEqual({ kind: 'malformed', scheme: 'Basic' });
    expect(parseBasic(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toMatchObject({
      kind: 'malformed',
    });
  });
});

describe('validateTestStatus', () => {
  const complete = {
    partner_status: 'complete',
    partner_profile_url: 'https://assay.example.com/r/1',
    partner_score: 82,
    metadata: { a: 'x', b: 1, c: true, d: null },
  };
  it('accepts a complete answer and ignores unknown fields', () => {
    expect(validateTestStatus({ ...complete, extra: [1] }, { requireHttps: true })).toEqual({
      errors: [],
      accepted: {
        status: 'complete',
        profileUrl: complete.partner_profile_url,
        score: 82,
        metadata: complete.metadata,
      },
    });
  });
  it('lists every problem at once', () => {
    const result = validateTestStatus(
      { partner_status: 'complete', partner_profile_url: 'ftp://x', partner_score: null, metadata: [1] },
      { requireHttps: false },
    );
    expect(result.accepted).toBeNull();
    expect(result.errors).toEqual([
      'partner_profile_url must be an http(s) URL',
      'partner_score must be a number when partner_status is "complete"',
      'metadata must be an object (got an array)',
    ]);
  });
  it('refuses a relative report URL and a non-object body', () => {
    expect(
      validateTestStatus({ ...complete, partner_profile_url: '/r/1' }, { requireHttps: false }).errors,
    ).toEqual(['partner_profile_url must be an absolute URL']);
    expect(validateTestStatus([], { requireHttps: false }).errors).toEqual([
      'test_status must return a JSON object (got an array)',
    ]);
  });
});

describe('validateListTests / validateSendTest', () => {
  it('list_tests: [] is fine; numeric ids are refused', () => {
    expect(validateListTests([])).toEqual({ errors: [], tests: [] });
    expect(validateListTests([{ partner_test_id: 1, partner_test_name: 'A' }]).errors).toEqual([
      'list_tests[0].partner_test_id must be a non-empty string',
    ]);
  });
  it('send_test needs a string partner_interview_id', () => {
    expect(validateSendTest({ partner_interview_id: 'abc' })).toEqual({
      errors: [],
      partnerInterviewId: 'abc',
    });
    expect(validateSendTest({}).errors).toEqual([
      'send_test partner_interview_id must be a non-empty string (got nothing)',
    ]);
  });
});
