import { Badge, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { formatRemaining, warningLevel } from './use-server-clock.js';

/**
 * Time left, from the server's clock. Warnings at 10, 5 and 1 minutes are shown (color) and
 * announced once each (aria-live); an extension is announced too.
 */
export function Countdown({
  remainingMs,
  extensionMinutes,
}: {
  remainingMs: number | null;
  extensionMinutes: number;
}) {
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<number | null>(null);
  const lastExtension = useRef(extensionMinutes);
  const level = remainingMs === null ? null : warningLevel(remainingMs);

  useEffect(() => {
    if (remainingMs === null || remainingMs <= 0) return;
    if (level !== null && level !== announced.current) {
      announced.current = level;
      setAnnouncement(`${level === 1 ? '1 minute' : `${level} minutes`} left.`);
    } else if (level === null) announced.current = null;
  }, [level, remainingMs]);

  useEffect(() => {
    if (extensionMinutes > lastExtension.current) {
      setAnnouncement(`Your time was extended by ${extensionMinutes - lastExtension.current} minutes.`);
    }
    lastExtension.current = extensionMinutes;
  }, [extensionMinutes]);

  const color = level === null ? 'gray' : level <= 1 ? 'red' : level <= 5 ? 'orange' : 'yellow';
  return (
    <>
      <Badge
        size="lg"
        variant={level === null ? 'default' : 'filled'}
        color={color}
        data-testid="countdown"
        aria-label={
          remainingMs === null ? 'Time left: loading' : `Time left: ${formatRemaining(remainingMs)}`
        }
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {remainingMs === null ? '–:––' : formatRemaining(remainingMs)}
      </Badge>
      {announcement ? (
        <Badge size="lg" color={color} variant="light" data-testid="time-warning">
          {announcement}
        </Badge>
      ) : null}
      <VisuallyHidden aria-live="assertive" role="status">
        {announcement}
      </VisuallyHidden>
    </>
  );
}
