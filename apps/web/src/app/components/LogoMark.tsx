import { Group, Text } from '@mantine/core';

/** The Assay mark: a rounded square with an "A" peak and a dot (the assayed sample). */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-6)" />
      <path
        d="M9 23 16 8l7 15"
        fill="none"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx="16" cy="19" r="2.2" fill="#fff" />
    </svg>
  );
}

/** Mark + product name, used in the frame header and on the sign-in pages. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      <Text fw={700} fz={size * 0.7} lh={1}>
        Assay
      </Text>
    </Group>
  );
}
