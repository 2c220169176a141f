import { useId } from 'react';

/** "0–9", …, "90–100" for bucket 0..9. */
export function bucketLabel(index: number): string {
  return index === 9 ? '90–100' : `${index * 10}–${index * 10 + 9}`;
}

/** The bucket (0..9) a 0–100 score falls in; 100 belongs to the last one. */
export function bucketOf(score: number): number {
  return Math.min(9, Math.max(0, Math.floor(score / 10)));
}

/** The text alternative of the chart: every bucket's count and where this candidate stands. */
export function histogramDescription(
  histogram: number[],
  score: number | null,
  percentile: number | null,
): string {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  const counts = histogram.map((n, i) => `${bucketLabel(i)}: ${n}`).join(', ');
  const self =
    score === null
      ? ''
      : ` This candidate scored ${Math.round(score)} (bucket ${bucketLabel(bucketOf(score))})` +
        (percentile === null ? '.' : `, percentile ${Math.round(percentile)}.`);
  return `Scores of ${total} graded attempt${total === 1 ? '' : 's'} on this test version, in 10-point buckets: ${counts}.${self}`;
}

const WIDTH = 400;
const HEIGHT = 160;
const AXIS = 22;
const TOP = 16;

/**
 * The score distribution on the test version: 10 bars, the candidate's bucket highlighted.
 * Plain SVG with a `<title>` and an aria-label carrying the numbers.
 */
export function ScoreHistogram({
  histogram,
  score,
  percentile,
}: {
  histogram: number[];
  score: number | null;
  percentile: number | null;
}) {
  const titleId = useId();
  const max = Math.max(1, ...histogram);
  const highlighted = score === null ? -1 : bucketOf(score);
  const slot = WIDTH / 10;
  const barWidth = slot - 6;
  const usable = HEIGHT - AXIS - TOP;
  const description = histogramDescription(histogram, score, percentile);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: 480, display: 'block' }}
      role="img"
      aria-labelledby={titleId}
      aria-label={description}
      data-testid="score-histogram"
    >
      <title id={titleId}>{description}</title>
      <line
        x1={0}
        x2={WIDTH}
        y1={HEIGHT - AXIS}
        y2={HEIGHT - AXIS}
        stroke="var(--mantine-color-gray-5)"
        strokeWidth={1}
      />
      {histogram.map((count, i) => {
        const h = (count / max) * usable;
        const x = i * slot + 3;
        const y = HEIGHT - AXIS - h;
        const mine = i === highlighted;
        return (
          <g key={i} data-bucket={i} data-highlighted={mine ? 'true' : undefined}>
            <rect
              x={x}
              y={y}
              width={barWidth}
              height={Math.max(h, count > 0 ? 1 : 0)}
              rx={2}
              fill={mine ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-4)'}
            />
            {count > 0 ? (
              <text
                x={x + barWidth / 2}
                y={y - 3}
                textAnchor="middle"
                fontSize={10}
                fill="var(--mantine-color-text)"
                aria-hidden="true"
              >
                {count}
              </text>
            ) : null}
            <text
              x={x + barWidth / 2}
              y={HEIGHT - AXIS + 14}
              textAnchor="middle"
              fontSize={9}
              fontWeight={mine ? 700 : 400}
              fill="var(--mantine-color-dimmed)"
              aria-hidden="true"
            >
              {i * 10}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
