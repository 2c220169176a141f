import { createBrowserRouter, Navigate } from 'react-router-dom';
import { ActivitiesPage } from '../features/activities/ActivitiesPage.js';
import { AuditLogPage } from '../features/admin/AuditLogPage.js';
import { ApiTokensPage } from '../features/api-tokens/ApiTokensPage.js';
import { FailedJobsPage } from '../features/admin/FailedJobsPage.js';
import { MailLogPage } from '../features/admin/MailLogPage.js';
import { CandidatePage } from '../features/candidates/CandidatePage.js';
import { CandidatesPage } from '../features/candidates/CandidatesPage.js';
import { ChallengeDetailPage } from '../features/challenges/ChallengeDetailPage.js';
import { ChallengesPage } from '../features/challenges/ChallengesPage.js';
import { ComingSoonPage } from '../features/coming-soon/ComingSoonPage.js';
import { comingSoonSections as s } from '../features/coming-soon/coming-soon.js';
import { AccountPage } from '../features/identity/AccountPage.js';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.js';
import { JoinPage } from '../features/identity/JoinPage.js';
import { LoginPage } from '../features/identity/LoginPage.js';
import { ResetPasswordPage } from '../features/identity/ResetPasswordPage.js';
import { SetupPage } from '../features/identity/SetupPage.js';
import { IntegrationDeliveriesPage } from '../features/integrations/IntegrationDeliveriesPage.js';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage.js';
import { AttemptPage } from '../features/take/AttemptPage.js';
import { TakePage } from '../features/take/TakePage.js';
import { NotificationsPage } from '../features/notifications/NotificationsPage.js';
import { OrganizationSettingsPage } from '../features/organization/OrganizationSettingsPage.js';
import { ReportPage } from '../features/reports/ReportPage.js';
import { SharedReportPage } from '../features/reports/SharedReportPage.js';
import { TeamPage } from '../features/team/TeamPage.js';
import { TestBuilderPage } from '../features/tests/TestBuilderPage.js';
import { TestsPage } from '../features/tests/TestsPage.js';
import { WebhooksPage } from '../features/webhooks/WebhooksPage.js';
import { AppFrame } from './AppFrame.js';
import { NotFoundPage } from './NotFoundPage.js';
import { RouteErrorPage } from './RouteErrorPage.js';

/** Every page of the SPA. Paths outside the frame are reachable without a session. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/join', element: <JoinPage /> },
      // The candidate's pages: no staff session (the invitation token, then the attempt cookie).
      { path: '/take', element: <TakePage /> },
      { path: '/attempt/:attemptId', element: <AttemptPage /> },
      { path: '/shared-report', element: <SharedReportPage /> },
      {
        path: '/',
        element: <AppFrame />,
        children: [
          { index: true, element: <Navigate to="/activities" replace /> },
          { path: 'activities', element: <ActivitiesPage /> },
          { path: 'tests', element: <TestsPage /> },
          { path: 'tests/new', element: <TestBuilderPage /> },
          { path: 'tests/:testId', element: <TestBuilderPage /> },
          { path: 'challenges', element: <ChallengesPage /> },
          { path: 'challenges/:challengeId', element: <ChallengeDetailPage /> },
          { path: 'candidates', element: <CandidatesPage /> },
          { path: 'candidates/:candidateId', element: <CandidatePage /> },
          { path: 'reports/:invitationId', element: <ReportPage /> },
          { path: 'interviews', element: <ComingSoonPage section={s.interviews} /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'settings', element: <Navigate to="/settings/organization" replace /> },
          { path: 'settings/organization', element: <OrganizationSettingsPage /> },
          { path: 'settings/team', element: <TeamPage /> },
          { path: 'settings/integrations', element: <IntegrationsPage /> },
          { path: 'settings/integrations/deliveries', element: <IntegrationDeliveriesPage /> },
          { path: 'settings/api-tokens', element: <ApiTokensPage /> },
          { path: 'settings/webhooks', element: <WebhooksPage /> },
          { path: 'settings/notifications', element: <NotificationsPage /> },
          { path: 'settings/mail-log', element: <MailLogPage /> },
          { path: 'settings/audit-log', element: <AuditLogPage /> },
          { path: 'settings/failed-jobs', element: <FailedJobsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
