import type { Db } from '../../src/db/index.js';
import { hashToken, newId } from '../../src/platform/crypto/index.js';

/** An active Greenhouse key of `orgId` inserted directly (its raw value is never used). */
export async function makeAtsKey(
  db: Db,
  orgId: string,
  provider: 'smartrecruiters' | 'greenhouse' = 'greenhouse',
) {
  const id = newId();
  await db
    .insertInto('ats_api_keys')
    .values({
      id,
      organization_id: orgId,
      provider,
      key_hash: hashToken(`fixture-${id}`),
      display_prefix: 'assay_gh_fixt…',
      created_by_user_id: null,
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return id;
}

/** A `dead` ATS delivery of `orgId` on a candidate stream (no connection: never sent). */
export async function makeDeadAtsDelivery(db: Db, orgId: string): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('ats_deliveries')
    .values({
      id,
      organization_id: orgId,
      connection_id: null,
      provider: 'greenhouse',
      order_id: null,
      invitation_id: null,
      candidate_id: null,
      stream: `candidate:${id}`,
      sequence: 1,
      kind: 'completion',
      cause: 'invitations.graded',
      message_id: crypto.randomUUID(),
      payload: '{}',
      status: 'dead',
      attempts: 3,
      first_attempt_at: now,
      next_attempt_at: null,
      lease_until: null,
      last_response_status: 400,
      last_error: 'HTTP 400',
      last_response_body: null,
      delivered_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
