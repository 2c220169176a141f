import type { Config } from '../../config/index.js';
import type { AtsCore, AtsDeliveryOutcome, AtsOrderView, AtsProvider } from '../../modules/ats/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { HttpClient } from '../../platform/http-client/index.js';
import type { Logger } from '../../platform/log/index.js';
import { createSmartRecruitersLinkResolver as createLinkResolver } from './sr.ats-link.js';
import {
  createSrClient,
  outcomeOf,
  NOTES_OFF_REASON,
  type SrClient,
  type SrCredential,
} from './sr.client.js';
import {
  buildNoteBody,
  buildResultPatch,
  noteText,
  orderIdFromCallback,
  plan,
  summarizePatch,
  PDF_ATTACHMENT_NAME,
} from './sr.mapper.js';
import { smartRecruitersRoutes } from './sr.routes.js';
import type { SrNoteBody, SrResultPatch } from './sr.wire.js';

export { registerSmartRecruitersCommand } from './sr.register.command.js';
export { parseSrLink } from './sr.ats-link.js';
export { PARTNER_PREFIX as SMARTRECRUITERS_PARTNER_PREFIX } from './sr.routes.js';
export type { SrClient } from './sr.client.js';

/**
 * SmartRecruiters (Assessment API 2021; contracts/smartrecruiters.md). The provider plugs into
 * the ATS core: partner routes, delivery plans (full-state results PATCH, PDF attachment,
 * Notes), one attempt's send and the Deliveries page summary.
 */

export interface SmartRecruitersDeps {
  config: Pick<Config, 'production' | 'ats'>;
  clock: Clock;
  log?: Logger;
  /** Share one client between the provider and the link resolver (token cache, limits). */
  client?: SrClient;
  /** Tests: an injected HTTP client (default the SSRF-guarded one from the config). */
  http?: HttpClient;
}

/** The SR client for this configuration (SSRF-guarded, 10-s budget). */
export function createSmartRecruitersClient(deps: SmartRecruitersDeps): SrClient {
  if (deps.client) return deps.client;
  const sr = deps.config.ats.smartrecruiters;
  return createSrClient({
    config: {
      production: deps.config.production,
      apiUrl: sr.apiUrl,
      tokenUrl: sr.tokenUrl,
      allowInsecureCallbacks: deps.config.ats.allowInsecureCallbacks,
      callbackHosts: sr.callbackHosts,
    },
    clock: deps.clock,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.http ? { http: deps.http } : {}),
  });
}

interface ResultPayload {
  url: string;
  patch: SrResultPatch;
}
interface AttachmentPayload {
  url: string;
  orderId: string;
  patch: SrResultPatch;
  pdfUrl: string | null;
}
interface NotePayload {
  note: SrNoteBody;
}

function orderOf(target: { kind: string; order?: AtsOrderView }): AtsOrderView {
  if (target.kind !== 'order' || !target.order)
    throw new Error('This delivery needs a SmartRecruiters order.');
  return target.order;
}

