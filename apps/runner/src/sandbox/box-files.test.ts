import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoxFile, removeBoxTree } from './box-files.js';

describe('readBoxFile and removeBoxTree', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-box-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-outside-'));
    fs.writeFileSync(path.join(outside, 'secret'), 'canary');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('reads regular files up to the cap', async () => {
    fs.writeFileSync(path.join(dir, 'a'), 'hello');
    expect(await readBoxFile(path.join(dir, 'a'))).toEqual({ data: Buffer.from('hello'), truncated: false });
    fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(5000, 1));
    const big = await readBoxFile(path.join(dir, 'big'), 100);
    expect(big?.data.length).toBe(100);
    expect(big?.truncated).toBe(true);
    expect(await readBoxFile(path.join(dir, 'missing'))).toBeNull();
  });

  it('refuses symlinks (also in the directory part), hardlinks, FIFOs and directories without blocking', async () => {
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'link'));
    fs.symlinkSync(outside, path.join(dir, 'dirlink'));
    fs.writeFileSync(path.join(dir, 'reg'), 'x');
    fs.linkSync(path.join(dir, 'reg'), path.join(dir, 'hard'));
    expect(spawnSync('/usr/bin/mkfifo', [path.join(dir, 'fifo')]).status).toBe(0);
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(await readBoxFile(path.join(dir, 'link'))).toBeNull();
    expect(await readBoxFile(path.join(dir, 'dirlink', 'secret'))).toBeNull();
    expect(await readBoxFile(path.join(dir, 'hard'))).toBeNull();
    expect(await readBoxFile(path.join(dir, 'fifo'))).toBeNull();
    expect(await readBoxFile(path.join(dir, 'sub'))).toBeNull();
    await expect(readBoxFile('relative/path')).rejects.toThrow(/absolute/);
  });

  it('removes trees without following links', async () => {
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, 'a', 'b', 'out'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'a', 's'));
    await removeBoxTree(dir);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('canary');
  });
});
