import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from '../../app/components/ColorSchemeToggle.js';
import { Logo } from '../../app/components/LogoMark.js';
import { usePageTitle } from '../../app/use-page-title.js';

/** The centered card used by setup, sign-in, password reset and invitation pages. */
export function AuthLayout({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Box mih="100vh" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" p="md" component="header">
        <Anchor href="/" underline="never" c="inherit" aria-label="Assay home">
          <Logo />
        </Anchor>
        <ColorSchemeToggle />
      </Group>
      <Center component="main" px="md" pb="xl" pt="xl">
        <Stack w="100%" maw={440} gap="lg">
          <Paper withBorder shadow="sm" radius="lg" p="xl">
            <Stack gap="lg">
              <Stack gap={6}>
                <Title order={1} fz={24}>
                  {title}
                </Title>
                {description ? <Text c="dimmed">{description}</Text> : null}
              </Stack>
              {children}
            </Stack>
          </Paper>
          {footer ? (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}
