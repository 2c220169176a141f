import Fastify, { type FastifyInstance } from 'fastify';
import { parseBasic } from './basic-auth.js';

/**
 * A tiny stand-in for Assay's `/partner/greenhouse/*` endpoints, for the sandbox's own tests: it
 * records every call verbatim (including the Authorization header: test-only fake keys) and
 * answers like the contract says, unless a test overrides an endpoint.
 */
export interface FakeAssayCall {
  name: string;
  method: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
}

export interface FakeAssay {
  url: string;
  key: string;
  calls: FakeAssayCall[];
  tests: { partner_test_id: string; partner_test_name: string }[];
  /** `test_status` answers by `partner_interview_id` (default `pending`). */
  statuses: Map<string, unknown>;
  /** Per-endpoint override (after the auth check unless `beforeAuth`). */
  overrides: Partial<Record<string, (call: FakeAssayCall) => FakeAnswer>>;
  callsTo(name: string): FakeAssayCall[];
  close(): Promise<void>;
}

export async function startFakeAssay(key = 'assay_gh_test_key_0123456789'): Promise<FakeAssay> {
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const calls: FakeAssayCall[] = [];
  const interviews = new Map<string, { id: string; testId: unknown; email: unknown }>();
  const fake: FakeAssay = {
    url: '',
    key,
    calls,
    tests: [
      { partner_test_id: 'tst_1', partner_test_name: 'Backend take-home (Go)' },
      { partner_test_id: 'tst_2', partner_test_name: 'Frontend take-home (TypeScript)' },
    ],
    statuses: new Map(),
    overrides: {},
    callsTo: (name) => calls.filter((c) => c.name === name),
    close: () => app.close(),
  };

  app.all<{ Params: { name: string } }>('/partner/greenhouse/:name', (request, reply) => {
    const call: FakeAssayCall = {
      name: request.params.name,
      method: request.method,
      query: request.query as Record<string, string>,
      authorization: request.headers.authorization,
      body: request.body ?? null,
    };
    calls.push(call);
    const parsed = parseBasic(call.authorization);
    if (parsed.kind !== 'basic' || parsed.username !== fake.key || parsed.password !== '') {
      return reply.code(401).send({ error: 'unauthorized', message: 'Invalid API key' });
    }
    const override = fake.overrides[call.name];
    if (override) {
      const answer = override(call);
      return reply.code(answer.status).send(answer.body ?? null);
    }
    switch (call.name) {
      case 'list_tests':
        return reply.send(fake.tests);
      case 'send_test': {
        const body = call.body as {
          url?: unknown;
          partner_test_id?: unknown;
          candidate?: { email?: unknown };
        };
        if (typeof body.url !== 'string') {
          return reply.code(400).send({ error: 'invalid_request', message: 'url is required' });
        }
        if (!fake.tests.some((t) => t.partner_test_id === String(body.partner_test_id))) {
          return reply.code(404).send({ error: 'test_not_found', message: 'No such test' });
        }
        let interview = interviews.get(body.url);
        if (!interview) {
          interview = {
            id: `int_${interviews.size + 1}`,
            testId: body.partner_test_id,
            email: body.candidate?.email,
          };
          interviews.set(body.url, interview);
        }
        return reply.send({ partner_interview_id: interview.id });
      }
      case 'test_status': {
        const id = call.query.partner_interview_id;
        if (!id)
          return reply
            .code(400)
            .send({ error: 'invalid_request', message: 'partner_interview_id is required' });
        if (![...interviews.values()].some((i) => i.id === id) && !fake.statuses.has(id)) {
          return reply.code(404).send({ error: 'interview_not_found', message: 'No such interview' });
        }
        return reply.send(
          fake.statuses.get(id) ?? {
            partner_status: 'pending',
            partner_profile_url: null,
            partner_score: null,
            metadata: null,
          },
        );
      }
      case 'response_error':
        return reply.send({ status: 200 });
      default:
        return reply.code(404).send({ error: 'not_found', message: 'Unknown endpoint' });
    }
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return fake;
}

/** A complete `test_status` answer as Assay sends it once graded. */
export function completeStatus(interviewId: string, origin = 'https://assay.example.com') {
  return {
    partner_status: 'complete',
    partner_profile_url: `${origin}/candidates/c1/attempts/${interviewId}/report`,
    partner_score: 82,
    metadata: { Test: 'Backend take-home (Go)', Score: '82/100', 'Time Spent (min)': 73, Passed: true },
  };
}
