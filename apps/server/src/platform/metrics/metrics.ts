import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One value of a gauge; `labels` must use the gauge's `labelNames`. */
export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

/**
 * A gauge whose value is read when Prometheus scrapes (queue depth, dead jobs, runner
 * health). `collect` should be one cheap query; a failing collect drops that gauge from
 * the scrape instead of failing it.
 */
export interface GaugeProvider {
  name: string;
  help: string;
  labelNames?: readonly string[];
  collect(): Promise<GaugeSample[]> | GaugeSample[];
}

/** Names and help texts of the gauges other modules feed, so dashboards can rely on them. */
export const StandardGauges = {
  jobsQueueDepth: {
    name: 'assay_jobs_queue_depth',
    help: 'Jobs waiting to run, by job name',
    labelNames: ['job'],
  },
  jobsDead: {
    name: 'assay_jobs_dead',
    help: 'Jobs that failed for good (dead), by job name',
    labelNames: ['job'],
  },
  runnerUp: { name: 'assay_runner_up', help: '1 when the sandbox runner passed its self-test, else 0' },
} as const satisfies Record<string, Omit<GaugeProvider, 'collect'>>;

export interface Metrics {
  readonly registry: Registry;
  /** Record one finished HTTP request. `route` is the route pattern, never the raw URL (tokens, cardinality). */
  observeHttpRequest(sample: { method: string; route: string; status: number; seconds: number }): void;
  /** Add a gauge read at scrape time. */
  registerGauge(provider: GaugeProvider): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * The metrics registry of one app. `defaultMetrics` adds Node's process metrics (CPU,
 * memory, event-loop delay); tests leave them off because they start timers.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'assay_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status code',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    contentType: registry.contentType,
    observeHttpRequest: ({ method, route, status, seconds }) => {
      httpDuration.observe({ route, method, status: String(status) }, seconds);
    },
    registerGauge: (provider) => {
      new Gauge({
        name: provider.name,
        help: provider.help,
        labelNames: [...(provider.labelNames ?? [])],
        registers: [registry],
        async collect() {
          this.reset();
          try {
            const samples = await provider.collect();
            for (const s of samples) this.set(s.labels ?? {}, s.value);
          } catch {
            // A broken provider must not take the whole scrape (and the other gauges) down.
          }
        },
      });
    },
    render: () => registry.metrics(),
  };
}
