import type { Role } from '@assay/contracts';
import { Anchor, Breadcrumbs, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { ApiError, errorMessage } from '../../lib/api-error.js';
import { useSwitchOrganization } from '../identity/use-auth-actions.js';
import { useSignedInSession } from '../identity/use-session.js';
import { ReportView } from './ReportView.js';
import { useReport, useReportLocation } from './use-reports.js';

/**
 * The permanent report URL `/reports/:invitationId`. It may be opened from an ATS while
 * another organization is current: the page asks which of the user's organizations holds
 * the invitation and switches to it first.
 */
export function ReportPage() {
  const { invitationId = '' } = useParams();
  const { session, membership } = useSignedInSession();
  const location = useReportLocation(invitationId);
  const switchOrganization = useSwitchOrganization();
  const switchTo = switchOrganization.mutate;
  const attempted = useRef<string | null>(null);
  const target = location.data?.organizationId ?? null;
  const current = membership?.organizationId ?? null;
  const mismatch = target !== null && target !== current;

  useEffect(() => {
    if (!mismatch || target === null || attempted.current === target) return;
    attempted.current = target;
    switchTo({ organizationId: target });
  }, [mismatch, target, switchTo]);

  if (location.isError) {
    const notFound = location.error instanceof ApiError && location.error.status === 404;
    return (
      <>
        <PageHeader title="Report" />
        {notFound ? (
          <EmptyState
            title="Report not found"
            action={
              <Button component={Link} to="/activities" variant="light">
                Go to Activities
              </Button>
            }
          >
            No organization you belong to has this report. Ask its owner for access, or check the link.
          </EmptyState>
        ) : (
          <FormAlert message={errorMessage(location.error)} />
        )}
      </>
    );
  }
  if (switchOrganization.isError) {
    return (
      <>
        <PageHeader title="Report" />
        <FormAlert message={errorMessage(switchOrganization.error)} />
      </>
    );
  }
  if (location.isPending || mismatch || current === null || !membership) {
    const name = session.memberships.find((m) => m.organizationId === target)?.organizationName;
    return (
      <Center py="xl">
        <Stack align="center" gap="xs">
          <Loader aria-label="Loading the report" />
          {mismatch && name ? <Text c="dimmed">Switching to {name}…</Text> : null}
        </Stack>
      </Center>
    );
  }
  return <LoadedReport orgId={current} role={membership.role} invitationId={invitationId} />;
}

function LoadedReport({ orgId, role, invitationId }: { orgId: string; role: Role; invitationId: string }) {
  const report = useReport(orgId, invitationId);
  if (report.isPending) return <Loader aria-label="Loading the report" />;
  if (report.isError) {
    return (
      <>
        <PageHeader title="Report" />
        <FormAlert message={errorMessage(report.error)} />
      </>
    );
  }
  return (
    <>
      <Breadcrumbs mb="xs" aria-label="Breadcrumb" className="report-no-print">
        <Anchor component={Link} to="/activities" size="sm">
          Activities
        </Anchor>
        <Anchor component={Link} to={`/candidates/${report.data.candidate.id}`} size="sm">
          {report.data.candidate.name}
        </Anchor>
        <Text size="sm">Report</Text>
      </Breadcrumbs>
      <ReportView report={report.data} staff={{ orgId, role }} />
    </>
  );
}
