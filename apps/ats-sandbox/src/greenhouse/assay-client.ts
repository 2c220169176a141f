import type { SandboxContext } from '../context.js';
import { basicHeader, describeAuth, malformedHeader, redactHeaders } from './basic-auth.js';
import type { GhStore } from './store.js';
import type { CallAuthFaults, CallName, GhOrg, RecordedRequest } from './types.js';

const TIMEOUT_MS = 10_000;

export interface CallResult {
  /** Assay's HTTP status, `null` when no answer arrived. */
  status: number | null;
  body: unknown;
  /** Network error or "not configured" reason. */
  error: string | null;
  record: RecordedRequest | null;
}

export interface CallRequest {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * Calls Assay's Greenhouse endpoints (`<assay>/partner/greenhouse/<name>`) as Greenhouse does:
 * `Authorization: Basic base64("<key>:")`, JSON bodies. Auth fault knobs (global, then per call)
 * bend the header; every exchange is recorded with the Authorization value redacted.
 */
export class AssayClient {
  constructor(
    private readonly store: GhStore,
    private readonly context: SandboxContext,
  ) {}

  async call(
    org: GhOrg,
    name: CallName,
    request: CallRequest,
    authOverride: Partial<CallAuthFaults> = {},
  ): Promise<CallResult> {
    const global = this.store.faults.calls;
    const globalApplies = global.authOnly.length === 0 || global.authOnly.includes(name);
    const auth: CallAuthFaults = {
      keyOverride: authOverride.keyOverride ?? (globalApplies ? global.keyOverride : null),
      password: authOverride.password ?? (globalApplies ? global.password : null),
      malformed: authOverride.malformed ?? (globalApplies ? global.malformed : null),
    };
    const key = auth.keyOverride ?? org.assayKey;
    if (key === null) {
      return { status: null, body: null, error: 'No Assay API key configured', record: null };
    }
    const authorization = auth.malformed
      ? malformedHeader(auth.malformed, key)
      : basicHeader(key, auth.password ?? '');

    const url = new URL(`${this.context.assayUrl()}/partner/greenhouse/${name}`);
    for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'Greenhouse-Sandbox/1.0',
    };
    if (authorization !== null) headers.authorization = authorization;
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }

    const credential = auth.keyOverride !== null ? 'override' : authorization === null ? 'none' : 'key';
    const base = {
      direction: 'out' as const,
      name,
      orgId: org.id,
      method: request.method,
      url: url.toString(),
      headers: redactHeaders(headers),
      auth: describeAuth(authorization, credential),
      body: request.body ?? null,
    };
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      const body = parseBody(text);
      const record = this.store.record({ ...base, response: { status: response.status, body }, error: null });
      return { status: response.status, body, error: null, record };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const record = this.store.record({ ...base, response: null, error: message });
      return { status: null, body: null, error: message, record };
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The message to show a Greenhouse user for a failed call (Assay's `message`, else the status). */
export function callErrorMessage(result: CallResult): string {
  if (result.status === null) return result.error ?? 'No answer from Assay';
  const body = result.body;
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  if (typeof body === 'string' && body !== '') return body.slice(0, 300);
  return `HTTP ${result.status}`;
}
