import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../server.js';

/** SmartRecruiters emulation (API, UI under /sr, control API under /__sandbox/smartrecruiters). */
export function smartRecruitersSandbox(_context: SandboxContext): FastifyPluginAsync {
  return async () => {};
}
