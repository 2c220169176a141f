import type { Role } from '@assay/contracts';
import { addMembership } from '../identity/identity-fixtures.js';
import { buildOrgApp } from '../support/org-app.js';

export { PUBLIC_URL, ROLES, type Caller } from '../support/org-app.js';

/** The real app (inline queue, manual clock, captured logs) on a fresh database, with DATA_DIR exposed. */
export async function buildReportsApp() {
  const base = await buildOrgApp({ name: 'reports' });
  return {
    ...base,
    addMembership: (organizationId: string, userId: string, role: Role) =>
      addMembership(base.db, organizationId, userId, role),
  };
}

export type ReportsApp = Awaited<ReturnType<typeof buildReportsApp>>;
