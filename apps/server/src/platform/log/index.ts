export { createLogger, redactUrl, REDACT_PATHS, type Logger } from './logger.js';
