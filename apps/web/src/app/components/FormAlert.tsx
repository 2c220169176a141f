import { Alert } from '@mantine/core';

/** A form-level error (role=alert so screen readers announce it). */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title="Something needs attention">
      {message}
    </Alert>
  );
}
