/** One test case read from a result file, in the protocol's shape (`TestCaseResult`). */
export interface ParsedCase {
  id: string;
  status: 'passed' | 'failed' | 'skipped' | 'error';
  ms: number;
  message?: string;
}

const MAX_MESSAGE_CHARS = 2000;
const MAX_ID_CHARS = 1000;

/** Builds a case with the id and message capped, so a hostile reporter cannot bloat results. */
export function makeCase(
  id: string,
  status: ParsedCase['status'],
  ms: unknown,
  message?: unknown,
): ParsedCase {
  const duration =
    typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.round(ms * 1000) / 1000 : 0;
  const testCase: ParsedCase = { id: id.slice(0, MAX_ID_CHARS), status, ms: duration };
  if (typeof message === 'string' && message.trim() !== '')
    testCase.message = message.slice(0, MAX_MESSAGE_CHARS);
  return testCase;
}
