export { systemClock, createManualClock, type Clock } from './clock.js';
