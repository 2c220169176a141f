import { createLocalRunnerClient, type ExecutionBackend } from '@assay/runner/protocol';

/**
 * The real local runner (`assay-runner` child, bubblewrap sandbox), or null with the reason when
 * this machine cannot run it. Under CI=true a missing sandbox fails instead of skipping.
 */
export async function sandboxBackendOrSkip(): Promise<{ backend: ExecutionBackend | null; reason: string }> {
  const backend = createLocalRunnerClient({ onLog: () => undefined });
  try {
    const health = await backend.health();
    if (!health.ok) {
      const failed = health.checks.filter((c) => !c.ok).map((c) => `${c.name}${c.fix ? ` (${c.fix})` : ''}`);
      throw new Error(`runner self-test failed: ${failed.join(', ')}`);
    }
    return { backend, reason: '' };
  } catch (error) {
    await backend.close();
    if (process.env.CI === 'true') throw error;
    const reason = `sandbox unavailable, grading sandbox tests skipped: ${(error as Error).message}`;
    console.warn(reason);
    return { backend: null, reason };
  }
}
