export {
  newId,
  hashToken,
  hmac,
  safeEqual,
  newSecretToken,
  hasValidChecksum,
  displayPrefix,
  crc32,
} from './ids.js';
export { createSecretBox, type SecretBox } from './secret-box.js';
