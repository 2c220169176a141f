import { reportsRoutes } from './reports.routes.js';
import { createReportsService, type ReportsDeps } from './reports.service.js';

/**
 * Reports: the permanent report of an invitation's attempt (scores, criteria, code and diff,
 * timeline, percentile), notes, overrides, re-grades, the PDF and share links.
 * Others use `service.getReport(organizationId, invitationId)` and `service.reportUrl(invitationId)`.
 */
export function createReportsModule(deps: ReportsDeps) {
  const service = createReportsService(deps);
  return { service, routes: reportsRoutes({ reports: service }) };
}

export type ReportsModule = ReturnType<typeof createReportsModule>;
export type {
  InvitationScorePort,
  RegradePort,
  ReportActor,
  ReportsDeps,
  ReportsService,
} from './reports.service.js';
export { REPORT_PERMISSIONS, histogramOf, percentileOf, scaleCriteria } from './reports.policy.js';
export { ReportErrors } from './reports.errors.js';
