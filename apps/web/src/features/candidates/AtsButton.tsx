import type { Candidate } from '@assay/contracts';
import { Alert, Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { FormAlert } from '../../app/components/FormAlert.js';
import { isApiError } from '../../lib/api-error.js';
import { useFormErrors } from '../../lib/use-form-errors.js';
import { providerLabel } from '../invitations/InvitationBadges.js';
import { ATS_URL_UNRECOGNIZED } from '../invitations/InviteCandidateDialog.js';
import { useLinkAts } from './use-candidates.js';

/**
 * The ATS button: blue when the candidate is linked (opens their ATS profile in a new tab),
 * grey otherwise (opens "Link with ATS"). `candidate` must come from a polling query so
 * "linking…" turns blue (or into the error) without a reload.
 */
export function AtsButton({
  orgId,
  candidate,
  canEdit,
}: {
  orgId: string;
  candidate: Candidate;
  canEdit: boolean;
}) {
  const [opened, dialog] = useDisclosure();
  const link = candidate.atsLink;
  if (link.status === 'linked' && link.profileUrl) {
    return (
      <Button
        component="a"
        href={link.profileUrl}
        target="_blank"
        rel="noopener noreferrer"
        color="blue"
        aria-label={`Open ${candidate.name} in ${link.provider ? providerLabel(link.provider) : 'the ATS'} (new tab)`}
      >
        {link.provider ? providerLabel(link.provider) : 'ATS profile'}
      </Button>
    );
  }
  return (
    <>
      <Button
        color="gray"
        variant="light"
        onClick={dialog.open}
        disabled={!canEdit}
        leftSection={link.status === 'linking' ? <Loader size={14} color="gray" aria-hidden /> : undefined}
      >
        {link.status === 'linking' ? 'linking…' : 'Link with ATS'}
      </Button>
      {opened ? <LinkAtsDialog orgId={orgId} candidate={candidate} onClose={dialog.close} /> : null}
    </>
  );
}

function LinkAtsDialog({
  orgId,
  candidate,
  onClose,
}: {
  orgId: string;
  candidate: Candidate;
  onClose: () => void;
}) {
  const linkAts = useLinkAts(orgId, candidate.id);
  const errors = useFormErrors();
  const [url, setUrl] = useState(candidate.atsLink.url ?? '');
  const [saved, setSaved] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const status = candidate.atsLink.status;

  useEffect(() => {
    if (saved && status === 'linked') {
      notifications.show({ color: 'green', message: `${candidate.name} is linked with the ATS.` });
      onClose();
    }
  }, [saved, status, candidate.name, onClose]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    errors.clear();
    setUrlError(null);
    linkAts.mutate(
      { url: url.trim() },
      {
        onSuccess: () => setSaved(true),
        onError: (err) => {
          if (isApiError(err, ATS_URL_UNRECOGNIZED)) setUrlError(err.message);
          else errors.capture(err);
        },
      },
    );
  };
  const linking = saved && status === 'linking';
  const failed = status === 'failed' && !linkAts.isPending;

  return (
    <Modal opened onClose={onClose} title="Link with ATS" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Paste the candidate’s profile URL from your ATS (Greenhouse or SmartRecruiters). Assay checks it
            and then sends results there.
          </Text>
          <FormAlert message={errors.form} />
          {failed ? (
            <Alert color="red" variant="light" role="alert" title="Linking failed">
              {candidate.atsLink.error ?? 'The ATS did not accept this URL.'}
            </Alert>
          ) : null}
          <TextInput
            label="ATS profile URL"
            type="url"
            placeholder="https://app.greenhouse.io/people/…"
            required
            data-autofocus
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.fields.url ?? urlError}
            disabled={linking}
          />
          {linking ? (
            <Group gap="xs" role="status">
              <Loader size="xs" aria-hidden />
              <Text size="sm">linking…</Text>
            </Group>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {linking ? 'Close' : 'Cancel'}
            </Button>
            <Button type="submit" loading={linkAts.isPending || linking}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
