import type { Role } from '@assay/contracts';

export interface NavItem {
  label: string;
  to: string;
  /** Lowest role that sees the item (owner ⊇ admin ⊇ recruiter; everyone sees `reviewer` items). */
  minimumRole: Role;
}

/** The main sections. */
export const mainNav: NavItem[] = [
  { label: 'Activities', to: '/activities', minimumRole: 'reviewer' },
  { label: 'Tests', to: '/tests', minimumRole: 'reviewer' },
  { label: 'Challenges', to: '/challenges', minimumRole: 'reviewer' },
  { label: 'Candidates', to: '/candidates', minimumRole: 'reviewer' },
  { label: 'Interviews', to: '/interviews', minimumRole: 'reviewer' },
];

/** Settings → … */
export const settingsNav: NavItem[] = [
  { label: 'Organization', to: '/settings/organization', minimumRole: 'reviewer' },
  { label: 'Team', to: '/settings/team', minimumRole: 'reviewer' },
  { label: 'Integrations', to: '/settings/integrations', minimumRole: 'admin' },
  { label: 'API tokens', to: '/settings/api-tokens', minimumRole: 'reviewer' },
  { label: 'Webhooks', to: '/settings/webhooks', minimumRole: 'admin' },
  { label: 'Notifications', to: '/settings/notifications', minimumRole: 'reviewer' },
  { label: 'Mail log', to: '/settings/mail-log', minimumRole: 'admin' },
  { label: 'Audit log', to: '/settings/audit-log', minimumRole: 'admin' },
  { label: 'Failed jobs', to: '/settings/failed-jobs', minimumRole: 'admin' },
];
