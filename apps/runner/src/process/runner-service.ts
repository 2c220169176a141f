import type { Readable, Writable } from 'node:stream';
import { PROTOCOL_VERSION, type Health, type LanguageInfo } from '../protocol/common.schema.js';
import { RunnerRequestError } from '../protocol/execution-backend.js';
import type { JudgeRequest, JudgeResult, JudgeTestResult } from '../protocol/judge.schema.js';
import { MAX_LINE_BYTES, RunnerRequestSchema, type RunnerResponse } from '../protocol/messages.schema.js';
import { readNdjson, toNdjsonLine } from '../protocol/ndjson.js';
import type { ProjectRequest, ProjectResult } from '../protocol/project.schema.js';

/** What the runner process does for each request type. */
export interface RunnerHandlers {
  health(): Health;
  languages(): Promise<LanguageInfo[]>;
  judge(
    request: JudgeRequest,
    options: { signal: AbortSignal; onTest: (test: JudgeTestResult) => void },
  ): Promise<JudgeResult>;
  runProject(request: ProjectRequest, options: { signal: AbortSignal }): Promise<ProjectResult>;
}

/**
 * Serves the runner protocol: NDJSON requests on `input`, responses on `output`, requests handled
 * concurrently. Resolves once `input` has ended and every request in flight has settled; requests
 * still running when the input ends are aborted (their sandboxes are torn down).
 */
export function serveRunnerProtocol(
  input: Readable,
  output: Writable,
  handlers: RunnerHandlers,
  log: (message: string) => void,
): Promise<void> {
  const inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const send = (message: RunnerResponse): void => {
    if (!output.writableEnded) output.write(toNdjsonLine(message));
  };
  const fail = (id: string | null, error: unknown): void => {
    const known = error instanceof RunnerRequestError;
    if (!known)
      log(
        `request ${id ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    send({
      v: PROTOCOL_VERSION,
      id,
      type: 'error',
      error: known
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: 'internal runner error' },
    });
  };

  const handle = async (
    id: string,
    controller: AbortController,
    work: () => Promise<RunnerResponse>,
  ): Promise<void> => {
    try {
      const response = await work();
      if (controller.signal.aborted) throw new RunnerRequestError('aborted', 'the request was cancelled');
      send(response);
    } catch (error) {
      fail(
        id,
        controller.signal.aborted ? new RunnerRequestError('aborted', 'the request was cancelled') : error,
      );
    } finally {
      inFlight.delete(id);
    }
  };

  const onValue = (value: unknown): void => {
    const parsed = RunnerRequestSchema.safeParse(value);
    if (!parsed.success) {
      const id =
        typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string'
          ? value.id
          : null;
      fail(
        id,
        new RunnerRequestError(
          'bad_request',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        ),
      );
      return;
    }
    const message = parsed.data;
    const { id } = message;
    if (message.type === 'cancel') {
      inFlight.get(id)?.controller.abort();
      return;
    }
    if (inFlight.has(id)) {
      fail(id, new RunnerRequestError('bad_request', `request id ${id} is already in use`));
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    const v = PROTOCOL_VERSION;
    const work = async (): Promise<RunnerResponse> => {
      switch (message.type) {
        case 'health':
          return { v, id, type: 'health-result', health: handlers.health() };
        case 'languages':
          return { v, id, type: 'languages-result', languages: await handlers.languages() };
        case 'project':
          return {
            v,
            id,
            type: 'project-result',
            result: await handlers.runProject(message.request, { signal }),
          };
        case 'judge': {
          const onTest = (test: JudgeTestResult): void => send({ v, id, type: 'test', test });
          return {
            v,
            id,
            type: 'judge-result',
            result: await handlers.judge(message.request, { signal, onTest }),
          };
        }
      }
    };
    const entry = { controller, done: Promise.resolve() };
    inFlight.set(id, entry);
    entry.done = handle(id, controller, work);
  };

  return new Promise((resolve) => {
    readNdjson(
      input,
      {
        onValue,
        onInvalid: (reason) => fail(null, new RunnerRequestError('bad_request', reason)),
        onEnd: () => {
          const pending = [...inFlight.values()];
          for (const { controller } of pending) controller.abort();
          void Promise.allSettled(pending.map((p) => p.done)).then(() => resolve());
        },
      },
      MAX_LINE_BYTES,
    );
  });
}
