import type { Config } from '../../config/index.js';
import type { Db, DialectHelpers } from '../../db/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { IdentityMailPort, IdentityModule } from '../identity/index.js';
import { organizationsRoutes } from './organizations.routes.js';
import { createOrganizationsService } from './organizations.service.js';

export interface OrganizationsModuleDeps {
  db: Db;
  dialect: Pick<DialectHelpers, 'isUniqueViolation'>;
  clock: Clock;
  config: Pick<Config, 'http'>;
  mail: IdentityMailPort;
  identity: Pick<IdentityModule, 'service' | 'cookies'>;
}

/** Organizations, memberships, member invitations and first-run setup. */
export function createOrganizationsModule(deps: OrganizationsModuleDeps) {
  const service = createOrganizationsService({ ...deps, identity: deps.identity.service });
  return {
    service,
    routes: organizationsRoutes({
      organizations: service,
      identity: deps.identity.service,
      cookies: deps.identity.cookies,
    }),
  };
}

export type OrganizationsModule = ReturnType<typeof createOrganizationsModule>;
export { tenancy, slugify, type Actor, type OrganizationsService } from './organizations.service.js';
export {
  ORGANIZATION_PERMISSIONS,
  can,
  canInviteAs,
  canChangeRole,
  canRemoveMember,
  leavesNoOwner,
  needsReauthForRoleChange,
} from './organizations.policy.js';
export { findAdminRecipients } from './organizations.repository.js';
