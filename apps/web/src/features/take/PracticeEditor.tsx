import { Box, Text } from '@mantine/core';
import { useState } from 'react';
import { CodeEditor } from '../../editor/CodeEditor.js';
import { practiceFileName } from '../../editor/languages.js';

const SAMPLE = `// Practice here: nothing is sent or saved.
// Ctrl/Cmd+S saves and Ctrl/Cmd+Enter runs in the real test.
// Tab indents; press Escape, then Tab, to leave the editor.
`;

/** The landing page's local-only sandbox editor. */
export default function PracticeEditor({ language }: { language: string | undefined }) {
  const path = practiceFileName(language);
  const [value, setValue] = useState(path.endsWith('.py') ? SAMPLE.replace(/\/\//g, '#') : SAMPLE);
  return (
    <Box mt="md">
      <Text size="xs" c="dimmed" mb={4}>
        {path} (practice only)
      </Text>
      <Box
        h={220}
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 8,
          overflow: 'hidden',
        }}
      >
        <CodeEditor path={path} value={value} onChange={setValue} label="Practice editor" />
      </Box>
    </Box>
  );
}
