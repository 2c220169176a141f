import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION, type Health } from '../protocol/common.schema.js';
import { RunnerRequestError, type ExecutionBackend } from '../protocol/execution-backend.js';
import type { JudgeTestResult } from '../protocol/judge.schema.js';
import {
  MAX_LINE_BYTES,
  RunnerResponseSchema,
  type RunnerRequest,
  type RunnerResponse,
} from '../protocol/messages.schema.js';
import { readNdjson, toNdjsonLine } from '../protocol/ndjson.js';

export interface LocalRunnerOptions {
  /** The runner command; default: this package's `assay-runner` (built, or the TypeScript source through tsx). */
  command?: readonly string[];
  /** Extra arguments, e.g. `['--state-dir', dir]`. */
  args?: readonly string[];
  /** Receives the runner's stderr log lines; default: written to this process's stderr. */
  onLog?: (line: string) => void;
}

type Pending = {
  resolve: (response: RunnerResponse) => void;
  reject: (error: Error) => void;
  onTest?: (test: JudgeTestResult) => void;
};

const STDERR_TAIL_CHARS = 4000;

/** The default command: the built `dist/bin/assay-runner.js`, or the source through tsx in a checkout. */
export function defaultRunnerCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return [
      process.execPath,
      '--conditions=source',
      '--import',
      'tsx',
      resolve(dirname(here), '../bin/assay-runner.ts'),
    ];
  }
  return [process.execPath, resolve(dirname(here), '../bin/assay-runner.js')];
}

/**
 * An `ExecutionBackend` backed by a local `assay-runner` child process, spoken to over its stdin and
 * stdout (sandbox.md §12). The child gets an empty environment; it is started on first use (and again
 * after it died), and exits, killing its sandboxes, when {@link ExecutionBackend.close} closes the pipe
 * or this process dies. A runner whose self-test fails exits at once: calls then reject with
 * `runner_unavailable` naming the failed checks.
 */
export function createLocalRunnerClient(options: LocalRunnerOptions = {}): ExecutionBackend {
  const command = [...(options.command ?? defaultRunnerCommand()), ...(options.args ?? [])];
  const onLog = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  let current: {
    child: ChildProcessWithoutNullStreams;
    ready: Promise<Health>;
    pending: Map<string, Pending>;
  } | null = null;
  let sequence = 0;

  const start = (): NonNullable<typeof current> => {
    const [file, ...args] = command;
    if (file === undefined) throw new Error('empty runner command');
    const child = spawn(file, args, {
      env: {},
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
    });
    const pending = new Map<string, Pending>();
    let stderrTail = '';
    let partial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLog(line);
    });
    // Writes to a runner that already exited fail with EPIPE; the exit handler reports it.
    child.stdin.on('error', () => undefined);
    let markReady: (health: Health) => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<Health>((resolveReady, rejectReady) => {
      markReady = resolveReady;
      markFailed = rejectReady;
    });
    ready.catch(() => undefined);
    const state = { child, ready, pending };
    readNdjson(
      child.stdout,
      {
        onValue: (value) => {
          const parsed = RunnerResponseSchema.safeParse(value);
          if (!parsed.success) {
            onLog(`assay-runner sent an invalid message: ${parsed.error.message.slice(0, 500)}`);
            return;
          }
          const message = parsed.data;
          if (message.type === 'ready') return markReady(message.health);
          if (message.type === 'error' && message.id === null)
            return onLog(`assay-runner: ${message.error.message}`);
          const waiter = message.id === null ? undefined : pending.get(message.id);
          if (waiter === undefined || message.id === null) return;
          if (message.type === 'test') return waiter.onTest?.(message.test);
          pending.delete(message.id);
          if (message.type === 'error')
            waiter.reject(new RunnerRequestError(message.error.code, message.error.message));
          else waiter.resolve(message);
        },
        onInvalid: (reason) => onLog(`assay-runner sent an invalid line: ${reason}`),
        onEnd: () => undefined,
      },
      MAX_LINE_BYTES,
    );
    const died = (reason: string): void => {
      if (current === state) current = null;
      const error = new RunnerRequestError(
        'runner_unavailable',
        `assay-runner ${reason}${stderrTail ? `: ${stderrTail.trim()}` : ''}`,
      );
      markFailed(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    };
    child.on('error', (error) => died(`could not start (${error.message})`));
    child.on('exit', (code, signal) =>
      died(signal ? `was killed by ${signal}` : `exited with code ${String(code)}`),
    );
    return state;
  };

  const call = async (
    message: { type: RunnerRequest['type'] } & Record<string, unknown>,
    signal?: AbortSignal,
    onTest?: (test: JudgeTestResult) => void,
  ): Promise<RunnerResponse> => {
    signal?.throwIfAborted();
    current ??= start();
    const state = current;
    await state.ready;
    sequence += 1;
    const id = `r${String(sequence)}`;
    return new Promise<RunnerResponse>((resolvePromise, reject) => {
      const onAbort = (): void => {
        state.child.stdin.write(toNdjsonLine({ v: PROTOCOL_VERSION, id, type: 'cancel' }));
      };
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      state.pending.set(id, {
        resolve: (response) => {
          cleanup();
          resolvePromise(response);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
        ...(onTest ? { onTest } : {}),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      state.child.stdin.write(toNdjsonLine({ v: PROTOCOL_VERSION, id, ...message }));
    });
  };

  const expect = <T extends RunnerResponse['type']>(
    response: RunnerResponse,
    type: T,
  ): Extract<RunnerResponse, { type: T }> => {
    if (response.type !== type)
      throw new RunnerRequestError('internal', `assay-runner answered ${response.type} to a ${type} request`);
    return response as Extract<RunnerResponse, { type: T }>;
  };

  return {
    languages: async () => expect(await call({ type: 'languages' }), 'languages-result').languages,
    health: async () => expect(await call({ type: 'health' }), 'health-result').health,
    judge: async (request, opts = {}) =>
      expect(await call({ type: 'judge', request }, opts.signal, opts.onTest), 'judge-result').result,
    runProject: async (request, opts = {}) =>
      expect(await call({ type: 'project', request }, opts.signal), 'project-result').result,
    close: async () => {
      const state = current;
      if (state === null) return;
      current = null;
      const exited = new Promise<void>((resolveExit) => {
        if (state.child.exitCode !== null || state.child.signalCode !== null) resolveExit();
        else state.child.once('exit', () => resolveExit());
      });
      state.child.stdin.end();
      const timer = setTimeout(() => state.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
