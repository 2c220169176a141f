import type { Report, Role, SharedReport } from '@assay/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { formatMinutes } from '../challenges/challenge-labels.js';
import { hasRole } from '../identity/roles.js';
import { InvitationStatusBadge } from '../invitations/InvitationBadges.js';
import { CodeView } from './CodeView.js';
import { CriteriaBreakdown, formatPoints } from './CriteriaBreakdown.js';
import { ReportTimeline } from './ReportTimeline.js';
import { ReviewerNotes } from './ReviewerNotes.js';
import { ScoreHistogram } from './ScoreHistogram.js';
import { ShareLinks } from './ShareLinks.js';
import { isGradingInProgress, reportPdfUrl, useRegrade } from './use-reports.js';
import './report.css';

/** The staff context of a report: who reads it, in which organization. */
export interface ReportStaff {
  orgId: string;
  role: Role;
}

/** Where the attempt stands, as the page shows it. */
export type ReportPhase = 'not_started' | 'in_progress' | 'grading' | 'graded' | 'failed' | 'closed';

type AnyReport = Report | SharedReport;

/**
 * Which state the page shows. A re-grade of a graded attempt keeps the phase `graded` (the
 * contract keeps the last finished grading's scores meanwhile); a banner says it is running.
 */
export function reportPhase(report: Pick<AnyReport, 'status' | 'grading'>): ReportPhase {
  switch (report.status) {
    case 'invited':
    case 'opened':
      return 'not_started';
    case 'started':
      return 'in_progress';
    case 'submitted':
      return report.grading?.status === 'failed' ? 'failed' : 'grading';
    case 'graded':
      return report.grading?.score === null ? 'grading' : 'graded';
    case 'grading_failed':
      return isGradingInProgress(report) && report.grading ? 'grading' : 'failed';
    case 'expired':
    case 'cancelled':
      return 'closed';
  }
}

/** The grading error (staff reports only; a shared report never carries it). */
function gradingError(report: AnyReport): string | null {
  return report.grading && 'error' in report.grading ? report.grading.error : null;
}

/** The grading log (staff reports only). */
function gradingLog(report: AnyReport): string {
  return report.grading && 'log' in report.grading ? report.grading.log : '';
}

/**
 * The body of a report, for staff (`staff` given: notes, overrides, re-grade, share links,
 * code) and for a share-link holder (read-only).
 */
