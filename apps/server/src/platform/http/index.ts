export { registerErrorHandling, type ErrorBody } from './error-handler.js';
export { registerSecurityHeaders } from './security-headers.js';
export { registerRateLimits, type RateLimitPolicy } from './rate-limits.js';
export { registerContentTypeGuard } from './content-type-guard.js';
export { registerOpenApi, OPENAPI_PATH, API_DOCS_PATH } from './openapi.js';
export { createWebApp, type SpaFallback, type WebApp } from './web-app.js';
