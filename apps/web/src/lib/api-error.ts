/** One field problem reported by the API (`details.fields[]`), e.g. `{ path: 'body.email', … }`. */
export interface ApiFieldError {
  path: string;
  message: string;
}

/**
 * An error answered by Assay's API: `{ error: { code, message, requestId, details? } }`.
 * Network failures and non-JSON answers become `network.failed` / `internal` so callers
 * handle one type.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors keyed by the body field name (`body.email` → `email`, `body.a.b` → `a.b`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const field of readFieldErrors(this.details)) {
      const key = field.path.replace(/^(body|querystring|params)\.?/, '');
      if (key && !(key in out)) out[key] = field.message;
    }
    return out;
  }
}

function readFieldErrors(details: unknown): ApiFieldError[] {
  if (typeof details !== 'object' || details === null || !('fields' in details)) return [];
  const fields = details.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is ApiFieldError =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as ApiFieldError).path === 'string' &&
      typeof (f as ApiFieldError).message === 'string',
  );
}

/** Parse an error body into an ApiError; anything unexpected keeps the HTTP status. */
export function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = body.error;
    if (typeof e === 'object' && e !== null) {
      const { code, message, requestId, details } = e as Record<string, unknown>;
      if (typeof code === 'string' && typeof message === 'string') {
        return new ApiError(status, code, message, typeof requestId === 'string' ? requestId : null, details);
      }
    }
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'request.failed', `Request failed (${status}).`);
}

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

/** True when the error is the API's answer with this code. */
export function isApiError(err: unknown, code: string): err is ApiError {
  return err instanceof ApiError && err.code === code;
}
