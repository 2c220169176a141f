import { ChallengeImportLimits, InvalidPackageDetailsSchema, type PackageProblem } from '@assay/contracts';
import { Alert, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { FileDropZone } from '../../app/components/FileDropZone.js';
import { FormAlert } from '../../app/components/FormAlert.js';
import { ApiError, errorMessage } from '../../lib/api-error.js';
import { useImportChallenge } from './use-challenges.js';

const outcomeMessage = {
  created: 'was imported',
  new_version: 'was imported as a new version',
  unchanged: 'is already in the library (same content)',
} as const;

/** Import a challenge zip: a `challenge.json` folder or a Kattis package (`problem.yaml`). */
export function ImportChallengeDialog({
  orgId,
  opened,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const importChallenge = useImportChallenge(orgId);
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<PackageProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setProblems([]);
    setFailure(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!file) {
      setFailure('Choose a .zip file first.');
      return;
    }
    if (file.size > ChallengeImportLimits.maxUploadBytes) {
      setFailure(`The file is larger than ${ChallengeImportLimits.maxUploadBytes / 1024 / 1024} MiB.`);
      return;
    }
    setProblems([]);
    setFailure(null);
    importChallenge.mutate(file, {
      onSuccess: (result) => {
        notifications.show({
          color: 'green',
          message: `“${result.challenge.title}” ${outcomeMessage[result.outcome]} (version ${result.version.number}).`,
        });
        close();
        void navigate(`/challenges/${result.challenge.id}`);
      },
      onError: (err) => {
        const details = err instanceof ApiError ? InvalidPackageDetailsSchema.safeParse(err.details) : null;
        if (details?.success) setProblems(details.data.problems);
        setFailure(errorMessage(err));
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Import a challenge" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Upload a zip of a project challenge (a folder with <Code>challenge.json</Code>) or of a Kattis problem
            package (<Code>problem.yaml</Code> and <Code>data/</Code>). Importing the same slug again makes a new
            version; tests keep the version they were published with.
          </Text>
          <FileDropZone
            label="Challenge package (.zip)"
            accept=".zip"
            file={file}
            onFile={(f) => {
              setFile(f);
              setProblems([]);
              setFailure(null);
            }}
          />
          {problems.length > 0 ? (
            <Alert color="red" variant="light" role="alert" title="The package was refused">
              <Text size="sm" mb="xs">
                {failure}
              </Text>
              <List size="sm" spacing={4} aria-label="Problems in the package">
                {problems.map((p, i) => (
                  <List.Item key={i}>
                    <Code>{problemLocation(p)}</Code> {p.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <FormAlert message={failure} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={importChallenge.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** `challenge.json:12 (timeLimit)`: file, then line, then field, whichever are known. */
export function problemLocation(p: PackageProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}${p.field ? ` (${p.field})` : ''}`;
}
