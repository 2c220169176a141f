import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES } from '@assay/contracts';
import { createManualClock } from '../../../src/platform/clock/index.js';
import {
  createRepoStore,
  RepoConflictError,
  registerGitHttp,
  type GitAccess,
  type RepoFile,
  type ServedRepoStore,
} from '../../../src/platform/git/index.js';
import {
  registerContentTypeGuard,
  registerErrorHandling,
  registerRateLimits,
  registerSecurityHeaders,
} from '../../../src/platform/http/index.js';
import { createLogger } from '../../../src/platform/log/index.js';

const AUTHOR = { name: 'Assay', email: 'assay@example.test' };
const MiB = 1024 * 1024;
const USERNAME = 'candidate';
const STARTER: RepoFile[] = [
  { path: 'README.md', data: Buffer.from('# Starter\n') },
  { path: 'src/index.js', data: Buffer.from('export const answer = 41;\n') },
  { path: 'scripts/test.sh', data: Buffer.from('#!/bin/sh\necho ok\n'), executable: true },
];

interface Grant {
  password: string;
  push: boolean;
  pushCutoff: Date | null;
  refusal?: string;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('git smart HTTP bridge (real git over real HTTP)', () => {
  const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const grants = new Map<string, Grant>();
  const authorized: { id: string; username: string; service: string }[] = [];
  const pushes: { id: string; before: string; after: string }[] = [];
  const refusals: { id: string; reason: string }[] = [];
  const responses: { method: string; url: string; status: number }[] = [];
  const logLines: string[] = [];
  const passwords: string[] = [];
  const access: GitAccess = {
    authorize(id, credentials, request) {
      authorized.push({ id, username: credentials.username, service: request.service });
      const grant = grants.get(id);
      if (!grant || credentials.username !== USERNAME || credentials.password !== grant.password) {
        return Promise.resolve(undefined);
      }
      return Promise.resolve({
        push: grant.push,
        pushCutoff: grant.pushCutoff,
        ...(grant.refusal ? { refusal: grant.refusal } : {}),
      });
    },
    onPush(id, push) {
      pushes.push({ id, ...push });
      return Promise.resolve();
    },
    onPushRefused(id, reason) {
      refusals.push({ id, reason });
      return Promise.resolve();
    },
  };

  let work: string;
  let store: ServedRepoStore;
  let app: FastifyInstance;
  let base: string;
  let clientEnv: NodeJS.ProcessEnv;
  let counter = 0;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'assay-git-http-'));
    store = createRepoStore({ root: join(work, 'repos') });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    const logger: FastifyBaseLogger = createLogger({ level: 'info', destination });
    app = Fastify({
      loggerInstance: logger,
      bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    });
    // The platform plugins the real app runs in front of every route.
    registerErrorHandling(app);
    await registerSecurityHeaders(app, { production: false });
    registerContentTypeGuard(app);
    await registerRateLimits(app, { perMinute: 2 });
    app.addHook('onResponse', async (request, reply) => {
      responses.push({ method: request.method, url: request.url, status: reply.statusCode });
    });
    await registerGitHttp(app, { store, access, clock, logger: app.log });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;

