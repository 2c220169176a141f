import { randomUUID } from 'node:crypto';
import type { SrContext } from './context.js';
import { redactBody, redactHeaders } from './http.js';
import { isPlainObject } from './merge-patch.js';
import type { SrCompany, SrOrder, SrState } from './state.js';
import { ASSESSMENT_API } from './api.js';

/** One answer from Assay: status (0 = network error), parsed body (JSON or text). */
export interface AssayResponse {
  status: number;
  body: unknown;
  error: string | null;
}

/** A package as Assay lists it (`{id, name, description, type, assessments}`). */
export interface AssayPackage {
  id: string;
  name: string;
  description?: string;
  type?: string;
  assessments?: unknown[];
}

/** Outcome of an order run (token → packages → package → order). */
export interface OrderRun {
  ok: boolean;
  /** The step that failed, when one did. */
  failedAt: 'token' | 'packages' | 'package' | 'order' | 'input' | null;
  message: string | null;
  order: SrOrder | null;
  /** Assay's status for `POST packages/orders` (each one when repeated). */
  status: number | null;
  statuses: number[];
  body: unknown;
}

/**
 * Calls SmartRecruiters makes to Assay (`P = assayUrl + /partner/smartrecruiters`), each one
 * recorded (`direction: to-assay`, `Authorization` and secrets redacted).
 */
export class AssayClient {
  constructor(
    private readonly state: SrState,
    private readonly context: SrContext,
  ) {}

  private base(): string {
    return `${this.context.assayUrl()}/partner/smartrecruiters`;
  }

