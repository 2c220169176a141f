import {
  InvitationLimits,
  type BulkInviteResult,
  type CreateInvitationBody,
  type Test,
} from '@assay/contracts';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { FileDropZone } from '../../app/components/FileDropZone.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { isApiError } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { useTests } from '../tests/use-tests.js';
import { useBulkInvite, useCreateInvitation } from './use-invitations.js';

/** The candidates module's answer to an ATS URL that no connected ATS recognizes. */
export const ATS_URL_UNRECOGNIZED = 'candidates.ats_url_unrecognized';

/**
 * Invite a candidate to a published test, one by one or from a CSV file
 * (`name,email[,ats_url]`). Opened from Tests, Candidates and Activities.
 */
export function InviteCandidateDialog({
  orgId,
  opened,
  onClose,
  testId,
  candidate,
}: {
  orgId: string;
  opened: boolean;
  onClose: () => void;
  /** Preselect this test (from a test's page or row). */
  testId?: string;
  /** Prefill name and email (from a candidate's page). */
  candidate?: { name: string; email: string };
}) {
  const [tab, setTab] = useState<string | null>('one');
  return (
    <Modal opened={opened} onClose={onClose} title="Invite candidate" size="lg" centered>
      {opened ? (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="one">One candidate</Tabs.Tab>
            {candidate ? null : <Tabs.Tab value="csv">CSV file</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="one">
            <SingleInviteForm orgId={orgId} testId={testId} candidate={candidate} onDone={onClose} />
          </Tabs.Panel>
          <Tabs.Panel value="csv">
            <BulkInviteForm orgId={orgId} testId={testId} onClose={onClose} />
          </Tabs.Panel>
        </Tabs>
      ) : null}
    </Modal>
  );
}

/** The published tests as Select options, and the chosen one. */
function TestPicker({
  orgId,
  value,
  onChange,
  error,
}: {
  orgId: string;
  value: string | null;
  onChange: (test: Test | null) => void;
  error?: string;
}) {
  const tests = useTests(orgId, 'published');
  const items = tests.data?.items ?? [];
  return (
    <Select
      label="Test"
      required
      searchable
      placeholder={tests.isPending ? 'Loading tests…' : 'Choose a published test'}
      nothingFoundMessage="No published test matches"
      data={items.map((t) => ({ value: t.id, label: t.name }))}
      value={value}
      onChange={(id) => onChange(items.find((t) => t.id === id) ?? null)}
      error={error ?? (tests.isSuccess && items.length === 0 ? 'Publish a test first.' : undefined)}
    />
  );
}

function SingleInviteForm({
  orgId,
  testId,
  candidate,
  onDone,
}: {
  orgId: string;
  testId?: string;
  candidate?: { name: string; email: string };
  onDone: () => void;
}) {
  const create = useCreateInvitation(orgId);
  const errors = useFormErrors();
  const [test, setTest] = useState<string | null>(testId ?? null);
  const [name, setName] = useState(candidate?.name ?? '');
  const [email, setEmail] = useState(candidate?.email ?? '');
  const [atsUrl, setAtsUrl] = useState('');
  const [days, setDays] = useState<number | string>(InvitationLimits.defaultExpiresInDays);
  const [extra, setExtra] = useState<number | string>(0);
  const [message, setMessage] = useState('');
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const [atsError, setAtsError] = useState<string | null>(null);

  const send = (confirmDuplicate: boolean) => {
    errors.clear();
    setAtsError(null);
    if (!test) {
      errors.capture(new Error('Choose a test.'));
      return;
    }
    const body: CreateInvitationBody = {
      testId: test,
      name: name.trim(),
      email: email.trim(),
      expiresInDays: Number(days),
      extraTimeMinutes: Number(extra),
      ...(atsUrl.trim() ? { atsUrl: atsUrl.trim() } : {}),
      ...(message.trim() ? { message: message.trim() } : {}),
      ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
    };
    create.mutate(body, {
      onSuccess: (invitation) => {
        notifications.show({
          color: 'green',
          message: `${invitation.candidate.name} was invited to “${invitation.test.name}”.`,
        });
        onDone();
      },
      onError: (err) => {
        if (isApiError(err, 'invitations.duplicate')) setDuplicate(err.message);
        // The URL is fine as a URL but no connected ATS knows it: say so next to the field.
        else if (isApiError(err, ATS_URL_UNRECOGNIZED)) setAtsError(err.message);
        else errors.capture(err);
      },
    });
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setDuplicate(null);
    send(false);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={errors.form} />
        <TestPicker
          orgId={orgId}
          value={test}
          onChange={(t) => {
            setTest(t?.id ?? null);
            if (t) setDays(t.validityDays);
          }}
          error={errors.fields.testId}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.fields.name}
          />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.fields.email}
          />
        </Group>
        <TextInput
          label="ATS profile URL"
          description="Optional: the candidate in Greenhouse or SmartRecruiters, so results are sent there."
          type="url"
          value={atsUrl}
          onChange={(e) => setAtsUrl(e.currentTarget.value)}
          error={errors.fields.atsUrl ?? atsError}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Valid for (days)"
            min={1}
            max={InvitationLimits.maxExpiresInDays}
            value={days}
            onChange={setDays}
            error={errors.fields.expiresInDays}
          />
          <NumberInput
            label="Extra time (minutes)"
            description="An accommodation, added to the time limit."
            min={0}
            max={InvitationLimits.maxExtraTimeMinutes}
            value={extra}
            onChange={setExtra}
            error={errors.fields.extraTimeMinutes}
          />
        </Group>
        <Textarea
          label="Personal message"
          description="Optional; included in the invitation mail."
          autosize
          minRows={2}
          maxLength={InvitationLimits.maxMessageLength}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          error={errors.fields.message}
        />
        {duplicate ? (
          <Alert color="yellow" variant="light" role="alert" title="Already invited">
            <Stack gap="xs">
              <Text size="sm">{duplicate}</Text>
              <Group gap="sm">
                <Button size="xs" color="yellow" loading={create.isPending} onClick={() => send(true)}>
                  Invite anyway
                </Button>
                <Button size="xs" variant="default" onClick={() => setDuplicate(null)}>
                  Don’t invite
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending && !duplicate} disabled={duplicate !== null}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const rowStatusColor = { invited: 'green', duplicate: 'yellow', error: 'red' } as const;

function BulkInviteForm({ orgId, testId, onClose }: { orgId: string; testId?: string; onClose: () => void }) {
  const bulk = useBulkInvite(orgId);
  const errors = useFormErrors();
  const [test, setTest] = useState<string | null>(testId ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [days, setDays] = useState<number | string>(InvitationLimits.defaultExpiresInDays);
  const [message, setMessage] = useState('');
  const [confirmDuplicates, setConfirmDuplicates] = useState(false);
  const [result, setResult] = useState<BulkInviteResult | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    setResult(null);
    if (!test) return errors.capture(new Error('Choose a test.'));
    if (!file) return errors.capture(new Error('Choose a CSV file.'));
    if (file.size > InvitationLimits.maxBulkCsvBytes) {
      return errors.capture(
        new Error(`The file is larger than ${InvitationLimits.maxBulkCsvBytes / 1024} KiB.`),
      );
    }
    const csv = await file.text();
    bulk.mutate(
      {
        testId: test,
        csv,
        expiresInDays: Number(days),
        ...(message.trim() ? { message: message.trim() } : {}),
        ...(confirmDuplicates ? { confirmDuplicates: true } : {}),
      },
      {
        onSuccess: (r) => {
          setResult(r);
          notifications.show({
            color: r.errors > 0 ? 'yellow' : 'green',
            message: `${r.invited} invited, ${r.duplicates} already invited, ${r.errors} with errors.`,
          });
        },
        onError: errors.capture,
      },
    );
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <FormAlert message={errors.form} />
        <TestPicker
          orgId={orgId}
          value={test}
          onChange={(t) => {
            setTest(t?.id ?? null);
            if (t) setDays(t.validityDays);
          }}
          error={errors.fields.testId}
        />
        <FileDropZone
          label="Candidates (.csv)"
          description="A header row name,email and optionally ats_url; one candidate per line, up to 500."
          accept=".csv,text/csv"
          file={file}
          onFile={(f) => {
            setFile(f);
            setResult(null);
          }}
          error={errors.fields.csv}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Valid for (days)"
            min={1}
            max={InvitationLimits.maxExpiresInDays}
            value={days}
            onChange={setDays}
            error={errors.fields.expiresInDays}
          />
          <Checkbox
            mt={30}
            label="Also invite people with an open invitation"
            checked={confirmDuplicates}
            onChange={(e) => setConfirmDuplicates(e.currentTarget.checked)}
          />
        </Group>
        <Textarea
          label="Personal message"
          autosize
          minRows={2}
          maxLength={InvitationLimits.maxMessageLength}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          error={errors.fields.message}
        />
        {result ? <BulkResultTable result={result} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          <Button type="submit" loading={bulk.isPending}>
            Invite from file
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BulkResultTable({ result }: { result: BulkInviteResult }) {
  return (
    <Table.ScrollContainer minWidth={480} mah={260}>
      <Table verticalSpacing={4} aria-label="Result per row" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.rows.map((r) => (
            <Table.Tr key={r.line}>
              <Table.Td>{r.line}</Table.Td>
              <Table.Td>{r.email || '—'}</Table.Td>
              <Table.Td>
                <Badge color={rowStatusColor[r.status]} variant="light" tt="none">
                  {r.status === 'duplicate' ? 'already invited' : r.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.message ?? ''}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
