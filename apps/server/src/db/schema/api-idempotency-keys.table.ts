/**
 * A public API `Idempotency-Key` of one API token: `status` is `in_flight` while the first
 * request runs, then `done` with the stored answer (`response_body` JSON).
 */
export interface ApiIdempotencyKeysTable {
  id: string;
  organization_id: string;
  token_id: string;
  idempotency_key: string;
  /** SHA-256 of the method, path and JSON body. */
  request_hash: string;
  status: 'in_flight' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}