    // The client: no user config, no prompts; credentials come from GIT_ASKPASS (never the URL).
    const home = join(work, 'client-home');
    await mkdir(home);
    const askpass = join(work, 'askpass.sh');
    await writeFile(
      askpass,
      '#!/bin/sh\ncase "$1" in\n  Username*) printf "%s\\n" "$TEST_GIT_USER" ;;\n  *) printf "%s\\n" "$TEST_GIT_PASSWORD" ;;\nesac\n',
    );
    await chmod(askpass, 0o755);
    const globalConfig = join(work, 'gitconfig');
    await writeFile(
      globalConfig,
      '[user]\n\tname = Candidate\n\temail = candidate@example.test\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
    );
    clientEnv = {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: globalConfig,
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: askpass,
      LC_ALL: 'C',
    };
  });

  afterAll(async () => {
    await app.close();
    await rm(work, { recursive: true, force: true });
  });

  function git(
    args: string[],
    options: { cwd?: string; password?: string; user?: string } = {},
  ): Promise<GitResult> {
    return new Promise((resolve) => {
      execFile(
        'git',
        args,
        {
          cwd: options.cwd ?? work,
          env: {
            ...clientEnv,
            TEST_GIT_USER: options.user ?? USERNAME,
            TEST_GIT_PASSWORD: options.password ?? '',
          },
          maxBuffer: 64 * MiB,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** A new repository from STARTER, pushable until `cutoff` (default: an hour from the clock). */
  async function newRepo(
    grant: Partial<Grant> = {},
  ): Promise<{ id: string; url: string; initial: string; password: string }> {
    const id = `attempt-${process.pid}-${++counter}`;
    const initial = await store.create(id, STARTER, {
      message: 'Starter files',
      author: AUTHOR,
      at: clock.now(),
    });
    const password = `pw-${randomBytes(16).toString('hex')}`;
    passwords.push(password);
    grants.set(id, {
      password,
      push: true,
      pushCutoff: new Date(clock.now().getTime() + 3_600_000),
      ...grant,
    });
    return { id, url: `${base}/git/${id}.git`, initial, password };
  }

  async function clone(url: string, password: string): Promise<string> {
    const dir = join(work, `clone-${++counter}`);
    const result = await git(['clone', '--quiet', url, dir], { password });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return dir;
  }

  async function commitFile(
    dir: string,
    path: string,
    content: string | Buffer,
    message = `add ${path}`,
  ): Promise<string> {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
    expect((await git(['add', '--', path], { cwd: dir })).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', message], { cwd: dir })).code).toBe(0);
    return (await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
  }

  /** A push the server must refuse with `message`, leaving main and onPush untouched. */
  async function expectRefused(
    repo: { id: string; password: string },
    dir: string,
    pushArgs: string[],
    message: string,
  ): Promise<void> {
    const head = (await store.head(repo.id)).commit;
    const pushesBefore = pushes.length;
    const result = await git(['push', ...pushArgs], { cwd: dir, password: repo.password });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`remote: assay: ${message}`);
    expect((await store.head(repo.id)).commit).toBe(head);
    expect(pushes.length).toBe(pushesBefore);
    expect(refusals.at(-1)).toEqual({ id: repo.id, reason: `assay: ${message}` });
  }

  function basic(password: string, user = USERNAME): string {
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  it('clones, pushes to main (reported once), and shares history with server-side commits', async () => {
    const repo = await newRepo();
    const dir = await clone(repo.url, repo.password);
    expect(await readFile(join(dir, 'src/index.js'), 'utf8')).toBe('export const answer = 41;\n');
    expect(responses.some((r) => r.url.startsWith(`/git/${repo.id}.git/info/refs`) && r.status === 401)).toBe(
      true,
    );

    const pushed = await commitFile(dir, 'src/index.js', 'export const answer = 42;\n', 'fix the answer');
    const result = await git(['push', '--quiet', 'origin', 'main'], { cwd: dir, password: repo.password });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await store.head(repo.id)).commit).toBe(pushed);
    expect(pushes.filter((p) => p.id === repo.id)).toEqual([
      { id: repo.id, before: repo.initial, after: pushed },
    ]);
    expect(authorized.filter((a) => a.id === repo.id).map((a) => a.service)).toContain('receive-pack');

    // The IDE's stale draft loses against the push...
    const stale = store.commit(repo.id, {
      parent: repo.initial,
      changes: [{ path: 'src/index.js', data: Buffer.from('draft\n') }],
      message: 'Draft',
      author: AUTHOR,
      at: clock.now(),
    });
    await expect(stale).rejects.toThrow(RepoConflictError);
    await expect(stale).rejects.toMatchObject({ head: pushed });
    // ...and a draft on the pushed head is pulled by git.
    const draft = await store.commit(repo.id, {
      parent: pushed,
      changes: [{ path: 'NOTES.md', data: Buffer.from('from the IDE\n') }],
      message: 'Draft',
      author: AUTHOR,
      at: clock.now(),
    });
    expect((await git(['pull', '--quiet', '--ff-only'], { cwd: dir, password: repo.password })).code).toBe(0);
    expect((await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim()).toBe(draft);
    expect(await readFile(join(dir, 'NOTES.md'), 'utf8')).toBe('from the IDE\n');
    // Git's POSTs are not limited by the per-IP API limiter (2 a minute here).
    expect(responses.filter((r) => r.status === 429)).toEqual([]);
  });

  it('answers 401 with WWW-Authenticate without credentials, whatever the repository', async () => {
    const repo = await newRepo();
    for (const url of [
      `/git/${repo.id}.git/info/refs?service=git-upload-pack`,
      '/git/no-such-repo.git/info/refs?service=git-upload-pack',
    ]) {
      const response = await fetch(`${base}${url}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Assay", charset="UTF-8"');
    }
    const post = await fetch(`${base}/git/${repo.id}.git/git-receive-pack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-git-receive-pack-request' },
      body: '0000',
    });
    expect(post.status).toBe(401);
  });

  it('answers 404 for a wrong password, another repository’s credentials, or an unknown repository', async () => {
    const a = await newRepo();
    const b = await newRepo();
    const wrong = await git(['clone', '--quiet', a.url, join(work, `wrong-${++counter}`)], {
      password: 'nope',
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/not found/i);
    expect(
      responses.filter((r) => r.url === `/git/${a.id}.git/info/refs?service=git-upload-pack`).at(-1)?.status,
    ).toBe(404);

    // b's credentials are valid, but not for a: authorize got a's id and said no.
    const crossed = await git(['clone', '--quiet', a.url, join(work, `crossed-${++counter}`)], {
      password: b.password,
    });
    expect(crossed.code).not.toBe(0);
    expect(authorized.at(-1)).toMatchObject({ id: a.id });

    const bodies = new Set<string>();
    for (const [id, password] of [
      [a.id, b.password],
      ['no-such-repo', a.password],
      ['bad.name', a.password],
    ] as const) {
      const response = await fetch(`${base}/git/${id}.git/info/refs?service=git-upload-pack`, {
        headers: { authorization: basic(password) },
      });
      expect(response.status).toBe(404);
      bodies.add(await response.text());
    }
    expect(bodies.size).toBe(1); // nothing tells an existing repository from a missing one
    // Granted but erased: the same 404.
    await store.remove(b.id);
    const erased = await fetch(`${base}/git/${b.id}.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: basic(b.password) },
    });
    expect(erased.status).toBe(404);
  });

  it('refuses credentials in the query string (400); user:password@ URLs reach us as Basic and are never logged', async () => {
    const repo = await newRepo();
    const inQuery = await fetch(
      `${base}/git/${repo.id}.git/info/refs?service=git-upload-pack&access_token=${repo.password}`,
      {
        headers: { authorization: basic(repo.password) },
      },
    );
    expect(inQuery.status).toBe(400);
    expect(await inQuery.text()).toMatch(/credentials go in HTTP Basic/);
    const onPost = await fetch(`${base}/git/${repo.id}.git/git-upload-pack?password=${repo.password}`, {
      method: 'POST',
      headers: {
        authorization: basic(repo.password),
        'content-type': 'application/x-git-upload-pack-request',
      },
      body: '0000',
    });
    expect(onPost.status).toBe(400);

    // Git never puts URL userinfo on the wire except as an Authorization: Basic header, which is
    // what we accept; the documented way is still the credential prompt.
    const withUserInfo = repo.url.replace('http://', `http://${USERNAME}:${repo.password}@`);
    const dir = join(work, `userinfo-${++counter}`);
    const result = await git(['clone', '--quiet', withUserInfo, dir]);
    expect(result.code).toBe(0);

    const log = logLines.join('\n');
    expect(log).toContain(`/git/${repo.id}.git/info/refs`); // requests are logged at all
    for (const password of passwords) {
      expect(log).not.toContain(password);
      expect(log).not.toContain(Buffer.from(`${USERNAME}:${password}`).toString('base64'));
    }
  });

  it('refuses pushes to a read-only repository with 403 and the product’s reason', async () => {
    const repo = await newRepo({
      push: false,
      refusal: 'this attempt was submitted; the repository is read-only',
    });
    const dir = await clone(repo.url, repo.password);
    await commitFile(dir, 'late.txt', 'late\n');
    const result = await git(['push', 'origin', 'main'], { cwd: dir, password: repo.password });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('this attempt was submitted; the repository is read-only');
    expect(result.stderr).toContain('403');
    expect((await store.head(repo.id)).commit).toBe(repo.initial);
    expect(refusals.at(-1)).toEqual({
      id: repo.id,
      reason: 'this attempt was submitted; the repository is read-only',
    });
  });

  it('accepts a push before the cutoff and refuses one after it (injected clock)', async () => {
    const cutoff = new Date(clock.now().getTime() + 30_000);
    const repo = await newRepo({ pushCutoff: cutoff });
    const dir = await clone(repo.url, repo.password);
    const first = await commitFile(dir, 'a.txt', 'a\n');
    expect(
      (await git(['push', '--quiet', 'origin', 'main'], { cwd: dir, password: repo.password })).code,
    ).toBe(0);
    expect((await store.head(repo.id)).commit).toBe(first);

    clock.advance(31_000);
    try {
      await commitFile(dir, 'b.txt', 'b\n');
      await expectRefused(
        repo,
        dir,
        ['origin', 'main'],
        'the time for this attempt is over; pushes are no longer accepted',
      );
    } finally {
      clock.advance(-31_000);
    }
  });

  it('keeps the hook and receive rules even when a repository’s own config loses them', async () => {
    const repo = await newRepo({ pushCutoff: new Date(clock.now().getTime() - 1) });
    const dir = await clone(repo.url, repo.password);
    const config = join(store.pathOf(repo.id), 'config');
    const text = await readFile(config, 'utf8');
    await writeFile(
      config,
      text
        .replace(/\n\thooksPath = .*\n/, '\n')
        .replace(/denyNonFastForwards = "true"/, 'denyNonFastForwards = "false"'),
    );
    expect(await readFile(config, 'utf8')).not.toContain('hooksPath');
    await commitFile(dir, 'late.txt', 'late\n');
    await expectRefused(
      repo,
      dir,
      ['origin', 'main'],
      'the time for this attempt is over; pushes are no longer accepted',
    );
  });

  it('accepts pushes without a time limit when the grant has no cutoff', async () => {
    const repo = await newRepo({ pushCutoff: null });
    const dir = await clone(repo.url, repo.password);
    const head = await commitFile(dir, 'a.txt', 'a\n');
    expect(
      (await git(['push', '--quiet', 'origin', 'main'], { cwd: dir, password: repo.password })).code,
    ).toBe(0);
    expect((await store.head(repo.id)).commit).toBe(head);
  });

  it('refuses, with a clear line, pushes that break the repository rules', async () => {
    const repo = await newRepo();
    const fresh = () => clone(repo.url, repo.password);

    let dir = await fresh();
    await symlink('README.md', join(dir, 'link'));
    expect((await git(['add', 'link'], { cwd: dir })).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', 'symlink'], { cwd: dir })).code).toBe(0);
    await expectRefused(
      repo,
      dir,
      ['origin', 'main'],
      'link is a symbolic link; only regular files are accepted',
    );

    dir = await fresh();
    await commitFile(dir, 'src/big.bin', randomBytes(2 * MiB));
    await expectRefused(repo, dir, ['origin', 'main'], 'src/big.bin is 2 MiB; files may be at most 1 MiB');

    dir = await fresh();
    await mkdir(join(dir, 'many'));
    for (let i = 0; i < 498; i++) await writeFile(join(dir, 'many', `${i}.txt`), `${i}\n`);
    expect((await git(['add', 'many'], { cwd: dir })).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', 'many'], { cwd: dir })).code).toBe(0);
    await expectRefused(repo, dir, ['origin', 'main'], 'the push has 501 files; at most 500 are accepted');

    dir = await fresh();
    await mkdir(join(dir, 'heavy'));
    for (let i = 0; i < 21; i++) await writeFile(join(dir, 'heavy', `${i}.bin`), Buffer.alloc(MiB, i));
    expect((await git(['add', 'heavy'], { cwd: dir })).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', 'heavy'], { cwd: dir })).code).toBe(0);
    await expectRefused(repo, dir, ['origin', 'main'], 'the files total 21.1 MiB; at most 20 MiB in all');

    dir = await fresh();
    await commitFile(dir, 'feature.txt', 'f\n');
    await expectRefused(
      repo,
      dir,
      ['origin', 'HEAD:refs/heads/feature'],
      'only the main branch can be pushed (refs/heads/feature was refused); push with: git push origin main',
    );
    expect((await git(['tag', 'v1'], { cwd: dir })).code).toBe(0);
    await expectRefused(
      repo,
      dir,
      ['origin', 'refs/tags/v1'],
      'only the main branch can be pushed (refs/tags/v1 was refused); push with: git push origin main',
    );

    dir = await fresh();
    expect((await git(['checkout', '--quiet', '--orphan', 'rewrite'], { cwd: dir })).code).toBe(0);
    await commitFile(dir, 'README.md', 'rewritten history\n', 'rewrite');
    await expectRefused(
      repo,
      dir,
      ['--force', 'origin', 'rewrite:main'],
      'main cannot be rewritten (a non-fast-forward push); pull, then push your commits on top',
    );

    await expectRefused(repo, dir, ['origin', ':main'], 'main cannot be deleted');
    expect((await store.head(repo.id)).commit).toBe(repo.initial);
    expect(pushes.filter((p) => p.id === repo.id)).toEqual([]);
  });

  it('serves gzip-compressed upload-pack requests (git gzips large negotiations)', async () => {
    const repo = await newRepo();
    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const request = `${pkt(`want ${repo.initial} ofs-delta\n`)}0000${pkt('done\n')}`;
    const response = await fetch(`${base}/git/${repo.id}.git/git-upload-pack`, {
      method: 'POST',
      headers: {
        authorization: basic(repo.password),
        'content-type': 'application/x-git-upload-pack-request',
        'content-encoding': 'gzip',
      },
      body: gzipSync(Buffer.from(request)),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-git-upload-pack-result');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.includes(Buffer.from('PACK'))).toBe(true);
  });

  it('refuses bodies over the limit with 413 before running git', async () => {
    const repo = await newRepo();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/git/${repo.id}.git/git-receive-pack`, {
        method: 'POST',
        headers: {
          authorization: basic(repo.password),
          'content-type': 'application/x-git-receive-pack-request',
          'content-length': String(26 * MiB),
        },
      });
      req.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect((await store.head(repo.id)).commit).toBe(repo.initial);
  });

  it('refuses the dumb protocol and unknown services', async () => {
    const repo = await newRepo();
    for (const query of ['', '?service=git-upload-archive']) {
      const response = await fetch(`${base}/git/${repo.id}.git/info/refs${query}`, {
        headers: { authorization: basic(repo.password) },
      });
      expect(response.status).toBe(400);
    }
    const objects = await fetch(`${base}/git/${repo.id}.git/HEAD`, {
      headers: { authorization: basic(repo.password) },
    });
    expect(objects.status).toBe(404);
  });
});
