/** The ATSs Assay integrates with (`provider` columns). */
export type AtsProviderId = 'smartrecruiters' | 'greenhouse';

/**
 * Keys an ATS presents to Assay (SmartRecruiters: on the consent page; Greenhouse: Basic
 * username). Only the SHA-256 hash is stored; `revoked_at` set = dead at once.
 */
export interface AtsApiKeysTable {
  id: string;
  organization_id: string;
  provider: AtsProviderId;
  key_hash: string;
  display_prefix: string;
  created_by_user_id: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * `pending` (partner bound, activation running) → `connected` | `error`; `disconnected`
 * after a disconnect from either side. No row = never connected (a key may exist).
 */
export type AtsConnectionStatus = 'activating' | 'connected' | 'error' | 'disconnected';

/**
 * One per organization and provider. `external_account_id` is the SmartRecruiters companyId
 * (null for Greenhouse). `inbound_client_*` is SmartRecruiters' credential B (secret hashed);
 * `credentials_sealed` the outbound credential (SmartRecruiters C, Greenhouse's completion
 * credential), sealed JSON. `provider_data` is JSON validated by the provider manifest.
 */
export interface AtsConnectionsTable {
  id: string;
  organization_id: string;
  provider: AtsProviderId;
  status: AtsConnectionStatus;
  status_reason: string | null;
  external_account_id: string | null;
  inbound_client_id: string | null;
  inbound_client_secret_hash: string | null;
  credentials_sealed: string | null;
  provider_data: string;
  connected_at: string | null;
  last_inbound_at: string | null;
  last_outbound_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Bearer tokens Assay issued a partner (SmartRecruiters' `oauth/token`); SHA-256 hash only. */
export interface AtsAccessTokensTable {
  id: string;
  connection_id: string;
  token_hash: string;
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
}

/** `active` (invited) | `rejected` (could not be fulfilled) | `closed` (integration disabled). */
export type AtsOrderStatus = 'active' | 'rejected' | 'closed';

/** An inbound test request, unique on (provider, scope_key, order_key). JSON: requester, provider_data. */
export interface AtsOrdersTable {
  id: string;
  organization_id: string;
  connection_id: string | null;
  provider: AtsProviderId;
  scope_key: string;
  order_key: string;
  test_id: string;
  candidate_email: string;
  candidate_external_id: string | null;
  invitation_id: string | null;
  status: AtsOrderStatus;
  reject_reason: string | null;
  requester: string | null;
  provider_data: string;
  created_at: string;
  updated_at: string;
}

/** Delivery states (architecture §1) plus `superseded` (a newer state replaced it before it was sent). */
export type AtsDeliveryStatus =
  'pending' | 'sending' | 'delivered' | 'retry_scheduled' | 'needs_credentials' | 'dead' | 'superseded';

/** The durable outbox of calls to an ATS, FIFO per `stream`. */
export interface AtsDeliveriesTable {
  id: string;
  organization_id: string;
  connection_id: string | null;
  provider: AtsProviderId;
  order_id: string | null;
  invitation_id: string | null;
  candidate_id: string | null;
  stream: string;
  sequence: number;
  kind: string;
  cause: string;
  message_id: string;
  payload: string | null;
  status: AtsDeliveryStatus;
  attempts: number;
  /** When the current run of attempts began (give up 3 days after); null until the first attempt. */
  first_attempt_at: string | null;
  next_attempt_at: string | null;
  lease_until: string | null;
  last_response_status: number | null;
  last_error: string | null;
  last_response_body: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Error reports a partner sent us (Greenhouse `response_error`). JSON: errors (string[]), details. */
export interface AtsInboundErrorsTable {
  id: string;
  organization_id: string;
  provider: AtsProviderId;
  invitation_id: string | null;
  api_call: string;
  errors: string;
  details: string;
  created_at: string;
}
