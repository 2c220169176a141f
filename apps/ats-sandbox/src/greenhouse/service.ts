import type { SandboxContext } from '../context.js';
import { AssayClient, callErrorMessage, type CallResult } from './assay-client.js';
import type { GhStore } from './store.js';
import type { CallAuthFaults, GhCandidate, GhOrg, GhTakeHome, StatusCheck } from './types.js';
import { validateListTests, validateSendTest, validateTestStatus } from './validate.js';

export interface ListTestsOutcome {
  ok: boolean;
  status: number | null;
  body: unknown;
  /** Validation errors (posted as `response_error`) or the call failure. */
  errors: string[];
}

export interface SendTestOverrides {
  partner_test_id?: string | number;
  candidate?: Record<string, unknown>;
  sent_by?: string | null;
  url?: string;
  /** Extra top-level fields merged into the body. */
  extra?: Record<string, unknown>;
  /** Send exactly this body (everything else ignored). */
  raw?: unknown;
}

export interface SendTestOptions {
  testId?: string | number;
  overrides?: SendTestOverrides;
  auth?: Partial<CallAuthFaults>;
  /** N parallel identical calls (default: the `calls.concurrency` knob). */
  concurrency?: number;
}

export interface SendTestOutcome {
  ok: boolean;
  takeHome: GhTakeHome | null;
  url: string | null;
  /** The body sent to Assay. */
  request: unknown;
  status: number | null;
  body: unknown;
  /** Failure shown to the Greenhouse user (Assay's message), or `null`. */
  error: string | null;
  /** Contract violations spotted in Assay's answers. */
  errors: string[];
  /** Every parallel call's answer (one entry without concurrency). */
  results: { status: number | null; body: unknown; error: string | null }[];
}

const SENT_BY = 'recruiter@example.com';

/**
 * What the fake Greenhouse does: list tests, send a test, check status after a PATCH (or a legacy
 * poll), post `response_error` when Assay's answers break the contract.
 */
