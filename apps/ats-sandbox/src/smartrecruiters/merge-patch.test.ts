import { describe, expect, it } from 'vitest';
import { applyMergePatch, validateResultPatch } from './merge-patch.js';
import { parseMultipart } from './multipart.js';

describe('applyMergePatch (RFC 7396)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: [1, 2] }, { a: [3] }, { a: [3] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: 'foo' }, null, null],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });
});

describe('validateResultPatch', () => {
  it('accepts a full COMPLETED result and null removals', () => {
    expect(
      validateResultPatch({
        status: 'COMPLETED',
        score: { raw: 1, min: 0, max: 2 },
        attachments: [{ type: 'PDF_URL', url: 'https://x', name: 'n' }],
        summary: null,
        extra: true,
      }),
    ).toBeNull();
  });

  it('refuses max <= min and a non-object body', () => {
    expect(validateResultPatch({ score: { raw: 1, min: 5, max: 5 } })?.[0]?.message).toContain('greater');
    expect(validateResultPatch([1])).not.toBeNull();
  });
});

describe('parseMultipart', () => {
  it('reads names, filenames, types and bytes', async () => {
    const form = new FormData();
    form.append('note', 'hello');
    form.append(
      'file',
      new Blob([Buffer.from([0, 1, 2, 13, 10, 45, 45])], { type: 'application/pdf' }),
      'a.pdf',
    );
    const request = new Request('http://x', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, request.headers.get('content-type') ?? '');
    expect(parts?.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['note', null, null],
      ['file', 'a.pdf', 'application/pdf'],
    ]);
    expect([...(parts?.[1]?.data ?? [])]).toEqual([0, 1, 2, 13, 10, 45, 45]);
  });

  it('returns null without a boundary', () => {
    expect(parseMultipart(Buffer.from('x'), 'multipart/form-data')).toBeNull();
  });
});
