import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/platform/crypto/index.js';

describe('secret box (AES-256-GCM from the instance secret)', () => {
  const key = randomBytes(32);

  it('opens what it sealed, with a fresh IV each time', () => {
    const box = createSecretBox(key, 'webhook-secret');
    const a = box.seal('whsec_abc', 'endpoint-1');
    const b = box.seal('whsec_abc', 'endpoint-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_abc');
    expect(box.open(a, 'endpoint-1')).toBe('whsec_abc');
  });

  it('refuses tampering, another context, another purpose and another instance key', () => {
    const box = createSecretBox(key, 'webhook-secret');
    const sealed = box.seal('whsec_abc', 'endpoint-1');
    const [v, iv, tag, ct = ''] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${ct.startsWith('A') ? 'B' : 'A'}${ct.slice(1)}`;
    expect(() => box.open(flipped, 'endpoint-1')).toThrow();
    expect(() => box.open(sealed, 'endpoint-2')).toThrow();
    expect(() => createSecretBox(key, 'other').open(sealed, 'endpoint-1')).toThrow();
    expect(() => createSecretBox(randomBytes(32), 'webhook-secret').open(sealed, 'endpoint-1')).toThrow();
    expect(() => box.open('garbage', 'endpoint-1')).toThrow();
  });
});
