import type {
  Integration,
  IntegrationDelivery,
  IntegrationError,
  IntegrationKey,
  IntegrationState,
} from '@assay/contracts';
import type {
  AtsApiKeysTable,
  AtsConnectionsTable,
  AtsInboundErrorsTable,
} from '../../db/schema/ats.table.js';
import type { AtsProviderId } from './ats.ports.js';
import type { DeliveryListRow } from './ats.repository.js';

/** Key row → DTO (the display prefix only, never the hash). */
export function presentKey(row: AtsApiKeysTable): IntegrationKey {
  return {
    id: row.id,
    displayPrefix: row.display_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/** A user name shown masked: the first 4 characters, then `…`. */
export function maskUsername(username: string): string {
  return username.length <= 4 ? `${username.slice(0, 1)}…` : `${username.slice(0, 4)}…`;
}

/** The Settings card of one provider. */
export function presentIntegration(input: {
  provider: AtsProviderId;
  label: string;
  state: IntegrationState;
  connection: AtsConnectionsTable | undefined;
  keys: AtsApiKeysTable[];
  credentials: Record<string, string> | null;
  failingDeliveries: number;
}): Integration {
  const live = input.connection && input.connection.status !== 'disconnected' ? input.connection : undefined;
  const username = input.credentials?.username;
  return {
    provider: input.provider,
    label: input.label,
    state: input.state,
    statusReason: input.connection?.status_reason ?? null,
    externalAccountId: live?.external_account_id ?? null,
    connectedAt: live?.connected_at ?? null,
    keys: input.keys.map(presentKey),
    outboundCredential: username !== undefined ? { username: maskUsername(username) } : null,
    lastInboundAt: input.connection?.last_inbound_at ?? null,
    lastOutboundAt: input.connection?.last_outbound_at ?? null,
    failingDeliveries: input.failingDeliveries,
  };
}

/** Delivery row → DTO (the payload itself stays out of the list; `summary` describes it). */
export function presentDelivery(row: DeliveryListRow, summary: string): IntegrationDelivery {
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    summary,
    cause: row.cause,
    messageId: row.message_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastResponseStatus: row.last_response_status,
    lastError: row.last_error,
    lastResponseBody: row.last_response_body,
    invitationId: row.invitation_id,
    candidateName: row.candidate_name,
    testName: row.test_name,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Partner error report row → DTO. */
export function presentInboundError(row: AtsInboundErrorsTable): IntegrationError {
  let errors: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.errors);
    if (Array.isArray(parsed)) errors = parsed.map(String);
  } catch {
    errors = [];
  }
  return {
    id: row.id,
    provider: row.provider,
    apiCall: row.api_call,
    errors,
    invitationId: row.invitation_id,
    createdAt: row.created_at,
  };
}
