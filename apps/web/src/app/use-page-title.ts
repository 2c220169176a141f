import { useEffect } from 'react';

/** Set `document.title` to "<page> · Assay" while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Assay` : 'Assay';
  }, [title]);
}
