export {
  createMetrics,
  StandardGauges,
  type Metrics,
  type GaugeProvider,
  type GaugeSample,
} from './metrics.js';
export { registerMetrics, METRICS_PATH } from './metrics.routes.js';
