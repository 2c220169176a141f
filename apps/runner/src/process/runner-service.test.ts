import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ProjectResult } from '../protocol/project.schema.js';
import { RunnerResponseSchema, type RunnerResponse } from '../protocol/messages.schema.js';
import { serveRunnerProtocol, type RunnerHandlers } from './runner-service.js';

const health = { ok: true, cgroupVersion: 1 as const, checks: [], protocolVersion: 1 };
const projectResult: ProjectResult = {
  variant: 'run',
  build: null,
  buildPassed: true,
  test: { status: 'passed', exitCode: 0, signal: null, cpuMs: 1, wallMs: 1 },
  cases: [{ id: 'a', status: 'passed', ms: 1 }],
  casesTruncated: false,
  log: '',
};
const project = { variant: 'run', submission: { kind: 'files', files: [] }, test: 'true' };

function harness(overrides: Partial<RunnerHandlers> = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  const responses: RunnerResponse[] = [];
  let buffered = '';
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) responses.push(RunnerResponseSchema.parse(JSON.parse(line)));
  });
  const handlers: RunnerHandlers = {
    health: () => health,
    languages: () => Promise.resolve([]),
    judge: () => Promise.reject(new Error('unused')),
    runProject: () => Promise.resolve(projectResult),
    ...overrides,
  };
  const logs: string[] = [];
  const done = serveRunnerProtocol(input, output, handlers, (m) => logs.push(m));
  const send = (value: unknown) =>
    input.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  const waitFor = async (count: number) => {
    for (let i = 0; i < 200 && responses.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return responses;
  };
  return { input, send, waitFor, done, logs };
}

describe('serveRunnerProtocol', () => {
  it('answers health and project requests by id', async () => {
    const h = harness();
    h.send({ v: 1, id: 'a', type: 'health' });
    h.send({ v: 1, id: 'b', type: 'project', request: project });
    const responses = await h.waitFor(2);
    expect(responses).toContainEqual({ v: 1, id: 'a', type: 'health-result', health });
    expect(responses).toContainEqual({ v: 1, id: 'b', type: 'project-result', result: projectResult });
    h.input.end();
    await h.done;
  });

  it('answers malformed lines and invalid requests with errors and keeps serving', async () => {
    const h = harness();
    h.send('{not json');
    h.send({
      v: 1,
      id: 'x',
      type: 'project',
      request: { ...project, variant: 'run', hidden: { kind: 'path', path: '/t' } },
    });
    h.send({ v: 2, id: 'y', type: 'health' });
    h.send({ v: 1, id: 'z', type: 'health' });
    const responses = await h.waitFor(4);
    expect(responses[0]).toMatchObject({
      id: null,
      type: 'error',
      error: { code: 'bad_request', message: 'line is not JSON' },
    });
    expect(responses[1]).toMatchObject({
      id: 'x',
      type: 'error',
      error: { code: 'bad_request', message: /hidden/ },
    });
    expect(responses[2]).toMatchObject({ id: 'y', type: 'error' });
    expect(responses[3]).toMatchObject({ id: 'z', type: 'health-result' });
    h.input.end();
    await h.done;
  });

  it('hides internal error details from the client and logs them', async () => {
    const h = harness({ runProject: () => Promise.reject(new Error('secret stack detail')) });
    h.send({ v: 1, id: 'p', type: 'project', request: project });
    const [response] = await h.waitFor(1);
    expect(response).toEqual({
      v: 1,
      id: 'p',
      type: 'error',
      error: { code: 'internal', message: 'internal runner error' },
    });
    expect(h.logs.join('\n')).toMatch(/secret stack detail/);
    h.input.end();
    await h.done;
  });

  it('streams judge progress before the result', async () => {
    const test = {
      id: 'secret/1',
      sample: false,
      verdict: 'AC' as const,
      cpuMs: 1,
      wallMs: 2,
      peakMemoryBytes: 3,
    };
    const result = {
      verdict: 'AC' as const,
      score: 1,
      maxScore: 1,
      tests: [test],
      groups: [],
      language: { id: 'c', version: '12' },
      timeLimitMs: 1000,
    };
    const h = harness({
      judge: (_request, { onTest }) => {
        onTest(test);
        return Promise.resolve(result);
      },
    });
    h.send({
      v: 1,
      id: 'j',
      type: 'judge',
      request: { submission: { kind: 'files', files: [] }, problem: { kind: 'path', path: '/p' } },
    });
    const responses = await h.waitFor(2);
    expect(responses.map((r) => r.type)).toEqual(['test', 'judge-result']);
    h.input.end();
    await h.done;
  });

  it('cancels a request by id, and aborts everything in flight when the input ends', async () => {
    const aborted: string[] = [];
    const h = harness({
      runProject: (_request, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push('run');
            reject(new Error('aborted'));
          });
        }),
    });
    h.send({ v: 1, id: 'c', type: 'project', request: project });
    h.send({ v: 1, id: 'c', type: 'cancel' });
    const [response] = await h.waitFor(1);
    expect(response).toMatchObject({ id: 'c', type: 'error', error: { code: 'aborted' } });
    h.send({ v: 1, id: 'd', type: 'project', request: project });
    await new Promise((r) => setTimeout(r, 20));
    h.input.end();
    await h.done;
    expect(aborted).toEqual(['run', 'run']);
  });
});
