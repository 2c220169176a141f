import { Box, Group, Image, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from '../../app/components/ColorSchemeToggle.js';
import { usePageTitle } from '../../app/use-page-title.js';

export interface Branding {
  name: string;
  logoUrl: string | null;
  accentColor: string | null;
}

/** A CSS color from the organization's settings, or undefined (the theme's primary color). */
export function accent(branding: Branding | null | undefined): string | undefined {
  const c = branding?.accentColor;
  return c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : undefined;
}

/** The candidate pages' frame: the organization's name, logo and accent color; no staff navigation. */
export function CandidateShell({
  branding,
  title,
  actions,
  children,
  fullHeight = false,
}: {
  branding: Branding | null;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  fullHeight?: boolean;
}) {
  usePageTitle(title);
  const color = accent(branding);
  return (
    <Box
      mih="100vh"
      h={fullHeight ? '100vh' : undefined}
      style={{
        display: 'flex',
        flexDirection: 'column',
        borderTop: `4px solid ${color ?? 'var(--mantine-primary-color-filled)'}`,
      }}
    >
      <Group
        component="header"
        justify="space-between"
        px="md"
        py="xs"
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="sm" wrap="nowrap">
          {branding?.logoUrl ? <Image src={branding.logoUrl} alt="" h={28} w="auto" fit="contain" /> : null}
          <Text fw={700} data-testid="organization-name">
            {branding?.name ?? 'Assay'}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          {actions}
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Box component="main" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {children}
      </Box>
    </Box>
  );
}
