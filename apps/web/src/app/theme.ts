import { Badge, createTheme } from '@mantine/core';

/** Assay's one theme: indigo accent, system fonts, slightly rounded controls. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // Table layout squeezes badges to their ellipsis ("Publi…"); a badge is short, keep it whole.
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});
