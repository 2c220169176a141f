import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AuditLogPage } from '../features/admin/AuditLogPage.js';
import { FailedJobsPage } from '../features/admin/FailedJobsPage.js';
import { MailLogPage } from '../features/admin/MailLogPage.js';
import { ComingSoonPage } from '../features/coming-soon/ComingSoonPage.js';
import { comingSoonSections as s } from '../features/coming-soon/coming-soon.js';
import { AccountPage } from '../features/identity/AccountPage.js';
import { ForgotPasswordPage } from '../features/identity/ForgotPasswordPage.js';
import { JoinPage } from '../features/identity/JoinPage.js';
import { LoginPage } from '../features/identity/LoginPage.js';
import { ResetPasswordPage } from '../features/identity/ResetPasswordPage.js';
import { SetupPage } from '../features/identity/SetupPage.js';
import { OrganizationSettingsPage } from '../features/organization/OrganizationSettingsPage.js';
import { TeamPage } from '../features/team/TeamPage.js';
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
      {
        path: '/',
        element: <AppFrame />,
        children: [
          { index: true, element: <Navigate to="/activities" replace /> },
          { path: 'activities', element: <ComingSoonPage section={s.activities} /> },
          { path: 'tests', element: <ComingSoonPage section={s.tests} /> },
          { path: 'challenges', element: <ComingSoonPage section={s.challenges} /> },
          { path: 'candidates', element: <ComingSoonPage section={s.candidates} /> },
          { path: 'interviews', element: <ComingSoonPage section={s.interviews} /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'settings', element: <Navigate to="/settings/organization" replace /> },
          { path: 'settings/organization', element: <OrganizationSettingsPage /> },
          { path: 'settings/team', element: <TeamPage /> },
          { path: 'settings/integrations', element: <ComingSoonPage section={s.integrations} /> },
          { path: 'settings/api-tokens', element: <ComingSoonPage section={s.apiTokens} /> },
          { path: 'settings/webhooks', element: <ComingSoonPage section={s.webhooks} /> },
          { path: 'settings/notifications', element: <ComingSoonPage section={s.notifications} /> },
          { path: 'settings/mail-log', element: <MailLogPage /> },
          { path: 'settings/audit-log', element: <AuditLogPage /> },
          { path: 'settings/failed-jobs', element: <FailedJobsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
