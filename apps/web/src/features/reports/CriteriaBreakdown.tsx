import type { ReportCriterion } from '@assay/contracts';
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { formatDateTime } from '../../lib/format.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { useOverrideCriterion } from './use-reports.js';

/** Failure messages longer than this are cut, with "show more". */
const MESSAGE_PREVIEW_CHARS = 240;
/** Failed tests listed before "show N more". */
const FAILED_PREVIEW = 5;

/** Points with at most one decimal ("7.5", "10"). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 10) / 10);
}

/** Per-criterion breakdown: weight, points, passed and failed tests; overrides for reviewers. */
export function CriteriaBreakdown({
  criteria,
  override,
}: {
  criteria: ReportCriterion[];
  /** Where overrides go (staff view); absent on a shared report. */
  override?: { orgId: string; invitationId: string };
}) {
  const [editing, setEditing] = useState<{ criterion: ReportCriterion; remove: boolean } | null>(null);
  if (criteria.length === 0) return <Text c="dimmed">This test has no criteria.</Text>;
  return (
    <Stack gap="sm">
      {criteria.map((c) => (
        <CriterionCard
          key={c.id}
          criterion={c}
          onOverride={override ? () => setEditing({ criterion: c, remove: false }) : undefined}
          onRemoveOverride={override ? () => setEditing({ criterion: c, remove: true }) : undefined}
        />
      ))}
      {override && editing ? (
        <OverrideDialog
          orgId={override.orgId}
          invitationId={override.invitationId}
          criterion={editing.criterion}
          remove={editing.remove}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Stack>
  );
}

function CriterionCard({
  criterion: c,
  onOverride,
  onRemoveOverride,
}: {
  criterion: ReportCriterion;
  onOverride?: () => void;
  onRemoveOverride?: () => void;
}) {
  const [allFailed, setAllFailed] = useState(false);
  const total = c.passed.length + c.failed.length;
  const failed = allFailed ? c.failed : c.failed.slice(0, FAILED_PREVIEW);
  const percent = c.maxPoints > 0 ? (c.points / c.maxPoints) * 100 : 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="criterion"
      aria-label={`Criterion ${c.name}`}
      component="section"
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={3} fz="md">
            {c.name}
          </Title>
          {c.description ? (
            <Text size="sm" c="dimmed">
              {c.description}
            </Text>
          ) : null}
          <Text size="sm" c="dimmed">
            Weight {formatPoints(c.weight)} · {c.passed.length} of {total} test{total === 1 ? '' : 's'} passed
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Text fw={700} fz="lg" data-testid="criterion-points">
            {formatPoints(c.points)} / {formatPoints(c.maxPoints)}
          </Text>
          {c.override ? (
            <Group gap={6} wrap="nowrap">
              <Badge color="grape" variant="light" tt="none">
                reviewed
              </Badge>
              <Text size="sm" c="dimmed" data-testid="criterion-automatic">
                automatic {formatPoints(c.automaticPoints)}
              </Text>
            </Group>
          ) : null}
        </Stack>
      </Group>
      <Progress
        value={percent}
        mt="sm"
        size="sm"
        color={c.override ? 'grape' : percent >= 50 ? 'green' : 'orange'}
        aria-label={`${c.name}: ${formatPoints(c.points)} of ${formatPoints(c.maxPoints)} points`}
      />
      {c.override ? (
        <Text size="sm" mt="xs">
          Reviewed by {c.override.by} on {formatDateTime(c.override.at)}: “{c.override.reason}”
        </Text>
      ) : null}
      {c.failed.length > 0 ? (
        <Stack gap={4} mt="sm">
          <Text size="sm" fw={600}>
            Failed tests
          </Text>
          <List size="sm" spacing={4}>
            {failed.map((f, i) => (
              <List.Item key={`${f.test}-${i}`}>
                <Code>{f.test}</Code>
                {f.message ? <FailureMessage message={f.message} /> : null}
              </List.Item>
            ))}
          </List>
          {c.failed.length > FAILED_PREVIEW ? (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setAllFailed(!allFailed)}
              className="report-no-print"
            >
              {allFailed ? 'Show fewer' : `Show ${c.failed.length - FAILED_PREVIEW} more failed tests`}
            </Anchor>
          ) : null}
        </Stack>
      ) : null}
      {c.passed.length > 0 ? (
        <details style={{ marginTop: 8 }}>
          <summary>
            <Text span size="sm">
              Passed tests ({c.passed.length})
            </Text>
          </summary>
          <List size="sm" spacing={2} mt={4}>
            {c.passed.map((t, i) => (
              <List.Item key={`${t}-${i}`}>
                <Code>{t}</Code>
              </List.Item>
            ))}
          </List>
        </details>
      ) : null}
      {onOverride ? (
        <Group gap="xs" mt="sm" className="report-no-print">
          <Button size="xs" variant="light" onClick={onOverride}>
            {c.override ? 'Change override' : 'Override score'}
          </Button>
          {c.override && onRemoveOverride ? (
            <Button size="xs" variant="subtle" color="red" onClick={onRemoveOverride}>
              Remove override
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Paper>
  );
}

/** A failure message, trimmed to a preview with "show more". */
function FailureMessage({ message }: { message: string }) {
  const [open, setOpen] = useState(false);
  const long = message.length > MESSAGE_PREVIEW_CHARS;
  const shown = open || !long ? message : `${message.slice(0, MESSAGE_PREVIEW_CHARS).trimEnd()}…`;
  return (
    <>
      <Text
        component="pre"
        size="xs"
        c="dimmed"
        mt={2}
        mb={0}
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          fontFamily: 'var(--mantine-font-family-monospace)',
        }}
      >
        {shown}
      </Text>
      {long ? (
        <Anchor
          component="button"
          type="button"
          size="xs"
          onClick={() => setOpen(!open)}
          className="report-no-print"
        >
          {open ? 'Show less' : 'Show more'}
        </Anchor>
      ) : null}
    </>
  );
}

/** Set or remove a criterion's override; a reason is always required (it is audited). */
function OverrideDialog({
  orgId,
  invitationId,
  criterion,
  remove,
  onClose,
}: {
  orgId: string;
  invitationId: string;
  criterion: ReportCriterion;
  remove: boolean;
  onClose: () => void;
}) {
  const mutation = useOverrideCriterion(orgId, invitationId);
  const errors = useFormErrors();
  const [points, setPoints] = useState<number | string>(
    // Two decimals, rounded down so a full score never lands above the maximum.
    criterion.override?.points ?? Math.floor(criterion.automaticPoints * 100) / 100,
  );
  const [reason, setReason] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    mutation.mutate(
      { criterionId: criterion.id, points: remove ? null : Number(points), reason },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: remove
              ? `The override of “${criterion.name}” was removed.`
              : `“${criterion.name}” now counts ${formatPoints(Number(points))} points.`,
          });
          onClose();
        },
        onError: errors.capture,
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={remove ? `Remove the override of “${criterion.name}”?` : `Override “${criterion.name}”`}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={errors.form} />
          <Text size="sm">
            Automatic score: {formatPoints(criterion.automaticPoints)} of {formatPoints(criterion.maxPoints)}{' '}
            points. It stays visible next to the reviewed score.
          </Text>
          {remove ? null : (
            <NumberInput
              label="Points"
              description={`Between 0 and ${formatPoints(criterion.maxPoints)}.`}
              min={0}
              max={criterion.maxPoints}
              decimalScale={2}
              required
              value={points}
              onChange={setPoints}
              error={errors.fields.points}
            />
          )}
          <Textarea
            label="Reason"
            description="Why the score changes (kept in the report and the audit log)."
            required
            autosize
            minRows={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.fields.reason}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep as is
            </Button>
            <Button type="submit" color={remove ? 'red' : undefined} loading={mutation.isPending}>
              {remove ? 'Remove override' : 'Save override'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