export class GhService {
  readonly client: AssayClient;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly store: GhStore,
    readonly context: SandboxContext,
  ) {
    this.client = new AssayClient(store, context);
  }

  /** Runs `work` in the background, tracked so `settle()` can wait for it. */
  track(work: () => Promise<unknown>): void {
    const promise = work()
      .catch(() => undefined)
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }

  /** Resolves once every background follow-up (PATCH → `test_status`) has finished. */
  async settle(): Promise<number> {
    let waited = 0;
    while (this.pending.size > 0) {
      waited += this.pending.size;
      await Promise.all([...this.pending]);
    }
    return waited;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  async listTests(org: GhOrg, auth: Partial<CallAuthFaults> = {}): Promise<ListTestsOutcome> {
    const result = await this.client.call(org, 'list_tests', { method: 'GET' }, auth);
    if (result.status !== 200) {
      const message = callErrorMessage(result);
      org.lastTestListError =
        result.status === 401
          ? `Assay refused the key (HTTP 401): ${message}`
          : `list_tests failed: ${message}`;
      return { ok: false, status: result.status, body: result.body, errors: [org.lastTestListError] };
    }
    const { errors, tests } = validateListTests(result.body);
    if (errors.length > 0) {
      org.lastTestListError = `list_tests answer rejected: ${errors.join('; ')}`;
      await this.postResponseError(org, { api_call: 'list_tests', errors });
      return { ok: false, status: result.status, body: result.body, errors };
    }
    org.lastTestList = tests;
    org.lastTestListAt = new Date().toISOString();
    org.lastTestListError = null;
    return { ok: true, status: result.status, body: result.body, errors: [] };
  }

  async sendTest(
    org: GhOrg,
    candidate: GhCandidate,
    options: SendTestOptions = {},
  ): Promise<SendTestOutcome> {
    const faults = this.store.faults.calls;
    let testId: string | number | undefined = options.overrides?.partner_test_id ?? options.testId;
    // Greenhouse knows the tests from configuring the stage: list them once if never listed.
    if (org.lastTestList === null || (testId === undefined && org.lastTestList.length === 0)) {
      await this.listTests(org, options.auth);
    }
    testId ??= org.lastTestList?.[0]?.partner_test_id;
    if (testId === undefined) {
      return failedBeforeSending('No test to send: list_tests returned no tests');
    }
    const testName =
      org.lastTestList?.find((t) => t.partner_test_id === String(testId))?.partner_test_name ?? null;
    const sentTestId =
      faults.numericIds && typeof testId === 'string' && /^\d+$/.test(testId) ? Number(testId) : testId;

    const id = this.store.allocateTakeHomeId();
    const origin = faults.urlOrigin?.replace(/\/+$/, '') ?? this.context.publicUrl();
    const url = options.overrides?.url ?? `${origin}/integrations/testing_partners/take_home_tests/${id}`;
    const profileUrl = `${this.context.publicUrl()}/people/${candidate.id}?application_id=${candidate.applicationId}`;

    const candidateBody: Record<string, unknown> = {
      first_name: candidate.firstName,
      last_name: candidate.lastName,
      email: candidate.email,
      greenhouse_profile_url: profileUrl,
    };
    const optional: Record<string, unknown> = {
      preferred_name: candidate.preferredName,
      phone_number: candidate.phoneNumber,
      resume_url: `${this.context.publicUrl()}/resumes/${candidate.id}.pdf`,
    };
    let body: Record<string, unknown> = { partner_test_id: sentTestId, candidate: candidateBody };
    if (faults.optionalFields !== 'missing') {
      for (const [k, v] of Object.entries(optional))
        candidateBody[k] = faults.optionalFields === 'null' ? null : v;
      body.sent_by = faults.optionalFields === 'null' ? null : SENT_BY;
    }
    body.url = url;
    if (faults.extraFields) {
      body.greenhouse_job_id = 4242;
      body.unexpected = { nested: true };
      candidateBody.gender = 'unspecified';
    }
    if (options.overrides?.candidate) Object.assign(candidateBody, options.overrides.candidate);
    if (options.overrides?.sent_by !== undefined) body.sent_by = options.overrides.sent_by;
    if (options.overrides?.extra) body = { ...body, ...options.overrides.extra };
    const request: unknown = options.overrides?.raw ?? body;

    const takeHome: GhTakeHome = {
      id,
      orgId: org.id,
      candidateId: candidate.id,
      applicationId: candidate.applicationId,
      partnerTestId: testId,
      partnerTestName: testName,
      url,
      sentAt: new Date().toISOString(),
      sendState: 'sending',
      sendHttpStatus: null,
      sendError: null,
      partnerInterviewId: null,
      status: null,
      score: null,
      profileUrl: null,
      metadata: null,
      lastErrors: [],
      patches: [],
      checks: [],
    };
    this.store.takeHomes.set(id, takeHome);

    const n = Math.max(1, Math.min(100, options.concurrency ?? faults.concurrency));
    const results: CallResult[] = await Promise.all(
      Array.from({ length: n }, () =>
        this.client.call(org, 'send_test', { method: 'POST', body: request }, options.auth),
      ),
    );
    const primary = results.find((r) => r.status === 200) ?? results[0];
    if (primary === undefined) return failedBeforeSending('send_test was not called');

    const errors: string[] = [];
    let error: string | null = null;
    takeHome.sendHttpStatus = primary.status;
    if (primary.status === 200) {
      const check = validateSendTest(primary.body);
      errors.push(...check.errors);
      takeHome.partnerInterviewId = check.partnerInterviewId;
      const ids = new Set(
        results.filter((r) => r.status === 200).map((r) => validateSendTest(r.body).partnerInterviewId),
      );
      if (ids.size > 1) {
        errors.push(
          `${n} identical send_test calls returned ${ids.size} different partner_interview_id values`,
        );
      }
      if (check.errors.length > 0) {
        await this.postResponseError(org, {
          api_call: 'send_test',
          errors: check.errors,
          partner_test_id: String(testId),
          ...(testName === null ? {} : { partner_test_name: testName }),
          candidate_email: candidate.email,
        });
      }
      takeHome.sendState = check.partnerInterviewId === null ? 'failed' : 'sent';
      if (check.partnerInterviewId === null) error = check.errors.join('; ');
    } else {
      takeHome.sendState = 'failed';
      error = callErrorMessage(primary);
    }
    takeHome.sendError = error;
    return {
      ok: takeHome.sendState === 'sent',
      takeHome,
      url,
      request,
      status: primary.status,
      body: primary.body,
      error,
      errors,
      results: results.map((r) => ({ status: r.status, body: r.body, error: r.error })),
    };
  }

  /** Calls `test_status` for a take-home, validates like Greenhouse, stores or reports. */
  async checkStatus(takeHome: GhTakeHome, trigger: StatusCheck['trigger']): Promise<StatusCheck> {
    const org = this.store.org(takeHome.orgId);
    const at = new Date().toISOString();
    if (!org || takeHome.partnerInterviewId === null) {
      const check: StatusCheck = {
        at,
        trigger,
        httpStatus: null,
        body: null,
        errors: ['No partner_interview_id for this take-home'],
      };
      takeHome.checks.push(check);
      takeHome.lastErrors = check.errors;
      return check;
    }
    const result = await this.client.call(org, 'test_status', {
      method: 'GET',
      query: { partner_interview_id: takeHome.partnerInterviewId },
    });
    let errors: string[];
    if (result.status !== 200) {
      errors = [
        result.status === null
          ? `test_status failed: ${result.error ?? 'no answer'}`
          : `test_status answered HTTP ${result.status}: ${callErrorMessage(result)}`,
      ];
    } else {
      const validation = validateTestStatus(result.body, {
        requireHttps: this.store.faults.requireHttpsProfileUrl,
      });
      errors = validation.errors;
      if (validation.accepted) {
        takeHome.status = validation.accepted.status;
        takeHome.score = validation.accepted.score;
        takeHome.profileUrl = validation.accepted.profileUrl;
        takeHome.metadata = validation.accepted.metadata;
      }
    }
    const check: StatusCheck = { at, trigger, httpStatus: result.status, body: result.body, errors };
    takeHome.checks.push(check);
    takeHome.lastErrors = errors;
    if (errors.length > 0) {
      const candidate = this.store.candidates.get(takeHome.candidateId);
      await this.postResponseError(org, {
        api_call: 'test_status',
        errors,
        partner_interview_id: takeHome.partnerInterviewId,
        partner_test_id: String(takeHome.partnerTestId),
        ...(takeHome.partnerTestName === null ? {} : { partner_test_name: takeHome.partnerTestName }),
        ...(candidate ? { candidate_email: candidate.email } : {}),
      });
    }
    return check;
  }

  /** POSTs `response_error` to Assay and keeps it on the org. */
  async postResponseError(org: GhOrg, body: Record<string, unknown>): Promise<CallResult> {
    const result = await this.client.call(org, 'response_error', { method: 'POST', body });
    org.responseErrors.push({ at: new Date().toISOString(), body, httpStatus: result.status });
    return result;
  }

  /** Legacy (pre-2019) hourly polling, on demand: `test_status` for every take-home not yet complete. */
  async legacyPoll(orgId?: string): Promise<{ takeHomeId: number; check: StatusCheck }[]> {
    const due = [...this.store.takeHomes.values()].filter(
      (t) =>
        (orgId === undefined || t.orgId === orgId) &&
        t.partnerInterviewId !== null &&
        t.status !== 'complete',
    );
    const out: { takeHomeId: number; check: StatusCheck }[] = [];
    for (const takeHome of due)
      out.push({ takeHomeId: takeHome.id, check: await this.checkStatus(takeHome, 'legacy-poll') });
    return out;
  }
}

function failedBeforeSending(error: string): SendTestOutcome {
  return {
    ok: false,
    takeHome: null,
    url: null,
    request: null,
    status: null,
    body: null,
    error,
    errors: [error],
    results: [],
  };
}
