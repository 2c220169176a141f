import type { ChallengeDifficulty, ChallengeKind } from '@assay/contracts';

/** Human labels for challenge metadata, shared by the library, detail and test builder. */
export const challengeKindLabel: Record<ChallengeKind, string> = {
  project: 'Project',
  algorithmic: 'Algorithmic',
};

export const difficultyLabel: Record<ChallengeDifficulty, string> = {
  easy: 'Easy',
  medium: 'Medium',
  hard: 'Hard',
};

export const difficultyColor: Record<ChallengeDifficulty, string> = {
  easy: 'green',
  medium: 'yellow',
  hard: 'red',
};

const languageNames: Record<string, string> = {
  c: 'C',
  cpp: 'C++',
  go: 'Go',
  java: 'Java',
  javascript: 'JavaScript',
  kotlin: 'Kotlin',
  python3: 'Python 3',
  rust: 'Rust',
  typescript: 'TypeScript',
};

/** "python3" → "Python 3"; unknown ids are shown as given. */
export function languageLabel(id: string): string {
  return languageNames[id] ?? id;
}

/** "45 min", "2 h", "1 h 30 min"; null → "—". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
