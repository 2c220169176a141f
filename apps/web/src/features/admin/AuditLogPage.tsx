import { PageHeader } from '../../app/components/PageHeader.js';

/** Placeholder until the admin contract lands. */
export function AuditLogPage() {
  return <PageHeader title="AuditLog" />;
}