export function ReportView({ report, staff }: { report: AnyReport; staff?: ReportStaff }) {
  const phase = reportPhase(report);
  const full = staff && 'notes' in report ? report : null;
  const canReview = staff !== undefined;
  const isRecruiter = staff !== undefined && hasRole(staff.role, 'recruiter');
  const isAdmin = staff !== undefined && hasRole(staff.role, 'admin');
  const score = phase === 'graded' ? (report.grading?.score ?? null) : null;
  const automatic = phase === 'graded' ? (report.grading?.automaticScore ?? null) : null;
  // Staff follow a running attempt's code live; otherwise the submitted commit's.
  const hasCode = report.submittedCommit !== null || report.status === 'started';
  const log = gradingLog(report);

  return (
    <div className="report-page">
      <Text size="sm" c="dimmed" className="report-print-only" mb="xs">
        {report.organizationName} · Assay report · printed {formatDateTime(new Date().toISOString())}
      </Text>
      <PageHeader
        title={`Report: ${report.candidate.name}`}
        description={
          <Group gap="xs" component="span">
            <Text span>{report.test.name}</Text>
            <InvitationStatusBadge status={report.status} />
            {'email' in report.candidate ? (
              <Text span size="sm" c="dimmed">
                {report.candidate.email}
              </Text>
            ) : null}
          </Group>
        }
        actions={
          <Group gap="sm" className="report-no-print">
            {staff && isRecruiter && (phase === 'graded' || phase === 'failed') ? (
              <RegradeButton
                orgId={staff.orgId}
                invitationId={report.invitationId}
                running={isGradingInProgress(report)}
              />
            ) : null}
            <Button variant="default" onClick={() => window.print()}>
              Print
            </Button>
            {staff ? (
              <Button component="a" href={reportPdfUrl(staff.orgId, report.invitationId)} variant="default">
                Download PDF
              </Button>
            ) : null}
          </Group>
        }
      />
      <Stack gap="lg">
        <PhaseBanner report={report} phase={phase} showError={isAdmin} />
        {phase === 'graded' ? <RegradeBanner report={report} showError={isAdmin} /> : null}
        <Facts report={report} score={score} automatic={automatic} />

        {phase === 'graded' ? (
          <>
            <Section title="Criteria">
              <CriteriaBreakdown
                criteria={report.criteria}
                override={
                  staff && canReview ? { orgId: staff.orgId, invitationId: report.invitationId } : undefined
                }
              />
            </Section>
            <Section title="Compared with everyone graded on this test version">
              <Stack gap="xs">
                <Text size="sm">
                  {report.percentile === null
                    ? `Too few graded attempts for a percentile yet (${report.gradedCount}).`
                    : `Percentile ${Math.round(report.percentile)} among ${report.gradedCount} graded attempts.`}
                </Text>
                <ScoreHistogram histogram={report.histogram} score={score} percentile={report.percentile} />
              </Stack>
            </Section>
          </>
        ) : null}

        {staff && hasCode ? (
          <Section title="Code">
            <CodeView
              orgId={staff.orgId}
              invitationId={report.invitationId}
              commit={report.submittedCommit}
            />
          </Section>
        ) : null}

        <SimpleGrid cols={{ base: 1, md: full ? 2 : 1 }} spacing="lg">
          <Section title={phase === 'in_progress' ? 'Timeline so far' : 'Timeline'}>
            <ReportTimeline entries={report.timeline} />
          </Section>
          {full && staff ? (
            <Section title="Reviewer notes">
              <ReviewerNotes orgId={staff.orgId} invitationId={report.invitationId} notes={full.notes} />
            </Section>
          ) : null}
        </SimpleGrid>

        {staff && report.grading && log ? (
          <Section title="Grading log" noPrint>
            <details>
              <summary>
                <Text span size="sm">
                  Show the build and test output of grading #{report.grading.number}
                </Text>
              </summary>
              <Code block mt="xs" style={{ maxHeight: 400, overflow: 'auto' }}>
                {log}
              </Code>
            </details>
          </Section>
        ) : null}

        {full && staff && isRecruiter ? (
          <Section title="Share" noPrint>
            <ShareLinks orgId={staff.orgId} invitationId={report.invitationId} links={full.shareLinks} />
          </Section>
        ) : null}

        {full ? (
          <Text size="xs" c="dimmed">
            Permanent link:{' '}
            <Anchor component={Link} to={`/reports/${report.invitationId}`} size="xs">
              {full.url}
            </Anchor>
          </Text>
        ) : null}
      </Stack>
    </div>
  );
}

