import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/index.js';
import type { RateLimitPolicy } from '../http/index.js';
import type { GitAccess, ServedRepoStore } from './git.types.js';
import { PUSH_CUTOFF_ENV, REFUSAL_FILE_ENV } from './pre-receive-hook.js';
import { REPO_ID } from './repo-limits.js';

export interface GitHttpOptions {
  store: ServedRepoStore;
  access: GitAccess;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Longest a git request may run before the CGI is killed (default 120 s). */
  timeoutMs?: number;
  /** Largest request body (a push's pack), 413 beyond it (default 25 MiB). */
  bodyLimitBytes?: number;
}

type Service = 'upload-pack' | 'receive-pack';

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_BODY_LIMIT = 25 * 1024 * 1024;
const GIT_BODY_TYPES = ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'];
// Git's own throttling is per attempt in the product; the per-IP API limiter would cut off clones.
const RATE_LIMIT: RateLimitPolicy = 'none';
const REALM = 'Basic realm="Assay", charset="UTF-8"';

class BodyTooLargeError extends Error {}

/** Counts request bytes on their way to the CGI and fails past the limit. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(new BodyTooLargeError(`request body over ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}

function text(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send(`${message}\n`);
}

/** `Authorization: Basic base64(user:password)`, or undefined when absent or malformed. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

interface CgiHead {
  status: number;
  headers: Record<string, string>;
}

/** Split the CGI's header block ("Status: 200 OK\r\nContent-Type: …\r\n\r\n"). */
function parseCgiHead(block: string): CgiHead {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/**
 * The smart-HTTP bridge: `/git/<id>.git/info/refs`, `git-upload-pack` and `git-receive-pack`,
 * served by the system `git http-backend` as a CGI child with a fixed environment.
 *
 * Every request needs HTTP Basic credentials (401 + `WWW-Authenticate` without them, so git asks);
 * credentials that `access.authorize` does not accept for that id answer 404, like an unknown
 * repository. Query parameters other than `service` are refused with 400 (credentials never go in
 * the URL; git itself sends `user:password@` URLs as Basic). Pushes carry the cutoff to the
 * pre-receive hook as wall-clock epoch ms computed from the injected clock; once git is done, the
 * bridge compares main before and after and reports the push (or the hook's refusal) through
 * `access` before the response ends, so a finished `git push` has been recorded.
 */
export async function registerGitHttp(app: FastifyInstance, options: GitHttpOptions): Promise<void> {
  const { store, access, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;

  async function handle(
    request: FastifyRequest<{ Params: { repo: string } }>,
    reply: FastifyReply,
    kind: 'refs' | 'rpc',
    rpcService?: Service,
  ): Promise<FastifyReply> {
    const queryStart = request.url.indexOf('?');
    const query = new URLSearchParams(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
    for (const name of query.keys()) {
      if (kind === 'rpc' || name !== 'service') {
        return text(
          reply,
          400,
          `assay: unexpected query parameter "${name}"; credentials go in HTTP Basic (git asks for them), never in the URL`,
        );
      }
    }
    const repo = request.params.repo;
    const id = repo.endsWith('.git') ? repo.slice(0, -4) : '';
    if (!REPO_ID.test(id)) return text(reply, 404, 'assay: repository not found');

    let service: Service;
    if (kind === 'refs') {
      const requested = query.get('service');
      if (requested !== 'git-upload-pack' && requested !== 'git-receive-pack') {
        return text(
          reply,
          400,
          'assay: only git smart HTTP is supported (service=git-upload-pack or git-receive-pack)',
        );
      }
      service = requested === 'git-upload-pack' ? 'upload-pack' : 'receive-pack';
    } else {
      service = rpcService ?? 'upload-pack';
    }

    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials) {
      return text(reply.header('www-authenticate', REALM), 401, 'assay: authentication required');
    }
    const startedAt = clock.now();
    const grant = await access.authorize(id, credentials, { service, startedAt });
    if (!grant || !(await store.exists(id))) return text(reply, 404, 'assay: repository not found');

    if (service === 'receive-pack' && !grant.push) {
      const reason = grant.refusal ?? 'this repository is read-only; pushes are not accepted';
      await report(() => access.onPushRefused?.(id, reason), 'onPushRefused', id);
      return text(reply, 403, `assay: ${reason}`);
    }

    const contentLength = request.headers['content-length'];
    if (kind === 'rpc' && contentLength !== undefined && Number(contentLength) > bodyLimit) {
      return text(reply, 413, `assay: the request is over ${Math.floor(bodyLimit / (1024 * 1024))} MiB`);
    }

    const env: NodeJS.ProcessEnv = {
      ...store.gitEnv(),
      GIT_PROJECT_ROOT: store.root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      REQUEST_METHOD: request.method,
      PATH_INFO: kind === 'refs' ? `/${id}.git/info/refs` : `/${id}.git/git-${service}`,
      QUERY_STRING: kind === 'refs' ? `service=git-${service}` : '',
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_USER: credentials.username.replace(/[^\x20-\x7e]/g, '').slice(0, 128) || 'candidate',
      REMOTE_ADDR: request.ip,
    };
    if (kind === 'rpc' && contentLength !== undefined) env.CONTENT_LENGTH = contentLength;
    const encoding = request.headers['content-encoding'];
    if (kind === 'rpc' && encoding !== undefined) env.HTTP_CONTENT_ENCODING = encoding;
    const protocol = request.headers['git-protocol'];
    if (typeof protocol === 'string' && /^[A-Za-z0-9=:.,_-]{1,256}$/.test(protocol))
      env.HTTP_GIT_PROTOCOL = protocol;

    const pushing = kind === 'rpc' && service === 'receive-pack';
    let refusalFile: string | undefined;
    let before: string | undefined;
    if (pushing) {
      refusalFile = join(store.root, '.tmp', `refusal-${randomUUID()}`);
      env[REFUSAL_FILE_ENV] = refusalFile;
      env[PUSH_CUTOFF_ENV] =
        grant.pushCutoff === null
          ? 'unlimited'
          : String(Date.now() + (grant.pushCutoff.getTime() - clock.now().getTime()));
      before = await store.head(id).then(
        (h) => h.commit,
        () => undefined,
      );
    }

    return runCgi(request, reply, env, {
      body: kind === 'rpc' ? (request.body as Readable | undefined) : undefined,
      after: pushing
        ? async () => {
            const after = await store.head(id).then(
              (h) => h.commit,
              () => undefined,
            );
            const refusal = refusalFile ? await readFile(refusalFile, 'utf8').catch(() => '') : '';
            if (refusalFile) await rm(refusalFile, { force: true });
            if (after !== undefined && before !== undefined && after !== before) {
              await report(() => access.onPush(id, { before, after }), 'onPush', id);
            } else if (refusal.trim() !== '') {
              await report(() => access.onPushRefused?.(id, refusal.trim()), 'onPushRefused', id);
            }
          }
        : undefined,
      id,
    });
  }

  async function report(fn: () => Promise<void> | undefined, what: string, id: string): Promise<void> {
    try {
      await fn();
    } catch (error) {
      logger.error({ err: error, repository: id }, `git: access.${what} failed`);
    }
  }

  function runCgi(
    request: FastifyRequest,
    reply: FastifyReply,
    env: NodeJS.ProcessEnv,
    run: { body: Readable | undefined; after: (() => Promise<void>) | undefined; id: string },
  ): Promise<FastifyReply> {
    const child = spawn(store.gitBinary, ['http-backend'], {
      env,
      cwd: store.root,
      detached: true, // its own process group: a kill reaches upload-pack/receive-pack too
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let exited = false;
    const kill = () => {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      logger.warn({ repository: run.id }, 'git: request timed out; git http-backend killed');
      kill();
    }, timeoutMs);
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) kill();
    });

    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64) stderr.push(chunk);
    });

    let tooLarge = false;
    child.stdin.on('error', () => undefined);
    if (run.body) {
      const limiter = byteLimit(bodyLimit);
      limiter.on('error', (error) => {
        if (error instanceof BodyTooLargeError) tooLarge = true;
        kill();
      });
      run.body.on('error', () => kill());
      run.body.pipe(limiter).pipe(child.stdin);
    } else {
      child.stdin.end();
    }

    return new Promise<FastifyReply>((resolve) => {
      let buffered = Buffer.alloc(0);
      let body: PassThrough | undefined;
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = headerEnd(buffered);
        if (!end) {
          if (buffered.length > 64 * 1024) kill();
          return;
        }
        child.stdout.off('data', onData);
        child.stdout.pause();
        const head = parseCgiHead(buffered.subarray(0, end.at).toString('latin1'));
        const rest = buffered.subarray(end.at + end.length);
        body = new PassThrough();
        if (rest.length > 0) body.write(rest);
        child.stdout.pipe(body, { end: false });
        resolve(reply.code(head.status).headers(head.headers).send(body));
      };
      child.stdout.on('data', onData);
      child.on('error', (error) => {
        logger.error({ err: error, repository: run.id }, 'git: could not start git http-backend');
      });
      child.on('close', (code, signal) => {
        exited = true;
        clearTimeout(timer);
        if (code !== 0) {
          logger.warn(
            {
              repository: run.id,
              code,
              signal,
              stderr: Buffer.concat(stderr).toString('utf8').slice(0, 2000),
            },
            'git: http-backend failed',
          );
        }
        const finish = async () => {
          if (run.after) await run.after();
          if (body) {
            body.end();
          } else if (!reply.sent) {
            resolve(
              tooLarge
                ? text(reply, 413, `assay: the request is over ${Math.floor(bodyLimit / (1024 * 1024))} MiB`)
                : text(reply, 500, 'assay: git failed; try again'),
            );
          }
        };
        void finish();
      });
      request.raw.on('error', () => kill());
    });
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify plugins are async functions
  await app.register(async (git) => {
    // Request bodies go to git untouched (git may gzip them; http-backend inflates).
    git.addContentTypeParser(GIT_BODY_TYPES, (_request, payload, done) => {
      done(null, payload);
    });
    const config = { rateLimitPolicy: RATE_LIMIT };
    git.get<{ Params: { repo: string } }>(
      '/git/:repo/info/refs',
      { config, exposeHeadRoute: false },
      (request, reply) => handle(request, reply, 'refs'),
    );
    git.post<{ Params: { repo: string } }>('/git/:repo/git-upload-pack', { config }, (request, reply) =>
      handle(request, reply, 'rpc', 'upload-pack'),
    );
    git.post<{ Params: { repo: string } }>('/git/:repo/git-receive-pack', { config }, (request, reply) =>
      handle(request, reply, 'rpc', 'receive-pack'),
    );
  });
}
