import { CandidateErasureSchema, type Candidate } from '@assay/contracts';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormAlert } from '../../app/components/FormAlert.js';
import { api } from '../../lib/api-client.js';
import { errorMessage } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { activitiesKey, candidatesKey } from '../invitations/use-invitations.js';

/**
 * The candidate page's data-rights buttons (owners and admins): "Export data" downloads a zip
 * of everything Assay holds about the candidate; "Erase candidate…" deletes all of it after
 * the email is typed again. Both ask for the password when the last confirmation is older
 * than 10 minutes (the API client opens the password dialog).
 */
export function CandidateDataRights({ orgId, candidate }: { orgId: string; candidate: Candidate }) {
  const [exporting, setExporting] = useState(false);
  const [eraseOpen, setEraseOpen] = useState(false);

  const exportData = async () => {
    setExporting(true);
    try {
      const blob = await api.download(`/api/orgs/${orgId}/candidates/${candidate.id}/export.zip`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `candidate-${candidate.id}.zip`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Button variant="default" loading={exporting} onClick={() => void exportData()}>
        Export data
      </Button>
      <Button variant="light" color="red" onClick={() => setEraseOpen(true)}>
        Erase candidate…
      </Button>
      <EraseCandidateDialog
        orgId={orgId}
        candidate={candidate}
        opened={eraseOpen}
        onClose={() => setEraseOpen(false)}
      />
    </>
  );
}

function EraseCandidateDialog({
  orgId,
  candidate,
  opened,
  onClose,
}: {
  orgId: string;
  candidate: Candidate;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const errors = useFormErrors();
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: (confirmEmail: string) =>
      api.post(`/api/orgs/${orgId}/candidates/${candidate.id}/erase`, CandidateErasureSchema, {
        confirmEmail,
      }),
  });
  const matches = typed.trim().toLowerCase() === candidate.email.toLowerCase();

  const close = () => {
    setTyped('');
    errors.clear();
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    erase.mutate(typed, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: 'The candidate and all their data were erased.' });
        void queryClient.invalidateQueries({ queryKey: candidatesKey(orgId) });
        void queryClient.invalidateQueries({ queryKey: activitiesKey(orgId) });
        void navigate('/candidates');
      },
      onError: errors.capture,
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Erase candidate" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            This permanently deletes {candidate.name}, every invitation, their code and repositories, grading
            output, reviewer notes, the mails sent to them and webhook deliveries about them. Scores stay only
            as anonymous numbers in the test statistics. This cannot be undone.
          </Text>
          <FormAlert message={errors.form} />
          <TextInput
            label={`Type ${candidate.email} to confirm`}
            autoComplete="off"
            data-autofocus
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            error={errors.fields.confirmEmail}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep the candidate
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={erase.isPending}>
              Erase permanently
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
