export {
  AppError,
  defineErrors,
  PlatformErrors,
  type AppErrorOptions,
  type ErrorDefinition,
} from './app-error.js';
