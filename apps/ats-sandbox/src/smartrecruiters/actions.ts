import type { SrContext } from './context.js';
import type { AssayClient, OrderRun } from './assay-client.js';
import type { SrState } from './state.js';

/** The consent URL SR opens (popup) for a company. */
export function consentUrl(context: SrContext, companyId: string): string {
  return `${context.assayUrl()}/partner/smartrecruiters/consent?companyId=${encodeURIComponent(companyId)}`;
}

/** "Allow and Continue": the company consents; returns the consent URL to open. */
export function markConsented(state: SrState, context: SrContext, companyId: string): string {
  state.ensureCompany(companyId).consented = true;
  return consentUrl(context, companyId);
}

/**
 * SR-side disconnect: tell Assay (`DELETE P/integrations/companies/:id`), then forget B and C
 * and revoke C's tokens whatever Assay answered (a new Connect needs consent again).
 */
export async function disconnect(
  state: SrState,
  assay: AssayClient,
  companyId: string,
): Promise<{ status: number | null; body: unknown; error: string | null }> {
  const company = state.companies.get(companyId);
  if (!company) return { status: null, body: null, error: `Unknown company ${companyId}.` };
  const response = company.swapped
    ? await assay.disable(company)
    : { status: 0, body: null, error: 'not connected' };
  company.consented = false;
  company.swapped = false;
  company.b = null;
  company.c = null;
  company.disabledAt = new Date().toISOString();
  state.revokeCompanyTokens(companyId);
  return { status: response.status || null, body: response.body, error: response.error };
}

/**
 * Move a candidate to a hiring step; a step with an auto-triggered assessment orders it at once
 * (no requester). Returns the order run when one happened.
 */
export async function moveCandidate(
  state: SrState,
  assay: AssayClient,
  candidateId: string,
  step: string,
): Promise<{ error: string | null; run: OrderRun | null }> {
  const candidate = state.candidates.get(candidateId);
  if (!candidate) return { error: `Unknown candidate ${candidateId}.`, run: null };
  const job = candidate.jobIds[0] ? state.jobs.get(candidate.jobIds[0]) : undefined;
  const target = job?.steps.find((s) => s.name === step);
  if (!job || !target) return { error: `The job has no step "${step}".`, run: null };
  candidate.step = step;
  if (!target.assessment?.autoTrigger) return { error: null, run: null };
  const run = await assay.runOrder({
    candidateId,
    packageId: target.assessment.packageId,
    manual: false,
    jobId: job.id,
  });
  return { error: null, run };
}
