import { adminRoutes } from './admin.routes.js';
import { createAdminService, type AdminDeps } from './admin.service.js';

/** Settings → Mail log, Audit log, Failed jobs. */
export function createAdminModule(deps: AdminDeps) {
  const service = createAdminService(deps);
  return { service, routes: adminRoutes({ admin: service }), jobs: [] };
}

export type { AdminDeps, AdminService } from './admin.service.js';