function credentialOf(credentials: Record<string, string> | null): SrCredential | null {
  const clientId = credentials?.clientId;
  const clientSecret = credentials?.clientSecret;
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

function withPdf(patch: SrResultPatch, pdfUrl: string): SrResultPatch {
  const attachments = (patch.attachments ?? []).filter((a) => a.type !== 'PDF_URL');
  return {
    ...patch,
    attachments: [...attachments, { type: 'PDF_URL', url: pdfUrl, name: PDF_ATTACHMENT_NAME }],
  };
}

/** The SmartRecruiters `AtsProvider` (main registers it with the ATS core). */
export function createSmartRecruitersProvider(deps: SmartRecruitersDeps): AtsProvider & { client: SrClient } {
  const client = createSmartRecruitersClient(deps);
  return {
    id: 'smartrecruiters',
    label: 'SmartRecruiters',
    keyPolicy: 'replace',
    keyPrefix: 'assay_sr_',
    supersedingKinds: ['result'],
    client,
    routes: (core: AtsCore) => smartRecruitersRoutes({ core, client }),
    plan,

    build({ delivery, target, result }): string {
      switch (delivery.kind) {
        case 'result': {
          const order = orderOf(target);
          const pdfUrl =
            delivery.cause === 'invitations.rescored' || typeof order.providerData.pdfUrl !== 'string'
              ? null
              : order.providerData.pdfUrl;
          const payload: ResultPayload = {
            url: order.orderKey,
            patch: buildResultPatch(order, result, { pdfUrl }),
          };
          return JSON.stringify(payload);
        }
        case 'attachment': {
          const order = orderOf(target);
          const orderId =
            (typeof order.providerData.orderId === 'string' ? order.providerData.orderId : null) ??
            orderIdFromCallback(order.orderKey);
          if (!orderId)
            throw new Error('The order id is not in resultCallbackURL, so the PDF cannot be uploaded.');
          const patch = buildResultPatch(order, result);
          if (patch.status !== 'COMPLETED')
            throw new Error('The report PDF is sent only for a graded invitation.');
          const payload: AttachmentPayload = { url: order.orderKey, orderId, patch, pdfUrl: null };
          return JSON.stringify(payload);
        }
        case 'note': {
          const order = target.kind === 'order' ? target.order : null;
          const srCandidateId =
            target.kind === 'order' ? target.order.candidateExternalId : target.candidateExternalId;
          if (!srCandidateId) throw new Error('The SmartRecruiters candidate id is unknown.');
          const testName =
            result?.testName ??
            (typeof order?.providerData.testName === 'string'
              ? order.providerData.testName
              : (order?.testId ?? ''));
          const content = noteText(delivery.cause, srCandidateId, testName, result, order);
          if (!content) throw new Error(`No SmartRecruiters Note for ${delivery.cause}.`);
          const correlationId = result?.invitationId ?? order?.invitationId ?? delivery.messageId;
          const payload: NotePayload = { note: buildNoteBody(content, correlationId) };
          return JSON.stringify(payload);
        }
        default:
          throw new Error(`Unknown SmartRecruiters delivery kind ${delivery.kind}.`);
      }
    },

    async send(context): Promise<AtsDeliveryOutcome> {
      const credential = credentialOf(context.connection.credentials);
      if (!credential) {
        return {
          kind: 'permanent',
          error: 'SmartRecruiters is not connected (no credentials). Reconnect it.',
        };
      }
      switch (context.delivery.kind) {
        case 'result': {
          const payload = JSON.parse(context.payload) as ResultPayload;
          return outcomeOf(await client.patchResult(credential, payload.url, payload.patch));
        }
        case 'attachment': {
          const payload = JSON.parse(context.payload) as AttachmentPayload;
          let pdfUrl = payload.pdfUrl;
          if (!pdfUrl) {
            const pdf = await context.reportPdf();
            const upload = await client.uploadAttachment(credential, payload.orderId, pdf);
            if (!upload.ok) return outcomeOf(upload.result);
            pdfUrl = upload.url;
          }
          const updated: AttachmentPayload = { ...payload, pdfUrl };
          const outcome = outcomeOf(
            await client.patchResult(credential, payload.url, withPdf(payload.patch, pdfUrl)),
          );
          return { ...outcome, payload: JSON.stringify(updated), orderData: { pdfUrl } };
        }
        case 'note': {
          if (context.connection.providerData.notesDisabled === true) {
            return { kind: 'skipped', reason: NOTES_OFF_REASON };
          }
          const payload = JSON.parse(context.payload) as NotePayload;
          return outcomeOf(await client.postNote(credential, payload.note), { notes: true });
        }
        default:
          return {
            kind: 'permanent',
            error: `Unknown SmartRecruiters delivery kind ${context.delivery.kind}.`,
          };
      }
    },

    summarize(kind: string, payload: string | null): string {
      if (!payload) return kind === 'note' ? 'Note' : kind === 'attachment' ? 'PDF report' : 'Result';
      try {
        if (kind === 'result') return summarizePatch((JSON.parse(payload) as ResultPayload).patch);
        if (kind === 'attachment') {
          const p = JSON.parse(payload) as AttachmentPayload;
          return p.pdfUrl ? 'PDF report uploaded' : 'PDF report';
        }
        if (kind === 'note') {
          const content = (JSON.parse(payload) as NotePayload).note.content;
          const what =
            /^#\[CANDIDATE:[^\]]*\] Assay: ".*?" (sent|completed \d+\/\d+|expired|extended|cancelled|rejected)/.exec(
              content,
            );
          return `Note: ${what?.[1] ?? 'posted'}`;
        }
      } catch {
        // fall through
      }
      return kind;
    },
  };
}

/** The candidates module's ATS link resolver for SmartRecruiters (structurally `AtsLinkResolver`). */
export function createSmartRecruitersLinkResolver(
  deps: SmartRecruitersDeps & { core: Pick<AtsCore, 'connections'> },
) {
  return createLinkResolver({
    core: deps.core,
    client: createSmartRecruitersClient(deps),
    apiUrl: deps.config.ats.smartrecruiters.apiUrl,
  });
}
