export { loadConfig, processEnv, ConfigError, type Config, type Env } from './config.js';
