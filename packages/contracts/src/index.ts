export * from './limits.js';
export * from './identity.js';
