import { Button } from '@mantine/core';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../app/components/EmptyState.js';
import { PageHeader } from '../../app/components/PageHeader.js';
import type { ComingSoonSection } from './coming-soon.js';

/** A section that is not built yet: its purpose and the next useful step, no fake data. */
export function ComingSoonPage({ section }: { section: ComingSoonSection }) {
  return (
    <>
      <PageHeader title={section.title} description={section.description} />
      <EmptyState
        title={section.emptyTitle}
        action={
          section.next ? (
            <Button component={Link} to={section.next.to} variant="light">
              {section.next.label}
            </Button>
          ) : undefined
        }
      >
        {section.body}
      </EmptyState>
    </>
  );
}
