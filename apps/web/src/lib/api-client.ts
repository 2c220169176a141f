import { ApiError, toApiError } from './api-error.js';

/** Anything with a zod-like `parse` (the contracts' schemas); keeps zod out of the web's deps. */
export interface Parser<T> {
  parse(data: unknown): T;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Asks the user to confirm their password; resolves true when the session was re-authenticated. */
export type ReauthHandler = () => Promise<boolean>;

const SESSION_PATH = '/api/session';

/**
 * The typed API client. Responses are parsed with the contract schemas, so a server that
 * drifts from the contract fails loudly here instead of deep inside a component.
 * Every non-GET request carries `x-csrf-token` (from `GET /api/session`) and a JSON body.
 */
export class ApiClient {
  private csrfToken: string | null = null;
  private reauthHandler: ReauthHandler | null = null;

  constructor(private readonly baseUrl = '') {}

  /** Remember the CSRF token of the current session (set whenever the session is read). */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  /** Install the "Confirm your password" dialog used when an action needs a fresh re-auth. */
  setReauthHandler(handler: ReauthHandler | null): void {
    this.reauthHandler = handler;
  }

  /** GET and parse. */
  get<T>(path: string, schema: Parser<T>, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request('GET', withQuery(path, query), schema);
  }

  /** POST a JSON body and parse the answer. */
  post<T>(path: string, schema: Parser<T>, body: unknown = {}): Promise<T> {
    return this.request('POST', path, schema, body);
  }

  /** PUT a JSON body and parse the answer. */
  put<T>(path: string, schema: Parser<T>, body: unknown = {}): Promise<T> {
    return this.request('PUT', path, schema, body);
  }

  /** PATCH a JSON body and parse the answer. */
  patch<T>(path: string, schema: Parser<T>, body: unknown = {}): Promise<T> {
    return this.request('PATCH', path, schema, body);
  }

  /** POST a file as the raw body (e.g. a challenge zip as `application/zip`) and parse the answer. */
  upload<T>(path: string, schema: Parser<T>, file: Blob, contentType: string): Promise<T> {
    return this.request('POST', path, schema, new RawBody(file, contentType));
  }

  /**
   * GET a file (e.g. a zip export) as a Blob. A download that needs a fresh password
   * confirmation (`auth.reauth_required`) asks for it, like writes do, and retries once.
   */
  async download(path: string): Promise<Blob> {
    const fetchBlob = async (): Promise<Blob> => {
      let response: Response;
      try {
        response = await fetch(this.baseUrl + path, { credentials: 'same-origin' });
      } catch {
        throw new ApiError(0, 'network.failed', 'Could not reach the server. Check your connection.');
      }
      if (!response.ok) {
        const text = await response.text();
        let json: unknown = undefined;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        throw toApiError(response.status, json);
      }
      return response.blob();
    };
    try {
      return await fetchBlob();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.reauth_required' && this.reauthHandler) {
        if (await this.reauthHandler()) return fetchBlob();
      }
      throw err;
    }
  }

  /** DELETE; the answer (often 204) is ignored. */
  async delete(path: string): Promise<void> {
    await this.request('DELETE', path, noContent);
  }

  private async request<T>(method: Method, path: string, schema: Parser<T>, body?: unknown): Promise<T> {
    try {
      return await this.send(method, path, schema, body);
    } catch (err) {
      if (!(err instanceof ApiError) || method === 'GET') throw err;
      // A stale token (the session rotated at login or re-auth): read the session again, retry once.
      if (err.code === 'auth.csrf_failed') {
        await this.refreshCsrfToken();
        return this.send(method, path, schema, body);
      }
      if (err.code === 'auth.reauth_required' && this.reauthHandler) {
        if (!(await this.reauthHandler())) throw err;
        return this.send(method, path, schema, body);
      }
      throw err;
    }
  }

  private async send<T>(method: Method, path: string, schema: Parser<T>, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = body instanceof RawBody ? body : null;
    if (method !== 'GET') {
      headers['content-type'] = raw ? raw.contentType : 'application/json';
      if (this.csrfToken === null) await this.refreshCsrfToken();
      if (this.csrfToken !== null) headers['x-csrf-token'] = this.csrfToken;
    }
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(method === 'GET' ? {} : { body: raw ? raw.data : JSON.stringify(body ?? {}) }),
      });
    } catch {
      throw new ApiError(0, 'network.failed', 'Could not reach the server. Check your connection.');
    }
    const text = await response.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!response.ok) throw toApiError(response.status, json);
    if (path === SESSION_PATH) this.captureCsrf(json);
    return schema.parse(json);
  }

  private async refreshCsrfToken(): Promise<void> {
    const response = await fetch(this.baseUrl + SESSION_PATH, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (response.ok) this.captureCsrf(await response.json());
  }

  private captureCsrf(json: unknown): void {
    if (typeof json === 'object' && json !== null && 'csrfToken' in json) {
      const token = json.csrfToken;
      this.csrfToken = typeof token === 'string' ? token : null;
    }
  }
}

/** A non-JSON request body (file uploads). */
class RawBody {
  constructor(
    readonly data: Blob,
    readonly contentType: string,
  ) {}
}

/** For answers without a body (204) or whose body is not needed. */
export const noContent: Parser<undefined> = { parse: () => undefined };

function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The app's one client instance. */
export const api = new ApiClient();
