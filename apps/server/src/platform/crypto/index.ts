export { newId, hashToken, hmac, safeEqual, newSecretToken, hasValidChecksum, displayPrefix } from './ids.js';
export { createSecretBox, type SecretBox } from './secret-box.js';
