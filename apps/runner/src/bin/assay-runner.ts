#!/usr/bin/env node
/**
 * `assay-runner`: the runner process (sandbox.md §1, §10–§12). Speaks the runner protocol as NDJSON:
 * requests on stdin, responses on stdout, logs on stderr. It holds no secrets and passes none of its
 * environment on (every sandbox starts from an empty one). At start it runs the sandbox self-test and
 * exits non-zero naming the failed checks (fail closed); it exits when stdin closes, tearing down every
 * sandbox still running.
 *
 * Options: `--state-dir DIR` (default /var/lib/assay/runner), `--slots-dir DIR`, `--slots N`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createSandboxHost,
  DEFAULT_STATE_DIR,
  SandboxUnavailableError,
  type SandboxHostOptions,
} from '../sandbox/index.js';
import { createJudgeHandler } from '../process/judge-handler.js';
import { serveRunnerProtocol } from '../process/runner-service.js';
import { runProject } from '../project/run-project.js';
import { PROTOCOL_VERSION, type Health } from '../protocol/common.schema.js';
import { toNdjsonLine } from '../protocol/ndjson.js';

const log = (message: string): void => {
  process.stderr.write(`assay-runner: ${message}\n`);
};

// Nobody is left to answer: exit. bwrap's --die-with-parent takes the sandboxes down with us, and the
// next runner to claim these slots cleans them (stale slot locks).
process.stdout.on('error', (error: Error) => {
  log(`stdout closed (${error.message}), exiting`);
  process.exit(1);
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'state-dir': { type: 'string' }, 'slots-dir': { type: 'string' }, slots: { type: 'string' } },
    strict: true,
  });
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  const hostOptions: SandboxHostOptions = { stateDir };
  if (values['slots-dir'] !== undefined) hostOptions.slotsDir = values['slots-dir'];
  if (values.slots !== undefined) hostOptions.slotCount = Number(values.slots);

  let host;
  try {
    host = await createSandboxHost(hostOptions);
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      const failed = error.report.checks.filter((c) => !c.ok);
      log(`self-test failed: ${failed.map((c) => c.name).join(', ')}`);
      for (const check of failed)
        log(`  ${check.name}: ${check.detail ?? 'failed'}${check.fix ? ` (fix: ${check.fix})` : ''}`);
    } else {
      log(`cannot start the sandbox: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }
  const health: Health = { ...host.selfTest, protocolVersion: PROTOCOL_VERSION };
  const context = { host, blobDir: join(stateDir, 'blobs'), envDir: join(stateDir, 'env') };
  const judge = createJudgeHandler(host, context.blobDir);
  process.stdout.write(toNdjsonLine({ v: PROTOCOL_VERSION, type: 'ready', health }));
  log(`ready (cgroup v${String(host.selfTest.cgroupVersion)}, protocol v${String(PROTOCOL_VERSION)})`);
  await serveRunnerProtocol(
    process.stdin,
    process.stdout,
    {
      health: () => health,
      languages: () => judge.languages(),
      judge: (request, options) => judge.judge(request, options),
      runProject: (request, options) => runProject(request, context, options),
    },
    log,
  );
  log('stdin closed, exiting');
  return 0;
}

main().then(
  (code) => {
    // Let stdout drain before exiting.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
