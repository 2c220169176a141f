import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets the server must read back (webhook signing secrets), keyed from
 * the instance secret. Sealed form: `v1.<iv>.<tag>.<ciphertext>` (base64url). `purpose`
 * derives a separate key per use and is bound as associated data, so a value sealed for
 * one purpose (or one row, when the caller passes its id) does not open for another.
 */
export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  /** @throws when the value was tampered with or sealed under another key or context. */
  open(sealed: string, context?: string): string;
}

/** A secret box for one purpose (e.g. `webhook-secret`), keyed from the 32-byte instance secret. */
export function createSecretBox(instanceSecret: Buffer, purpose: string): SecretBox {
  const key = createHmac('sha256', instanceSecret).update(`assay secret-box v1 ${purpose}`).digest();
  const aad = (context: string | undefined) => Buffer.from(`${purpose}\0${context ?? ''}`, 'utf8');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new Error('not a sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
