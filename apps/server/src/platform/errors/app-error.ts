/**
 * Assay's one error type. Services throw AppError, never HTTP errors; the HTTP layer
 * turns it into `{ error: { code, message, requestId, details? } }` with the status
 * declared next to the code.
 */
export interface AppErrorOptions {
  /** Developer-facing message (logged). */
  message: string;
  /** Message safe to show to the user; defaults to `message` for 4xx, a generic text for 5xx. */
  userMessage?: string;
  /** Structured details for the client (e.g. field errors). */
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly userMessage: string | undefined;
  readonly details: unknown;
  constructor(
    readonly code: string,
    readonly status: number,
    options: AppErrorOptions,
  ) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.userMessage = options.userMessage;
    this.details = options.details;
  }
}

export interface ErrorDefinition {
  /** HTTP status for Assay's own API. */
  status: number;
  /** One line: when this error fires. */
  when: string;
}

/**
 * Declare a module's error codes (namespaced `module.snake_case`) with their status and
 * when they fire. `create` only accepts declared codes, so every thrown code has a status.
 *
 * @example
 * export const InvitationErrors = defineErrors({
 *   'invitations.expired': { status: 410, when: 'the invitation link is past its expiry' },
 * });
 * throw InvitationErrors.create('invitations.expired', { message: 'Invitation expired' });
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(definitions: T) {
  return {
    definitions,
    create(code: keyof T & string, options: AppErrorOptions): AppError {
      const definition = definitions[code] as ErrorDefinition;
      return new AppError(code, definition.status, options);
    },
  };
}

/** Errors of the platform itself (HTTP layer, auth plumbing). */
export const PlatformErrors = defineErrors({
  'request.invalid': { status: 400, when: 'the body, query or params fail validation' },
  'request.not_found': { status: 404, when: 'no API route matches the method and path' },
  'request.too_large': { status: 413, when: 'the body is over the route limit' },
  'request.unsupported_media_type': { status: 415, when: 'the content type is not accepted by the route' },
  'request.rate_limited': { status: 429, when: 'too many requests from this client in the window' },
  'auth.unauthenticated': { status: 401, when: 'no valid session or token' },
  'auth.forbidden': { status: 403, when: 'authenticated, but the role does not allow the action' },
  'auth.csrf_failed': {
    status: 403,
    when: 'a cookie-authenticated write without a valid CSRF token or from another origin',
  },
  'auth.reauth_required': {
    status: 403,
    when: 'a sensitive action outside the 10-minute password re-confirmation window',
  },
  'resource.not_found': { status: 404, when: 'the object does not exist or belongs to another organization' },
  'resource.conflict': { status: 409, when: 'the change conflicts with the current state' },
  internal: { status: 500, when: 'an unexpected failure (details only in logs)' },
  'service.unavailable': { status: 503, when: 'a dependency (database, runner) is down' },
});
