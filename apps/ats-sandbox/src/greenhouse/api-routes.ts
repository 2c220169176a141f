import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeAuth, parseBasic, redactHeaders } from './basic-auth.js';
import type { GhService } from './service.js';
import type { CredentialKind, GhOrg, PatchRecord } from './types.js';

export const CANARY_PATH = '/__sandbox/greenhouse/canary';
export const TAKE_HOME_PATH = '/integrations/testing_partners/take_home_tests';

/** Which credential an Authorization header carries, judged against the given orgs. */
export function classifyCredential(header: string | undefined, orgs: GhOrg[]): CredentialKind {
  const parsed = parseBasic(header);
  if (parsed.kind === 'missing') return 'missing';
  if (parsed.kind === 'malformed') return 'malformed';
  if (orgs.some((o) => o.outbound.username === parsed.username && o.outbound.password === parsed.password)) {
    return 'outbound';
  }
  if (orgs.some((o) => o.assayKey !== null && o.assayKey === parsed.username)) return 'inbound-key';
  return 'unknown';
}

/**
 * The Greenhouse API the sandbox serves to Assay: the completion PATCH on take-home URLs (with
 * fault knobs), plus the candidate profile and résumé links it hands out and the redirect canary.
 */
export function registerApiRoutes(app: FastifyInstance, service: GhService): void {
  const store = service.store;

  app.patch<{ Params: { id: string } }>(`${TAKE_HOME_PATH}/:id`, async (request, reply) => {
    const faults = store.faults.patch;
    const socket = request.raw.socket;
    const takeHome = /^\d+$/.test(request.params.id)
      ? store.takeHomes.get(Number(request.params.id))
      : undefined;
    const org = takeHome ? store.org(takeHome.orgId) : undefined;
    const header = request.headers.authorization;
    const credential = classifyCredential(header, org ? [org] : [...store.orgs.values()]);
    const hadBody = request.body !== undefined && request.body !== null && request.body !== '';
    const hadQuery = request.url.includes('?');

    const log = (answered: PatchRecord['answered'], fault: string | null): PatchRecord => {
      store.record({
        direction: 'in',
        name: 'patch',
        orgId: org?.id ?? null,
        method: request.method,
        url: request.url,
        headers: redactHeaders(request.headers),
        auth: describeAuth(header, credential),
        body: request.body ?? null,
        response: typeof answered === 'number' ? { status: answered, body: null } : null,
        error: typeof answered === 'number' ? null : answered,
      });
      const entry: PatchRecord = {
        at: new Date().toISOString(),
        credential,
        answered,
        fault,
        hadBody,
        hadQuery,
        check: null,
      };
      takeHome?.patches.push(entry);
      return entry;
    };

    if (faults.delayMs > 0) {
      await sleep(faults.delayMs);
      // The caller gave up while we waited: nothing to answer (and no completion to act on).
      if (socket.destroyed || socket.readableEnded) {
        log('client-gone', 'delay');
        reply.hijack();
        socket.destroy();
        return;
      }
    }
    if (faults.reset) {
      log('reset', 'reset');
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (faults.hang) {
      log('hang', 'hang');
      reply.hijack();
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => socket.once('close', resolve));
      return;
    }
    if (faults.redirectTo !== null) {
      const location =
        faults.redirectTo === 'canary' ? `${service.context.publicUrl()}${CANARY_PATH}` : faults.redirectTo;
      log(faults.redirectStatus, 'redirect');
      return reply.code(faults.redirectStatus).header('location', location).send();
    }
    let forced: number | null = null;
    let fault: string | null = null;
    const next = faults.statusSequence.shift();
    if (next !== undefined && (next < 200 || next > 299)) {
      forced = next;
      fault = 'statusSequence';
    } else if (next === undefined && faults.status !== null) {
      forced = faults.status;
      fault = 'status';
    }
    if (forced !== null) {
      log(forced, fault);
      if ((forced === 429 || forced === 503) && faults.retryAfter !== null)
        reply.header('retry-after', faults.retryAfter);
      return reply.code(forced).send();
    }

    // Like Greenhouse: the completion credential is accepted; the Assay key itself is refused (403).
    if (credential === 'inbound-key') {
      log(403, null);
      return reply.code(403).send();
    }
    if (credential !== 'outbound') {
      log(401, null);
      return reply.code(401).header('www-authenticate', 'Basic realm="Greenhouse"').send();
    }
    if (!takeHome) {
      log(404, null);
      return reply.code(404).send();
    }
    const entry = log(200, null);
    // Answer first, then call test_status (tracked, so `POST /__sandbox/greenhouse/settle` can wait).
    service.track(async () => {
      await responseDone(reply);
      entry.check = await service.checkStatus(takeHome, 'patch');
    });
    return reply.code(200).send();
  });

  app.get<{ Params: { cid: string } }>('/people/:cid', (request, reply) => {
    recordSimple(service, request, 'people', 302);
    return reply.redirect(`/gh/candidates/${encodeURIComponent(request.params.cid)}`);
  });

  // Assay must never fetch the résumé (contract §3); a hit shows up in the request log.
  app.get('/resumes/:file', (request, reply) => {
    recordSimple(service, request, 'resume', 200);
    return reply.type('text/plain').send('Sandbox résumé (not a real file).');
  });

  app.all(CANARY_PATH, (request, reply) => {
    const entry = recordSimple(service, request, 'canary', 200);
    store.canaryHits.push(entry);
    return reply.send({ canary: true });
  });
}

function recordSimple(service: GhService, request: FastifyRequest, name: string, status: number) {
  return service.store.record({
    direction: 'in',
    name,
    orgId: null,
    method: request.method,
    url: request.url,
    headers: redactHeaders(request.headers),
    auth: describeAuth(request.headers.authorization, 'n/a'),
    body: request.body ?? null,
    response: { status, body: null },
    error: null,
  });
}

function responseDone(reply: FastifyReply): Promise<void> {
  return new Promise((resolve) => {
    if (reply.raw.writableFinished || reply.raw.destroyed || reply.raw.socket?.destroyed !== false) {
      resolve();
      return;
    }
    reply.raw.once('finish', () => resolve());
    reply.raw.once('close', () => resolve());
    reply.raw.socket?.once('close', () => resolve());
  });
}
