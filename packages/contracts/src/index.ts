export * from './limits.js';
export * from './identity.js';
export * from './challenge-manifest.js';
export * from './admin.js';
export * from './candidates.js';
export * from './invitations.js';
export * from './api-tokens.js';
export * from './webhooks.js';
