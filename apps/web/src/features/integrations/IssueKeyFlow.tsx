import { INTEGRATION_LABELS, type IntegrationProvider } from '@assay/contracts';
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { errorMessage } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { ShownOnceSecret } from '../api-tokens/ShownOnceSecret.js';
import { useConfirmPassword, useIntegrationActions } from './use-integrations.js';

type Step = 'password' | 'confirm' | 'key';

const COPY: Record<
  IntegrationProvider,
  { confirmTitle: string; confirmText: (org: string) => string; instruction: string }
> = {
  smartrecruiters: {
    confirmTitle: 'Integrate SmartRecruiters?',
    confirmText: (org) => `You are integrating ${org} with SmartRecruiters`,
    instruction:
      'In SmartRecruiters, open Apps & Integrations → Assay → Connect, and paste this key when asked. A new key replaces this one.',
  },
  greenhouse: {
    confirmTitle: 'Generate a Greenhouse key?',
    confirmText: (org) => `You are generating a Greenhouse key for ${org}`,
    instruction:
      'Give this key to Greenhouse (Support ticket). Earlier keys keep working until you revoke them.',
  },
};

/**
 * Issue a partner key: "Confirm your password" (always, even inside the re-auth window) →
 * "You are … Yes" → the key, shown once with a copy button.
 */
export function IssueKeyFlow({
  orgId,
  organizationName,
  provider,
  onClose,
}: {
  orgId: string;
  organizationName: string;
  /** The provider whose key is being issued; null when the flow is closed. */
  provider: IntegrationProvider | null;
  onClose: () => void;
}) {
  const confirmPassword = useConfirmPassword();
  const { issueKey } = useIntegrationActions(orgId);
  const passwordErrors = useFormErrors();
  const [step, setStep] = useState<Step>('password');
  const [password, setPassword] = useState('');
  const [issueError, setIssueError] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(null);
  // The provider stays visible while the last dialog closes.
  const [shown, setShown] = useState<IntegrationProvider>('smartrecruiters');
  if (provider !== null && provider !== shown) setShown(provider);
  const label = INTEGRATION_LABELS[provider ?? shown];
  const copy = COPY[provider ?? shown];

  const close = () => {
    passwordErrors.clear();
    confirmPassword.reset();
    issueKey.reset();
    setStep('password');
    setPassword('');
    setIssueError(null);
    setKey(null);
    onClose();
  };

  const submitPassword = (event: SyntheticEvent) => {
    event.preventDefault();
    passwordErrors.clear();
    confirmPassword.mutate(password, {
      onSuccess: () => {
        setPassword('');
        setStep('confirm');
      },
      onError: passwordErrors.capture,
    });
  };

  const issue = () => {
    if (!provider) return;
    setIssueError(null);
    issueKey.mutate(provider, {
      onSuccess: (issued) => {
        setKey(issued.key);
        setStep('key');
      },
      onError: (err) => setIssueError(errorMessage(err)),
    });
  };

  const opened = provider !== null;
  return (
    <>
      <Modal opened={opened && step === 'password'} onClose={close} title="Confirm your password" centered>
        <form onSubmit={submitPassword} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              Issuing a {label} key is a sensitive action. Enter your password to continue.
            </Text>
            <FormAlert message={passwordErrors.form} />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              data-autofocus
              value={password}
              error={passwordErrors.fields.password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={confirmPassword.isPending} disabled={!password}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={opened && step === 'confirm'} onClose={close} title={copy.confirmTitle} centered>
        <Stack>
          <Text>{copy.confirmText(organizationName)}</Text>
          <FormAlert message={issueError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button loading={issueKey.isPending} onClick={issue}>
              Yes
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={opened && step === 'key'}
        onClose={close}
        title={`Your ${label} API key`}
        centered
        size="lg"
        closeOnClickOutside={false}
      >
        <Stack>
          {key ? <ShownOnceSecret label={`${label} API key`} value={key} /> : null}
          <Text size="sm">{copy.instruction}</Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
