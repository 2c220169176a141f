export { createRunnerMonitor, type RunnerMonitor, type RunnerStatus } from './runner-monitor.js';
