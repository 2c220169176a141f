import {
  AttemptStartedSchema,
  AttemptStateSchema,
  CandidateInvitationLandingSchema,
  CommitResultSchema,
  RunResultSchema,
  SaveDraftsResultSchema,
  SubmissionReceiptSchema,
  WorkspaceFileSchema,
  WorkspaceTreeSchema,
  type DraftChange,
  type RunBody,
} from '@assay/contracts';
import { ApiError, toApiError } from '../../lib/api-error.js';
import type { Parser } from '../../lib/api-client.js';

/**
 * The candidate's API calls. Not the staff client: candidates have no session and no CSRF
 * token; the `assay_attempt` cookie (set by Start) authenticates every call after Start.
 * Errors are the API's `{ error: { code, message } }` as ApiError (status 0 = offline).
 */
async function call<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  schema: Parser<T>,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        method === 'GET'
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
  } catch {
    throw new ApiError(0, 'network.failed', 'Could not reach the server. Check your connection.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) throw toApiError(response.status, json);
  return schema.parse(json);
}

const base = (attemptId: string) => `/api/candidate/attempts/${encodeURIComponent(attemptId)}`;

export const candidateApi = {
  landing: (token: string) =>
    call('POST', '/api/candidate/invitation', CandidateInvitationLandingSchema, { token }),
  start: (token: string) => call('POST', '/api/candidate/start', AttemptStartedSchema, { token }),
  state: (attemptId: string) => call('GET', base(attemptId), AttemptStateSchema),
  tree: (attemptId: string) => call('GET', `${base(attemptId)}/files`, WorkspaceTreeSchema),
  file: (attemptId: string, path: string) =>
    call('GET', `${base(attemptId)}/file?path=${encodeURIComponent(path)}`, WorkspaceFileSchema),
  saveDrafts: (attemptId: string, baseCommit: string, changes: DraftChange[]) =>
    call('PUT', `${base(attemptId)}/drafts`, SaveDraftsResultSchema, { baseCommit, changes }),
  commit: (attemptId: string) => call('POST', `${base(attemptId)}/commit`, CommitResultSchema, {}),
  run: (attemptId: string, body: RunBody) => call('POST', `${base(attemptId)}/run`, RunResultSchema, body),
  submit: (attemptId: string) => call('POST', `${base(attemptId)}/submit`, SubmissionReceiptSchema, {}),
};

/** Offline or a server hiccup: worth retrying. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 429);
}
