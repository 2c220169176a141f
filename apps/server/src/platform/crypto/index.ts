export { newId, hashToken, hmac, safeEqual, newSecretToken, hasValidChecksum, displayPrefix } from './ids.js';
