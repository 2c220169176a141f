import type { GhTest, TestStatusMetadata } from './types.js';

/**
 * The checks Greenhouse applies to Assay's answers (contract §3, §5, §9). Each returns a list of
 * human-readable errors (empty = accepted); a non-empty list is what the sandbox posts back to
 * Assay as `response_error.errors`.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `list_tests`: a bare array of `{partner_test_id: string, partner_test_name: string}`. */
export function validateListTests(body: unknown): { errors: string[]; tests: GhTest[] } {
  if (!Array.isArray(body)) {
    return { errors: ['list_tests must return a JSON array of tests (got ' + kind(body) + ')'], tests: [] };
  }
  const errors: string[] = [];
  const tests: GhTest[] = [];
  body.forEach((item: unknown, index) => {
    if (!isPlainObject(item)) {
      errors.push(`list_tests[${index}] must be an object`);
      return;
    }
    const id = item.partner_test_id;
    const name = item.partner_test_name;
    if (typeof id !== 'string' || id === '')
      errors.push(`list_tests[${index}].partner_test_id must be a non-empty string`);
    if (typeof name !== 'string' || name === '')
      errors.push(`list_tests[${index}].partner_test_name must be a non-empty string`);
    if (typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '') {
      tests.push({ partner_test_id: id, partner_test_name: name });
    }
  });
  return { errors, tests };
}

/** `send_test` 200 body: `{partner_interview_id: "<non-empty string>"}`. */
export function validateSendTest(body: unknown): { errors: string[]; partnerInterviewId: string | null } {
  if (!isPlainObject(body)) {
    return {
      errors: ['send_test must return a JSON object (got ' + kind(body) + ')'],
      partnerInterviewId: null,
    };
  }
  const id = body.partner_interview_id;
  if (typeof id !== 'string' || id === '') {
    return {
      errors: [`send_test partner_interview_id must be a non-empty string (got ${kind(id)})`],
      partnerInterviewId: typeof id === 'number' ? String(id) : null,
    };
  }
  return { errors: [], partnerInterviewId: id };
}

export interface AcceptedStatus {
  status: string;
  profileUrl: string | null;
  score: number | null;
  metadata: TestStatusMetadata | null;
}

/**
 * `test_status`: `partner_status` string; when `"complete"`, a `partner_profile_url` (https unless
 * relaxed) and a numeric `partner_score`; `metadata` null or flat with primitive values.
 */
export function validateTestStatus(
  body: unknown,
  options: { requireHttps: boolean },
): { errors: string[]; accepted: AcceptedStatus | null } {
  if (!isPlainObject(body)) {
    return { errors: ['test_status must return a JSON object (got ' + kind(body) + ')'], accepted: null };
  }
  const errors: string[] = [];
  const status = body.partner_status;
  if (typeof status !== 'string' || status === '') {
    errors.push(`partner_status must be a non-empty string (got ${kind(status)})`);
  }
  const complete = status === 'complete';

  const url = body.partner_profile_url;
  let profileUrl: string | null = null;
  if (url === undefined || url === null) {
    if (complete) errors.push('partner_profile_url is required when partner_status is "complete"');
  } else if (typeof url !== 'string') {
    errors.push(`partner_profile_url must be a string (got ${kind(url)})`);
  } else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      errors.push('partner_profile_url must be an absolute URL');
    }
    if (parsed) {
      const allowed = options.requireHttps ? ['https:'] : ['https:', 'http:'];
      if (!allowed.includes(parsed.protocol)) {
        errors.push(
          options.requireHttps
            ? 'partner_profile_url must be an https URL'
            : 'partner_profile_url must be an http(s) URL',
        );
      } else {
        profileUrl = url;
      }
    }
  }

  const rawScore = body.partner_score;
  let score: number | null = null;
  if (rawScore === undefined || rawScore === null) {
    if (complete) errors.push('partner_score must be a number when partner_status is "complete"');
  } else if (typeof rawScore !== 'number' || !Number.isFinite(rawScore)) {
    errors.push(`partner_score must be a number (got ${kind(rawScore)})`);
  } else {
    score = rawScore;
  }

  const rawMetadata = body.metadata;
  let metadata: TestStatusMetadata | null = null;
  if (rawMetadata !== undefined && rawMetadata !== null) {
    if (!isPlainObject(rawMetadata)) {
      errors.push(`metadata must be an object (got ${kind(rawMetadata)})`);
    } else {
      metadata = {};
      for (const [key, value] of Object.entries(rawMetadata)) {
        if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
          metadata[key] = value as string | number | boolean | null;
        } else {
          errors.push(`metadata["${key}"] must be a string, number, boolean or null (got ${kind(value)})`);
        }
      }
    }
  }

  if (errors.length > 0 || typeof status !== 'string') return { errors, accepted: null };
  return { errors, accepted: { status, profileUrl, score, metadata } };
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
