import type { CandidateInvitationLanding } from '@assay/contracts';
import {
  Alert,
  Button,
  Container,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.js';
import { errorMessage } from '../../lib/api-error.js';
import { formatDateTime } from '../../lib/format.js';
import { accent, CandidateShell } from './CandidateShell.js';
import { takeInvitationToken } from './invitation-token.js';
import { useInvitationLanding, useStartAttempt } from './use-attempt.js';

// CodeMirror only loads when the candidate opens the practice editor (or the attempt).
const PracticeEditor = lazy(() => import('./PracticeEditor.js'));

/** `/take#token=…`: the invitation's landing page. Nothing starts until the candidate presses Start. */
export function TakePage() {
  const [token] = useState(takeInvitationToken);
  const landing = useInvitationLanding(token);

  if (token === null) {
    return (
      <CandidateShell branding={null} title="Invitation link needed">
        <Container size="sm" py="xl">
          <Stack>
            <Title order={1} fz={26}>
              Open the link from your invitation email
            </Title>
            <Text>
              This page needs the personal link from the email that invited you. For your security the link is
              removed from the address bar once the page has read it, so reloading this page needs the link
              again.
            </Text>
          </Stack>
        </Container>
      </CandidateShell>
    );
  }
  if (landing.isPending) {
    return (
      <CandidateShell branding={null} title="Loading your invitation">
        <Group justify="center" py="xl">
          <Loader aria-label="Loading your invitation" />
        </Group>
      </CandidateShell>
    );
  }
  if (landing.isError) {
    return (
      <CandidateShell branding={null} title="Invitation not valid">
        <Container size="sm" py="xl">
          <Stack>
            <Title order={1} fz={26}>
              This invitation link cannot be used
            </Title>
            <Alert color="red">{errorMessage(landing.error)}</Alert>
          </Stack>
        </Container>
      </CandidateShell>
    );
  }
  return <Landing landing={landing.data} token={token} />;
}

function Landing({ landing, token }: { landing: CandidateInvitationLanding; token: string }) {
  const navigate = useNavigate();
  const start = useStartAttempt();
  const [confirming, setConfirming] = useState(false);
  const [practice, setPractice] = useState(false);
  const color = accent(landing.organization);
  const resumable = landing.status === 'started';

  const go = () =>
    start.mutate(token, {
      onSuccess: (started) => {
        setConfirming(false);
        void navigate(`/attempt/${encodeURIComponent(started.attemptId)}`, { replace: true });
      },
      onError: () => setConfirming(false),
    });

  const time =
    landing.extraTimeMinutes > 0
      ? `${minutes(landing.timeLimitMinutes)} (including ${minutes(landing.extraTimeMinutes)} of extra time)`
      : minutes(landing.timeLimitMinutes);

  return (
    <CandidateShell branding={landing.organization} title={landing.test.name}>
      <Container size="md" py="xl" w="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Text c="dimmed">
              {landing.organization.name} invites {landing.candidateName} to take
            </Text>
            <Title order={1} fz={30}>
              {landing.test.name}
            </Title>
          </Stack>

          <Paper withBorder p="lg" radius="md" component="section" aria-label="About the test">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Fact label="Company" value={landing.organization.name} />
              <Fact label="Time limit" value={time} testId="landing-time-limit" />
              <Fact
                label="Languages"
                value={landing.test.languages.length > 0 ? landing.test.languages.join(', ') : 'Any'}
              />
            </SimpleGrid>
            {landing.canStart ? (
              <Text size="sm" c="dimmed" mt="md">
                Start before {formatDateTime(landing.expiresAt)}.
              </Text>
            ) : null}
          </Paper>

          {landing.instructions.trim() ? (
            <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="instructions">
              <Title order={2} fz="lg" id="instructions" mb="sm">
                Instructions from {landing.organization.name}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="landing-instructions">
                {landing.instructions}
              </Text>
            </Paper>
          ) : null}

          {landing.message && !resumable ? (
            <Alert
              color={landing.status === 'expired' || landing.status === 'cancelled' ? 'red' : 'blue'}
              title="This test cannot be started"
            >
              {landing.message}
            </Alert>
          ) : null}

          {landing.canStart || resumable ? (
            <>
              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="how-it-works">
                <Title order={2} fz="lg" id="how-it-works" mb="sm">
                  How it works
                </Title>
                <List spacing={6}>
                  <List.Item>
                    The timer starts when you press Start and cannot be paused. Make sure you have {time}{' '}
                    free.
                  </List.Item>
                  <List.Item>
                    {landing.test.kind === 'project'
                      ? 'You get a repository with a starter project and its instructions.'
                      : 'You get one or more problems; each has a statement and sample inputs.'}{' '}
                    Work in the browser editor, or clone the repository with git and push from your own
                    editor.
                  </List.Item>
                  <List.Item>
                    Your work is saved automatically. You can run the visible tests or samples at any time.
                  </List.Item>
                  <List.Item>
                    Press Submit when you are done. When the time is up, your latest saved work is submitted
                    for you.
                  </List.Item>
                  <List.Item>
                    If you lose your connection or change computers, open the link from your email again to
                    resume.
                  </List.Item>
                </List>
              </Paper>

              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="recorded">
                <Title order={2} fz="lg" id="recorded" mb="sm">
                  What is recorded
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Stack gap={4}>
                    <Text fw={600}>Recorded</Text>
                    <List size="sm">
                      <List.Item>Your code</List.Item>
                      <List.Item>Your commits and pushes</List.Item>
                      <List.Item>Your test and sample runs</List.Item>
                      <List.Item>Timestamps (start, saves, runs, submission)</List.Item>
                    </List>
                  </Stack>
                  <Stack gap={4}>
                    <Text fw={600}>Not recorded</Text>
                    <List size="sm">
                      <List.Item>Keystrokes</List.Item>
                      <List.Item>Your screen</List.Item>
                      <List.Item>Your camera or microphone</List.Item>
                      <List.Item>Other tabs or applications</List.Item>
                    </List>
                  </Stack>
                </SimpleGrid>
              </Paper>

              <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="practice">
                <Group justify="space-between">
                  <Stack gap={2}>
                    <Title order={2} fz="lg" id="practice">
                      Practice with the editor
                    </Title>
                    <Text size="sm" c="dimmed">
                      A local sandbox to get used to the editor. Nothing you type here is sent or kept.
                    </Text>
                  </Stack>
                  <Button variant="default" onClick={() => setPractice((p) => !p)} aria-expanded={practice}>
                    {practice ? 'Close practice editor' : 'Try the editor'}
                  </Button>
                </Group>
                {practice ? (
                  <Suspense fallback={<Loader size="sm" mt="md" aria-label="Loading the editor" />}>
                    <PracticeEditor language={landing.test.languages[0]} />
                  </Suspense>
                ) : null}
              </Paper>

              {start.isError ? <Alert color="red">{errorMessage(start.error)}</Alert> : null}
              <Group justify="flex-end">
                {resumable ? (
                  <Button size="md" color={color} loading={start.isPending} onClick={go}>
                    Resume the test
                  </Button>
                ) : (
                  <Button size="md" color={color} onClick={() => setConfirming(true)}>
                    Start the test
                  </Button>
                )}
              </Group>
            </>
          ) : null}
        </Stack>
      </Container>
      <ConfirmDialog
        opened={confirming}
        title="Start the test?"
        confirmLabel="Start now"
        cancelLabel="Not yet"
        color={color}
        loading={start.isPending}
        onConfirm={go}
        onClose={() => setConfirming(false)}
      >
        The timer starts now and cannot be paused. You will have {time}.
      </ConfirmDialog>
    </CandidateShell>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

function minutes(n: number): string {
  if (n % 60 === 0 && n >= 60) return n === 60 ? '1 hour' : `${n / 60} hours`;
  return n === 1 ? '1 minute' : `${n} minutes`;
}
