import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

describe('HTTP platform configuration', () => {
  it('defaults to 60 unauthenticated writes per minute per IP and an open /metrics', () => {
    const c = loadConfig({});
    expect(c.http.rateLimitPerMinute).toBe(60);
    expect(c.metrics.token).toBeUndefined();
  });

  it('reads HTTP_RATE_LIMIT_PER_MINUTE and METRICS_TOKEN', () => {
    const c = loadConfig({ HTTP_RATE_LIMIT_PER_MINUTE: '500', METRICS_TOKEN: 'scrape-me-0123456789' });
    expect(c.http.rateLimitPerMinute).toBe(500);
    expect(c.metrics.token).toBe('scrape-me-0123456789');
  });

  it('names both variables when they are invalid', () => {
    try {
      loadConfig({ HTTP_RATE_LIMIT_PER_MINUTE: '0', METRICS_TOKEN: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues.join('\n');
      expect(issues).toMatch(/HTTP_RATE_LIMIT_PER_MINUTE/);
      expect(issues).toMatch(/METRICS_TOKEN/);
    }
  });
});
