import { Button } from '@mantine/core';
import { Link } from 'react-router-dom';
import { EmptyState } from './components/EmptyState.js';
import { PageHeader } from './components/PageHeader.js';

/** Unknown path inside the app. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is nothing at this address"
        action={
          <Button component={Link} to="/activities">
            Go to Activities
          </Button>
        }
      >
        The link may be old, or the page may belong to another organization.
      </EmptyState>
    </>
  );
}
