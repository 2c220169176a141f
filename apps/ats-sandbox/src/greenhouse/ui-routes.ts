import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  candidatePage,
  candidatesPage,
  errorPage,
  homePage,
  settingsPage,
  takeHomeFragment,
} from './html.js';
import type { GhService } from './service.js';
import { DEFAULT_ORG } from './store.js';
import type { GhCandidate, GhOrg, GhTakeHome } from './types.js';

/** Greenhouse limits the Assay key field to fewer than 171 characters (contract §1). */
export const MAX_KEY_LENGTH = 170;

const SETTINGS_ERRORS: Record<string, string> = {
  empty: 'Enter the Assay API key.',
  'too-long': `The Assay API key must be at most ${MAX_KEY_LENGTH} characters.`,
};

function html(reply: FastifyReply, body: string, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

function latestTakeHome(service: GhService, candidate: GhCandidate): GhTakeHome | undefined {
  return service.store.takeHomesOf({ candidateId: candidate.id }).sort((a, b) => b.id - a.id)[0];
}

/** The server-rendered UI (default org): `/gh`, `/gh/settings`, `/gh/candidates[/<id>]`. */
export function registerUiRoutes(app: FastifyInstance, service: GhService): void {
  const store = service.store;
  const defaultOrg = (): GhOrg => store.createOrg(DEFAULT_ORG);
  const findCandidate = (id: string): GhCandidate | undefined =>
    /^\d+$/.test(id) ? store.candidates.get(Number(id)) : undefined;

  app.get('/gh', (_request, reply) => html(reply, homePage()));

  app.get<{ Querystring: { saved?: string; error?: string } }>('/gh/settings', (request, reply) => {
    const { saved, error } = request.query;
    return html(
      reply,
      settingsPage(defaultOrg(), {
        ...(saved ? { ok: 'Key saved.' } : {}),
        ...(error ? { error: SETTINGS_ERRORS[error] ?? 'Something went wrong.' } : {}),
      }),
    );
  });

  app.post<{ Body: { key?: unknown } | undefined }>('/gh/settings/key', async (request, reply) => {
    const raw = request.body?.key;
    const key = typeof raw === 'string' ? raw.trim() : '';
    if (key === '') return reply.redirect('/gh/settings?error=empty', 303);
    if (key.length > MAX_KEY_LENGTH) return reply.redirect('/gh/settings?error=too-long', 303);
    const org = defaultOrg();
    org.assayKey = key;
    // Greenhouse checks the key by listing the partner's tests.
    await service.listTests(org);
    return reply.redirect('/gh/settings?saved=1', 303);
  });

  app.get('/gh/candidates', (_request, reply) =>
    html(reply, candidatesPage(store.candidatesOf(DEFAULT_ORG))),
  );

  app.get<{ Params: { id: string } }>('/gh/candidates/:id', async (request, reply) => {
    const candidate = findCandidate(request.params.id);
    if (!candidate) return html(reply, errorPage(404, 'No such candidate.'), 404);
    const org = store.createOrg(candidate.orgId);
    let listError: string | null = null;
    if (org.assayKey === null) {
      listError = 'No Assay API key yet: open Configure Assay and save the key.';
    } else {
      const outcome = await service.listTests(org);
      if (!outcome.ok) listError = outcome.errors.join('; ');
      else if ((org.lastTestList ?? []).length === 0) listError = 'Assay has no tests to offer.';
    }
    return html(
      reply,
      candidatePage({ candidate, org, takeHome: latestTakeHome(service, candidate), listError }),
    );
  });

  app.get<{ Params: { id: string } }>('/gh/candidates/:id/take-home', (request, reply) => {
    const candidate = findCandidate(request.params.id);
    if (!candidate) return html(reply, 'No such candidate.', 404);
    return html(reply, takeHomeFragment(latestTakeHome(service, candidate)));
  });

  app.post<{ Params: { id: string }; Body: { testId?: unknown } | undefined }>(
    '/gh/candidates/:id/send-test',
    async (request, reply) => {
      const candidate = findCandidate(request.params.id);
      if (!candidate) return html(reply, errorPage(404, 'No such candidate.'), 404);
      const org = store.createOrg(candidate.orgId);
      const testId = typeof request.body?.testId === 'string' ? request.body.testId : '';
      if (testId === '') return html(reply, errorPage(400, 'Choose a test.'), 400);
      await service.sendTest(org, candidate, { testId });
      return reply.redirect(`/gh/candidates/${candidate.id}`, 303);
    },
  );
}
