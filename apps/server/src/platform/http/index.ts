export { registerErrorHandling, type ErrorBody } from './error-handler.js';
