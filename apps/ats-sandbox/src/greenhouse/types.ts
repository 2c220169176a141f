/**
 * Greenhouse sandbox domain: fake organizations, candidates, take-home tests, recorded traffic and
 * fault knobs. Shapes follow the Greenhouse Assessment Partner contract
 * (`shared/contracts/greenhouse.md`); nothing is imported from the rest of the repository.
 */

/** The Basic credential Greenhouse issues to Assay for the completion PATCH (distinct from the key). */
export interface GhCredential {
  username: string;
  password: string;
}

/** One test as returned by Assay's `list_tests`. */
export interface GhTest {
  partner_test_id: string;
  partner_test_name: string;
}

/** A fake Greenhouse customer. */
export interface GhOrg {
  id: string;
  name: string;
  /** The Assay inbound key an admin pasted into Greenhouse (`null` until set). */
  assayKey: string | null;
  /** The completion credential this fake Greenhouse issued to Assay. */
  outbound: GhCredential;
  lastTestList: GhTest[] | null;
  lastTestListAt: string | null;
  /** Last `list_tests` failure, shown on the settings page. */
  lastTestListError: string | null;
  /** Every `response_error` this org posted to Assay. */
  responseErrors: SentResponseError[];
}

export interface GhCandidate {
  id: number;
  orgId: string;
  applicationId: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  email: string;
  phoneNumber: string | null;
  job: string;
}

export type TestStatusMetadata = Record<string, string | number | boolean | null>;

/** What the sandbox learned from one `test_status` call (after a PATCH or a legacy poll). */
export interface StatusCheck {
  at: string;
  trigger: 'patch' | 'legacy-poll' | 'control';
  /** Assay's HTTP status, or `null` on a network error. */
  httpStatus: number | null;
  body: unknown;
  /** Validation failures (empty = accepted); a non-empty list was posted as `response_error`. */
  errors: string[];
}

/** One PATCH received on a take-home URL. */
export interface PatchRecord {
  at: string;
  /** Which credential the caller presented. */
  credential: CredentialKind;
  /** Status the sandbox answered. */
  answered: number | 'reset' | 'hang' | 'client-gone';
  /** The fault knob that decided the answer, if any. */
  fault: string | null;
  hadBody: boolean;
  hadQuery: boolean;
  /** The `test_status` follow-up (filled once it finished; `null` when none was made). */
  check: StatusCheck | null;
}

export interface GhTakeHome {
  /** The `<n>` of `…/take_home_tests/<n>`. */
  id: number;
  orgId: string;
  candidateId: number;
  applicationId: number;
  partnerTestId: string | number;
  partnerTestName: string | null;
  /** The `url` sent to Assay (PATCH target). */
  url: string;
  sentAt: string;
  /** `sending` until Assay answered; `sent` on 200 with an interview id; `failed` otherwise. */
  sendState: 'sending' | 'sent' | 'failed';
  sendHttpStatus: number | null;
  sendError: string | null;
  partnerInterviewId: string | null;
  /** Last accepted `partner_status` (`null` until Assay's `test_status` was accepted once). */
  status: string | null;
  score: number | null;
  profileUrl: string | null;
  metadata: TestStatusMetadata | null;
  /** Errors of the last `test_status` check (empty when accepted). */
  lastErrors: string[];
  patches: PatchRecord[];
  checks: StatusCheck[];
}

export interface SentResponseError {
  at: string;
  body: Record<string, unknown>;
  httpStatus: number | null;
}

export type CredentialKind = 'outbound' | 'inbound-key' | 'unknown' | 'missing' | 'malformed';

export type CallName = 'list_tests' | 'send_test' | 'test_status' | 'response_error';

/** One HTTP exchange, sent (to Assay) or received (from Assay); `Authorization` is never stored. */
export interface RecordedRequest {
  seq: number;
  at: string;
  direction: 'out' | 'in';
  /** `list_tests` … for calls to Assay; `patch`, `canary`, `resume`, `people` for received ones. */
  name: string;
  orgId: string | null;
  method: string;
  url: string;
  /** Header names lower-cased; `authorization` replaced by a redacted marker. */
  headers: Record<string, string>;
  /** Non-secret description of the Authorization header. */
  auth: AuthDescription;
  body: unknown;
  response: { status: number; body: unknown } | null;
  /** `reset`, `hang`, network error text … */
  error: string | null;
}

export interface AuthDescription {
  present: boolean;
  scheme: string | null;
  /** Basic header that decodes to `user:password`. */
  wellFormed: boolean;
  passwordEmpty: boolean | null;
  /** For received requests: which credential matched; for sent ones: `key`, `override` or `none`. */
  credential: string;
}

export type MalformedAuth = 'missing' | 'no-scheme' | 'not-base64' | 'no-colon' | 'bearer' | 'empty';

/** Auth tweaks for calls the sandbox makes to Assay. */
export interface CallAuthFaults {
  /** Use this key instead of the org's (e.g. 170/171-char keys, a revoked key). */
  keyOverride: string | null;
  /** Send `key:<password>` instead of `key:` (Assay must answer 401). */
  password: string | null;
  malformed: MalformedAuth | null;
}

export interface GhFaults {
  /** Knobs for the PATCH route Greenhouse serves. */
  patch: {
    /** Consumed one per PATCH: a non-2xx entry is answered as is; a 2xx entry means "behave normally". */
    statusSequence: number[];
    /** Answer every PATCH with this status (e.g. 401, 403, 404, 429, 503); `null` = normal. */
    status: number | null;
    /** `Retry-After` value added to 429 and 503 answers. */
    retryAfter: string | null;
    /** Wait this long before answering. */
    delayMs: number;
    /** Never answer (the socket stays open until the client gives up). */
    hang: boolean;
    /** Destroy the connection without answering. */
    reset: boolean;
    /** Answer with a redirect to this URL (`"canary"` = the sandbox's own canary route). */
    redirectTo: string | null;
    redirectStatus: number;
  };
  /** Knobs for the calls the sandbox makes to Assay. */
  calls: CallAuthFaults & {
    /** Which calls the auth knobs apply to (empty = all). */
    authOnly: CallName[];
    /** `send_test` is sent N times in parallel with the identical body. */
    concurrency: number;
    /** `partner_test_id` sent as a JSON number when it is all digits. */
    numericIds: boolean;
    /** Optional GhSendTest fields: real values, `null`, or left out. */
    optionalFields: 'present' | 'null' | 'missing';
    /** Add fields Assay does not know (top level and in `candidate`). */
    extraFields: boolean;
    /** Put the generated `url` on this origin instead of the sandbox (e.g. `http://169.254.169.254`). */
    urlOrigin: string | null;
  };
  /** Require `partner_profile_url` to be https (default false: relaxed for loopback tests). */
  requireHttpsProfileUrl: boolean;
}

export function defaultFaults(): GhFaults {
  return {
    patch: {
      statusSequence: [],
      status: null,
      retryAfter: null,
      delayMs: 0,
      hang: false,
      reset: false,
      redirectTo: null,
      redirectStatus: 307,
    },
    calls: {
      keyOverride: null,
      password: null,
      malformed: null,
      authOnly: [],
      concurrency: 1,
      numericIds: false,
      optionalFields: 'present',
      extraFields: false,
      urlOrigin: null,
    },
    requireHttpsProfileUrl: false,
  };
}
