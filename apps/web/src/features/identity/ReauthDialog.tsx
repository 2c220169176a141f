import { ReauthResponseSchema } from '@assay/contracts';
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type SyntheticEvent, type ReactNode } from 'react';
import { api } from '../../lib/api-client.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { sessionQueryKey } from './use-session.js';

/**
 * "Confirm your password" for sensitive actions. Installed once around the app: when any
 * write fails with `auth.reauth_required`, the API client asks this dialog, which
 * re-authenticates (`POST /api/session/reauth`) and lets the client retry the action.
 */
export function ReauthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const clearErrors = errors.clear;
  const pending = useRef<((ok: boolean) => void) | null>(null);

  const settle = useCallback((ok: boolean) => {
    pending.current?.(ok);
    pending.current = null;
    setOpen(false);
    setPassword('');
  }, []);

  useEffect(() => {
    api.setReauthHandler(
      () =>
        new Promise<boolean>((resolve) => {
          pending.current?.(false);
          pending.current = resolve;
          clearErrors();
          setOpen(true);
        }),
    );
    return () => api.setReauthHandler(null);
  }, [clearErrors]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const session = await api.post('/api/session/reauth', ReauthResponseSchema, { password });
      // The session rotates on re-auth: keep the new CSRF token for the retried request.
      api.setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionQueryKey, session);
      settle(true);
    } catch (err) {
      errors.capture(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {children}
      <Modal opened={open} onClose={() => settle(false)} title="Confirm your password" centered>
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Text size="sm" c="dimmed">
              This is a sensitive action. Enter your password to continue; you will not be asked again for 10
              minutes.
            </Text>
            <FormAlert message={errors.form} />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              data-autofocus
              value={password}
              error={errors.fields.password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => settle(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
