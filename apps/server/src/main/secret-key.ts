import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/index.js';

/**
 * The instance secret. From ASSAY_SECRET_KEY when set; in embedded mode otherwise
 * generated once into `<DATA_DIR>/secret.key` (0600) and reused. No default exists.
 */
export function resolveSecretKey(config: Config): Buffer {
  if (config.secretKey) return decodeKey(config.secretKey, 'ASSAY_SECRET_KEY');
  if (config.db.dialect === 'postgres') throw new Error('ASSAY_SECRET_KEY is required with DATABASE_URL');
  const path = join(config.dataDir, 'secret.key');
  if (existsSync(path)) return decodeKey(readFileSync(path, 'utf8').trim(), path);
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return Buffer.from(key, 'base64');
}

function decodeKey(value: string, source: string): Buffer {
  const buf = Buffer.from(value.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  if (buf.length < 32) throw new Error(`${source}: the secret key must decode to at least 32 bytes`);
  return buf;
}
