import {
  RUNNER_LANGUAGE_IDS,
  RunnerLanguageIdSchema,
  TestLimits,
  type ChallengeSummary,
  type CreateTestBody,
  type RunnerLanguageId,
  type Test,
  type TestKind,
} from '@assay/contracts';
import {
  ActionIcon,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import { errorMessage } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { languageLabel } from '../challenges/challenge-labels.js';
import { useChallenges } from '../challenges/use-challenges.js';
import { hasRole } from '../identity/roles.js';
import { useSignedInSession } from '../identity/use-session.js';
import { InviteCandidateDialog } from '../invitations/InviteCandidateDialog.js';
import { availableTestActions, TestActionDialog, testActionLabel } from './TestActions.js';
import { TestStatusBadge } from './TestStatusBadge.js';
import { useCreateTest, useTest, useUpdateTest, type TestAction } from './use-tests.js';

interface ProblemRow {
  key: number;
  challengeId: string | null;
  weight: number | string;
}

interface FormValues {
  name: string;
  kind: TestKind;
  projectChallengeId: string | null;
  problems: ProblemRow[];
  timeLimitMinutes: number | string;
  validityDays: number | string;
  allowedLanguages: string[];
  instructions: string;
  showFeedback: boolean;
}

const emptyValues: FormValues = {
  name: '',
  kind: 'project',
  projectChallengeId: null,
  problems: [{ key: 0, challengeId: null, weight: 1 }],
  timeLimitMinutes: 90,
  validityDays: 7,
  allowedLanguages: [...RUNNER_LANGUAGE_IDS],
  instructions: '',
  showFeedback: false,
};

function valuesOf(test: Test): FormValues {
  return {
    name: test.name,
    kind: test.kind,
    projectChallengeId: test.kind === 'project' ? (test.challenges[0]?.challengeId ?? null) : null,
    problems:
      test.kind === 'problems'
        ? test.challenges.map((c, i) => ({ key: i, challengeId: c.challengeId, weight: c.weight }))
        : emptyValues.problems,
    timeLimitMinutes: test.timeLimitMinutes,
    validityDays: test.validityDays,
    allowedLanguages: test.kind === 'problems' ? test.allowedLanguages : emptyValues.allowedLanguages,
    instructions: test.instructions,
    showFeedback: test.showFeedback,
  };
}

function bodyOf(v: FormValues): CreateTestBody {
  const challenges =
    v.kind === 'project'
      ? v.projectChallengeId
        ? [{ challengeId: v.projectChallengeId, weight: 1 }]
        : []
      : v.problems
          .filter((p): p is ProblemRow & { challengeId: string } => p.challengeId !== null)
          .map((p) => ({ challengeId: p.challengeId, weight: Number(p.weight) }));
  return {
    name: v.name.trim(),
    kind: v.kind,
    challenges,
    timeLimitMinutes: Number(v.timeLimitMinutes),
    validityDays: Number(v.validityDays),
    allowedLanguages: v.kind === 'problems' ? v.allowedLanguages.filter(isRunnerLanguage) : [],
    instructions: v.instructions,
    showFeedback: v.showFeedback,
  };
}

function isRunnerLanguage(id: string): id is RunnerLanguageId {
  return RunnerLanguageIdSchema.safeParse(id).success;
}

/** Tests → New test, and a test's page (its draft, status and lifecycle actions). */
export function TestBuilderPage() {
  const { testId } = useParams();
  const { membership } = useSignedInSession();
  const orgId = membership?.organizationId ?? '';
  const canEdit = hasRole(membership?.role, 'recruiter');
  const test = useTest(orgId, testId);

  if (testId === undefined) {
    return (
      <>
        <Crumbs current="New test" />
        <PageHeader
          title="New test"
          description="Pick the challenges, the time limit and what candidates see."
        />
        <TestForm orgId={orgId} initial={emptyValues} readOnly={!canEdit} />
      </>
    );
  }
  if (test.isPending) return <Loader aria-label="Loading the test" />;
  if (test.isError) {
    return (
      <>
        <PageHeader title="Test" />
        <FormAlert message={errorMessage(test.error)} />
      </>
    );
  }
  return <ExistingTest orgId={orgId} test={test.data} canEdit={canEdit} />;
}

function Crumbs({ current }: { current: string }) {
  return (
    <Breadcrumbs mb="xs" aria-label="Breadcrumb">
      <Anchor component={Link} to="/tests" size="sm">
        Tests
      </Anchor>
      <Text size="sm">{current}</Text>
    </Breadcrumbs>
  );
}

function ExistingTest({ orgId, test, canEdit }: { orgId: string; test: Test; canEdit: boolean }) {
  const [pending, setPending] = useState<TestAction | null>(null);
  const [inviteOpen, inviteDialog] = useDisclosure();
  return (
    <>
      <Crumbs current={test.name} />
      <PageHeader
        title={test.name}
        description={<TestStatusBadge test={test} />}
        actions={
          canEdit ? (
            <>
              {test.status === 'published' ? (
                <Button variant="default" onClick={inviteDialog.open}>
                  Invite candidate
                </Button>
              ) : null}
              {availableTestActions(test).map((a) => (
                <Button
                  key={a}
                  variant={a === 'publish' ? 'filled' : 'default'}
                  color={a === 'archive' ? 'red' : undefined}
                  onClick={() => setPending(a)}
                >
                  {testActionLabel[a]}
                </Button>
              ))}
            </>
          ) : undefined
        }
      />
      {/* Remount the form when the server's version changes (after save, publish, restore). */}
      <TestForm
        key={`${test.id}:${test.updatedAt}:${test.status}`}
        orgId={orgId}
        test={test}
        initial={valuesOf(test)}
        readOnly={!canEdit || test.status === 'archived'}
      />
      {pending ? (
        <TestActionDialog orgId={orgId} test={test} action={pending} onClose={() => setPending(null)} />
      ) : null}
      {canEdit ? (
        <InviteCandidateDialog
          orgId={orgId}
          opened={inviteOpen}
          onClose={inviteDialog.close}
          testId={test.id}
        />
      ) : null}
    </>
  );
}

function TestForm({
  orgId,
  test,
  initial,
  readOnly,
}: {
  orgId: string;
  test?: Test;
  initial: FormValues;
  readOnly: boolean;
}) {
  const [v, setV] = useState<FormValues>(initial);
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setV((old) => ({ ...old, [key]: value }));
  const errors = useFormErrors();
  const create = useCreateTest(orgId);
  const update = useUpdateTest(orgId, test?.id ?? '');
  const navigate = useNavigate();
  const projects = useChallenges(orgId, { kind: 'project' });
  const problems = useChallenges(orgId, { kind: 'algorithmic' });
  const [nextKey, setNextKey] = useState(initial.problems.length);

  const options = (items: ChallengeSummary[] | undefined) =>
    (items ?? []).map((c) => ({ value: c.id, label: `${c.title}${c.builtIn ? '' : ' (imported)'}` }));

  const chooseProject = (id: string | null) => {
    const chosen = projects.data?.items.find((c) => c.id === id);
    setV((old) => ({
      ...old,
      projectChallengeId: id,
      // A new test starts from the challenge's name and suggested time.
      name: old.name === '' && chosen ? chosen.title : old.name,
      timeLimitMinutes: !test && chosen?.suggestedMinutes ? chosen.suggestedMinutes : old.timeLimitMinutes,
    }));
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    const body = bodyOf(v);
    if (test) {
      update.mutate(body, {
        onSuccess: (saved) =>
          notifications.show({
            color: 'green',
            message:
              saved.status === 'published'
                ? 'Saved. Publish again to send this version to new candidates.'
                : 'Saved.',
          }),
        onError: errors.capture,
      });
    } else {
      create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `“${created.name}” was created as a draft.` });
          void navigate(`/tests/${created.id}`);
        },
        onError: errors.capture,
      });
    }
  };

  const problemError =
    errors.fields.challenges ?? Object.entries(errors.fields).find(([k]) => k.startsWith('challenges.'))?.[1];

  return (
    <Paper withBorder radius="lg" p="lg">
      <form onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <FormAlert message={errors.form} />
            <Input.Wrapper label="Kind" id="test-kind-label">
              <div>
                <SegmentedControl
                  aria-labelledby="test-kind-label"
                  value={v.kind}
                  onChange={(k) => set('kind', k === 'problems' ? 'problems' : 'project')}
                  data={[
                    { value: 'project', label: 'Project' },
                    { value: 'problems', label: 'Problems' },
                  ]}
                />
              </div>
            </Input.Wrapper>
            {v.kind === 'project' ? (
              <Select
                label="Challenge"
                description="One project challenge: the candidate gets its repository and works in it."
                placeholder={projects.isPending ? 'Loading challenges…' : 'Choose a project challenge'}
                searchable
                required
                data={options(projects.data?.items)}
                value={v.projectChallengeId}
                onChange={chooseProject}
                error={problemError}
              />
            ) : (
              <Fieldset legend="Problems (1–5), with weights">
                <Stack gap="sm">
                  {v.problems.map((p, i) => (
                    <Group key={p.key} align="flex-end" wrap="nowrap">
                      <Select
                        style={{ flex: 1 }}
                        label={`Problem ${i + 1}`}
                        placeholder="Choose an algorithmic problem"
                        searchable
                        data={options(problems.data?.items)}
                        value={p.challengeId}
                        onChange={(id) =>
                          set(
                            'problems',
                            v.problems.map((q) => (q.key === p.key ? { ...q, challengeId: id } : q)),
                          )
                        }
                      />
                      <NumberInput
                        w={110}
                        label={`Weight ${i + 1}`}
                        min={1}
                        max={TestLimits.maxWeight}
                        value={p.weight}
                        onChange={(w) =>
                          set(
                            'problems',
                            v.problems.map((q) => (q.key === p.key ? { ...q, weight: w } : q)),
                          )
                        }
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="lg"
                        mb={2}
                        aria-label={`Remove problem ${i + 1}`}
                        disabled={v.problems.length === 1}
                        onClick={() =>
                          set(
                            'problems',
                            v.problems.filter((q) => q.key !== p.key),
                          )
                        }
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  ))}
                  {problemError ? (
                    <Text size="sm" c="red" role="alert">
                      {problemError}
                    </Text>
                  ) : null}
                  <Group>
                    <Button
                      variant="light"
                      size="xs"
                      disabled={v.problems.length >= TestLimits.maxProblems}
                      onClick={() => {
                        set('problems', [...v.problems, { key: nextKey, challengeId: null, weight: 1 }]);
                        setNextKey(nextKey + 1);
                      }}
                    >
                      Add problem
                    </Button>
                  </Group>
                </Stack>
              </Fieldset>
            )}
            <TextInput
              label="Test name"
              description="Candidates see it in their invitation."
              required
              value={v.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.fields.name}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label="Time limit (minutes)"
                min={TestLimits.minTimeLimitMinutes}
                max={TestLimits.maxTimeLimitMinutes}
                value={v.timeLimitMinutes}
                onChange={(n) => set('timeLimitMinutes', n)}
                error={errors.fields.timeLimitMinutes}
              />
              <NumberInput
                label="Invitations valid for (days)"
                min={TestLimits.minValidityDays}
                max={TestLimits.maxValidityDays}
                value={v.validityDays}
                onChange={(n) => set('validityDays', n)}
                error={errors.fields.validityDays}
              />
            </SimpleGrid>
            {v.kind === 'problems' ? (
              <Checkbox.Group
                label="Allowed languages"
                value={v.allowedLanguages}
                onChange={(langs) => set('allowedLanguages', langs)}
                error={errors.fields.allowedLanguages}
              >
                <Group mt="xs" gap="md">
                  {RUNNER_LANGUAGE_IDS.map((l) => (
                    <Checkbox key={l} value={l} label={languageLabel(l)} />
                  ))}
                </Group>
              </Checkbox.Group>
            ) : null}
            <Textarea
              label="Instructions"
              description="Shown to the candidate before they start (Markdown)."
              autosize
              minRows={3}
              maxLength={TestLimits.maxInstructionsLength}
              value={v.instructions}
              onChange={(e) => set('instructions', e.currentTarget.value)}
              error={errors.fields.instructions}
            />
            <Switch
              label="Show feedback to candidates"
              description="After grading, candidates see which criteria or test groups passed."
              checked={v.showFeedback}
              onChange={(e) => set('showFeedback', e.currentTarget.checked)}
            />
            {readOnly ? null : (
              <Group justify="flex-end">
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {test ? 'Save changes' : 'Create test'}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}
