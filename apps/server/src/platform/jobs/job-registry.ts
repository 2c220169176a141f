import type { JobDefinition } from './queue.js';

/** A job as the registry stores it: the payload type is checked by its Zod schema at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous payloads, parsed by each job's schema
export type AnyJobDefinition = JobDefinition<any>;

export interface JobRegistry {
  get(name: string): AnyJobDefinition | undefined;
  names(): string[];
  all(): AnyJobDefinition[];
  /**
   * Add jobs. `main` creates the queue first (modules enqueue through it), then registers
   * the modules' job lists before starting a worker.
   * @throws Error when a name is taken
   */
  register(...lists: readonly (readonly AnyJobDefinition[])[]): void;
}

/**
 * Compose the registry from the job lists each module exports (`main` does this), so
 * platform never imports features.
 * @throws Error when two jobs share a name.
 */
export function createJobRegistry(...lists: readonly (readonly AnyJobDefinition[])[]): JobRegistry {
  const byName = new Map<string, AnyJobDefinition>();
  const register = (...more: readonly (readonly AnyJobDefinition[])[]) => {
    for (const job of more.flat()) {
      if (byName.has(job.name)) throw new Error(`Job "${job.name}" is registered twice`);
      byName.set(job.name, job);
    }
  };
  register(...lists);
  return {
    register,
    get: (name) => byName.get(name),
    names: () => [...byName.keys()],
    all: () => [...byName.values()],
  };
}
