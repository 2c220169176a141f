/** A request as the HTTP layer hands it to the app (JSON body already parsed). */
export interface ApiRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

export function json(status: number, body?: unknown): ApiResponse {
  return body === undefined ? { status } : { status, body };
}

export function error(status: number, message: string): ApiResponse {
  return { status, body: { error: message } };
}
