import { Anchor, Code, Table, Text, Title, Typography } from '@mantine/core';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// Headings inside a statement start at h2: the page's h1 is the challenge name.
const components: Components = {
  h1: ({ children }) => <Title order={2}>{children}</Title>,
  h2: ({ children }) => <Title order={3}>{children}</Title>,
  h3: ({ children }) => <Title order={4}>{children}</Title>,
  a: ({ children, href }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Anchor>
  ),
  table: ({ children }) => (
    <Table withTableBorder withColumnBorders>
      {children}
    </Table>
  ),
  code: ({ children, className }) =>
    className ? <code className={className}>{children}</code> : <Code>{children}</Code>,
  p: ({ children }) => <Text my="sm">{children}</Text>,
};

/**
 * A challenge statement (Markdown + GitHub tables, task lists, strikethrough). Raw HTML
 * in the source is dropped, never rendered: statements come from uploaded packages.
 */
export function MarkdownStatement({ source }: { source: string }) {
  return (
    <Typography>
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {source}
      </Markdown>
    </Typography>
  );
}