function Section({ title, children, noPrint }: { title: string; children: ReactNode; noPrint?: boolean }) {
  return (
    <Paper
      withBorder
      radius="lg"
      p="lg"
      component="section"
      aria-label={title}
      className={noPrint ? 'report-no-print' : undefined}
    >
      <Title order={2} fz="lg" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function PhaseBanner({
  report,
  phase,
  showError,
}: {
  report: AnyReport;
  phase: ReportPhase;
  showError: boolean;
}) {
  switch (phase) {
    case 'not_started':
      return (
        <Alert color="gray" variant="light" title="Not started yet" role="status">
          {report.candidate.name} has not started the test yet. The report fills in once they do.
        </Alert>
      );
    case 'in_progress':
      return (
        <Alert color="blue" variant="light" title="In progress" role="status">
          {report.candidate.name} is taking the test
          {report.startedAt ? ` (started ${formatDateTime(report.startedAt)})` : ''}. The timeline shows what
          happened so far.
        </Alert>
      );
    case 'grading':
      return (
        <Alert color="violet" variant="light" role="status" title="Grading">
          <Group gap="sm">
            <Loader size="sm" color="violet" aria-hidden="true" />
            <Text size="sm">
              {report.grading && report.grading.number > 1
                ? `Re-grade #${report.grading.number} is ${report.grading.status === 'running' ? 'running' : 'queued'}.`
                : 'The submission is being graded.'}{' '}
              This page updates by itself.
            </Text>
          </Group>
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" variant="light" role="alert" title="Grading failed">
          <Stack gap="xs">
            <Text size="sm">
              The submission could not be graded, so there is no score. Re-grading may help once the cause is
              fixed.
            </Text>
            {showError && gradingError(report) ? (
              <Code block data-testid="grading-error">
                {gradingError(report)}
              </Code>
            ) : !showError ? (
              <Text size="sm" c="dimmed">
                An admin can see the cause on this page.
              </Text>
            ) : null}
          </Stack>
        </Alert>
      );
    case 'closed':
      return (
        <Alert
          color="orange"
          variant="light"
          role="status"
          title={report.status === 'expired' ? 'Expired' : 'Cancelled'}
        >
          {report.startedAt
            ? 'The attempt ended without a submission.'
            : `${report.candidate.name} did not take the test.`}
        </Alert>
      );
    case 'graded':
      return null;
  }
}

/** A re-grade of a graded attempt: running (the scores shown are the last finished ones) or failed. */
function RegradeBanner({ report, showError }: { report: AnyReport; showError: boolean }) {
  const grading = report.grading;
  if (!grading) return null;
  if (isGradingInProgress(report)) {
    return (
      <Alert color="violet" variant="light" role="status" title="Re-grading">
        <Group gap="sm" wrap="nowrap">
          <Loader size="sm" color="violet" aria-hidden="true" />
          <Text size="sm">
            Re-grade #{grading.number} is {grading.status === 'running' ? 'running' : 'queued'}. The scores
            below are from the last finished grading until it is done; this page updates by itself.
          </Text>
        </Group>
      </Alert>
    );
  }
  if (grading.status === 'failed') {
    const error = gradingError(report);
    return (
      <Alert color="red" variant="light" role="alert" title="The latest re-grade failed">
        <Stack gap="xs">
          <Text size="sm">The scores below are from the last grading that finished.</Text>
          {showError && error ? (
            <Code block data-testid="grading-error">
              {error}
            </Code>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  return null;
}

function Facts({
  report,
  score,
  automatic,
}: {
  report: AnyReport;
  score: number | null;
  automatic: number | null;
}) {
  const reviewed = score !== null && automatic !== null && Math.abs(score - automatic) > 1e-9;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
      <Fact label="Total score">
        {score === null ? (
          <Text c="dimmed">—</Text>
        ) : (
          <Stack gap={0}>
            <Text fz={32} fw={800} lh={1.1} data-testid="total-score">
              {formatPoints(score)}
              <Text span c="dimmed" fz="md" fw={500}>
                {' '}
                / 100
              </Text>
            </Text>
            {reviewed ? (
              <Group gap={4}>
                <Badge color="grape" variant="light" tt="none" size="sm">
                  reviewed
                </Badge>
                <Text size="xs" c="dimmed" data-testid="total-automatic">
                  automatic {formatPoints(automatic)}
                </Text>
              </Group>
            ) : null}
          </Stack>
        )}
      </Fact>
      <Fact label="Language">{report.language ?? <Text c="dimmed">—</Text>}</Fact>
      <Fact label="Time used">
        {report.timeUsedMinutes === null ? (
          <Text c="dimmed">— of {formatMinutes(report.timeAllowedMinutes)}</Text>
        ) : (
          `${formatMinutes(Math.round(report.timeUsedMinutes))} of ${formatMinutes(report.timeAllowedMinutes)}`
        )}
      </Fact>
      <Fact label="Submitted">
        {report.submittedAt ? formatDateTime(report.submittedAt) : <Text c="dimmed">—</Text>}
      </Fact>
    </SimpleGrid>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div" fw={600} mt={4}>
        {children}
      </Text>
    </Paper>
  );
}

/** Queue a new grading of the submitted commit (recruiter and above), after confirmation. */
function RegradeButton({
  orgId,
  invitationId,
  running,
}: {
  orgId: string;
  invitationId: string;
  /** A grading run is queued or running: one at a time. */
  running: boolean;
}) {
  const [open, setOpen] = useState(false);
  const regrade = useRegrade(orgId, invitationId);
  return (
    <>
      <Button
        variant="default"
        onClick={() => setOpen(true)}
        loading={regrade.isPending}
        disabled={running}
        title={running ? 'A grading run is in progress' : undefined}
      >
        {running ? 'Re-grading…' : 'Re-grade'}
      </Button>
      <ConfirmDialog
        opened={open}
        title="Grade this submission again?"
        confirmLabel="Re-grade"
        loading={regrade.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          regrade.mutate(undefined, {
            onSuccess: () => {
              setOpen(false);
              notifications.show({ message: 'Re-grade queued. The report updates when it is done.' });
            },
            onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
          })
        }
      >
        The submitted code runs against the test's checks again. The score may change; overrides stay as they
        are.
      </ConfirmDialog>
    </>
  );
}
