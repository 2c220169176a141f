import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../server.js';

/** Greenhouse emulation (API, UI under /gh, control API under /__sandbox/greenhouse). */
export function greenhouseSandbox(_context: SandboxContext): FastifyPluginAsync {
  return async () => {};
}
