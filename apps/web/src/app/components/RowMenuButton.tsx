import { ActionIcon } from '@mantine/core';
import { forwardRef } from 'react';

/** The "…" button that opens a table row's action menu (use inside `<Menu.Target>`). */
export const RowMenuButton = forwardRef<HTMLButtonElement, { label: string }>(function RowMenuButton(
  { label, ...rest },
  ref,
) {
  return (
    <ActionIcon ref={ref} variant="subtle" color="gray" aria-label={label} {...rest}>
      <svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
        <circle cx="5" cy="12" r="2" />
        <circle cx="12" cy="12" r="2" />
        <circle cx="19" cy="12" r="2" />
      </svg>
    </ActionIcon>
  );
});