  private async call(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string; recordBody?: unknown } = {},
  ): Promise<AssayResponse> {
    const url = `${this.base()}${path}`;
    const headers = { accept: 'application/json', ...(options.headers ?? {}) };
    let status = 0;
    let body: unknown = null;
    let error: string | null = null;
    let responseHeaders: Record<string, string> = {};
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: options.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      responseHeaders = redactHeaders(Object.fromEntries(response.headers.entries()));
      const text = await response.text();
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    this.state.record({
      direction: 'to-assay',
      route: null,
      method,
      url,
      path: new URL(url).pathname,
      headers: redactHeaders(headers),
      body: options.recordBody ?? (options.body ? safeJson(options.body) : null),
      status: status || null,
      responseHeaders,
      responseBody: redactBody(body),
      error,
    });
    return { status, body, error };
  }

  /** `POST P/oauth/token` with the company's B credential. */
  async token(company: SrCompany): Promise<{ token: string | null; response: AssayResponse }> {
    if (!company.b) return { token: null, response: { status: 0, body: null, error: 'no credential B' } };
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: company.b.clientId,
      client_secret: company.b.clientSecret,
    });
    const response = await this.call('POST', '/oauth/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      recordBody: {
        grant_type: 'client_credentials',
        client_id: company.b.clientId,
        client_secret: '[redacted]',
      },
    });
    const token =
      isPlainObject(response.body) && typeof response.body.access_token === 'string'
        ? response.body.access_token
        : null;
    return { token: response.status === 200 ? token : null, response };
  }

  /** `GET P/packages` (with the `requester` header for manual orders). */
  async packages(
    token: string,
    requesterEmail: string | null,
  ): Promise<{ packages: AssayPackage[]; response: AssayResponse }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (requesterEmail) headers.requester = JSON.stringify({ email: requesterEmail });
    const response = await this.call('GET', '/packages', { headers });
    const packages = Array.isArray(response.body)
      ? response.body.filter((p): p is AssayPackage => isPlainObject(p) && typeof p.id === 'string')
      : [];
    return { packages, response };
  }

  async package(token: string, id: string): Promise<AssayResponse> {
    return this.call('GET', `/packages/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  async order(token: string, body: unknown): Promise<AssayResponse> {
    return this.call('POST', '/packages/orders', {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** `DELETE P/integrations/companies/:companyId` with the company's bearer. */
  async disable(company: SrCompany): Promise<AssayResponse> {
    const { token, response } = await this.token(company);
    if (!token) return response;
    return this.call('DELETE', `/integrations/companies/${encodeURIComponent(company.id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  /** The packages Assay offers the company (token → packages); empty when not connected. */
  async listPackages(
    companyId: string,
    requesterEmail: string | null,
  ): Promise<{ packages: AssayPackage[]; error: string | null }> {
    const company = this.state.companies.get(companyId);
    if (!company?.swapped) return { packages: [], error: 'Assay is not connected.' };
    const { token, response } = await this.token(company);
    if (!token) return { packages: [], error: `Assay refused the token request (${describe(response)}).` };
    const listed = await this.packages(token, requesterEmail);
    if (listed.response.status !== 200 && listed.response.status !== 204) {
      return { packages: [], error: `Assay answered ${describe(listed.response)} for the packages.` };
    }
    return { packages: listed.packages, error: null };
  }

  /** Build the order SR would send, remembered under a fresh order id (not sent). */
  prepareOrder(input: {
    companyId: string;
    candidateId: string;
    jobId?: string;
    packageId: string;
    packageName?: string;
    manual: boolean;
  }): { order: SrOrder; body: Record<string, unknown> } | { error: string } {
    const candidate = this.state.candidates.get(input.candidateId);
    if (!candidate) return { error: `Unknown candidate ${input.candidateId}.` };
    const jobId = input.jobId ?? candidate.jobIds[0];
    const job = jobId ? this.state.jobs.get(jobId) : undefined;
    if (!jobId || !job) return { error: 'The candidate has no job.' };
    const id = randomUUID();
    const requester = input.manual ? { ...this.state.recruiter } : null;
    const order: SrOrder = {
      id,
      companyId: input.companyId,
      candidateId: candidate.id,
      jobId,
      packageId: input.packageId,
      packageName: input.packageName ?? input.packageId,
      resultCallbackURL: `${this.context.publicUrl()}${ASSESSMENT_API}/orders/${id}/results`,
      requester,
      createdAt: new Date().toISOString(),
      assayStatus: null,
      assayBody: null,
      accepted: false,
      result: {},
      history: [],
    };
    this.state.orders.set(id, order);
    const body: Record<string, unknown> = {
      resultCallbackURL: order.resultCallbackURL,
      assessmentPackageId: input.packageId,
      companyId: input.companyId,
      jobId,
      job: { id: jobId, title: job.title },
      candidate: {
        id: candidate.id,
        firstName: candidate.firstName,
        lastName: candidate.lastName,
        email: candidate.email,
      },
      fields: {},
    };
    if (requester) body.requester = requester;
    return { order, body };
  }

  /**
   * What SR does when a recruiter orders (or a step auto-triggers): token → packages → package →
   * `POST packages/orders`. `repeat` sends the same body that many times at once.
   */
  async runOrder(input: {
    candidateId: string;
    packageId?: string;
    manual: boolean;
    jobId?: string;
    companyId?: string;
    repeat?: number;
    extraFields?: Record<string, unknown>;
  }): Promise<OrderRun> {
    const fail = (
      failedAt: OrderRun['failedAt'],
      message: string,
      status: number | null = null,
      body: unknown = null,
    ): OrderRun => ({
      ok: false,
      failedAt,
      message,
      order: null,
      status,
      statuses: status === null ? [] : [status],
      body,
    });
    const candidate = this.state.candidates.get(input.candidateId);
    if (!candidate) return fail('input', `Unknown candidate ${input.candidateId}.`);
    const company = this.state.companies.get(candidate.companyId);
    if (!company?.swapped) return fail('input', 'Assay is not connected for this company.');
    const requesterEmail = input.manual ? this.state.recruiter.email : null;
    const { token, response } = await this.token(company);
    if (!token)
      return fail('token', `Token request failed (${describe(response)}).`, response.status, response.body);
    const listed = await this.packages(token, requesterEmail);
    if (listed.response.status !== 200 && listed.response.status !== 204) {
      return fail(
        'packages',
        `Packages failed (${describe(listed.response)}).`,
        listed.response.status,
        listed.response.body,
      );
    }
    const packageId = input.packageId ?? listed.packages[0]?.id;
    if (!packageId) return fail('packages', 'Assay offers no package.');
    const single = await this.package(token, packageId);
    if (single.status !== 200)
      return fail('package', `Package failed (${describe(single)}).`, single.status, single.body);
    const packageName =
      isPlainObject(single.body) && typeof single.body.name === 'string' ? single.body.name : packageId;
    const prepared = this.prepareOrder({
      companyId: input.companyId ?? company.id,
      candidateId: candidate.id,
      jobId: input.jobId,
      packageId,
      packageName,
      manual: input.manual,
    });
    if ('error' in prepared) return fail('input', prepared.error);
    const body = { ...prepared.body, ...(input.extraFields ?? {}) };
    const responses = await Promise.all(
      Array.from({ length: Math.max(1, input.repeat ?? 1) }, () => this.order(token, body)),
    );
    const first = responses[0] as AssayResponse;
    const order = prepared.order;
    order.companyId = company.id;
    order.assayStatus = first.status;
    order.assayBody = first.body;
    order.accepted = responses.some((r) => r.status === 202);
    return {
      ok: order.accepted,
      failedAt: order.accepted ? null : 'order',
      message: order.accepted ? null : `Order refused (${describe(first)}).`,
      order,
      status: first.status,
      statuses: responses.map((r) => r.status),
      body: first.body,
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(response: AssayResponse): string {
  if (response.error) return response.error;
  const message =
    isPlainObject(response.body) && typeof response.body.message === 'string'
      ? `: ${response.body.message}`
      : '';
  return `${response.status}${message}`;
}
