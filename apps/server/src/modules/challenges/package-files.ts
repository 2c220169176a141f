import { createHash, randomUUID } from 'node:crypto';
import { chmod, constants, copyFile, lstat, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ChallengeImportLimits } from '@assay/contracts';
import { packageProblem } from './challenges.errors.js';

/** Folders and files that are never part of a package (VCS, installed deps, OS litter). */
const IGNORED_NAMES = new Set(['.git', 'node_modules', '__MACOSX', '.DS_Store']);

/** One regular file of a package. */
export interface PackageFile {
  /** Relative, `/`-separated. */
  path: string;
  size: number;
}

/** Kattis test data (`data/…`) is exempt from the per-file limit; it still counts toward the total. */
export function isTestDataPath(path: string): boolean {
  return path.startsWith('data/');
}

/** Refuses absolute paths, `..`/`.` parts, backslashes and control characters (names the entry). */
export function checkPackagePath(path: string): void {
  const bad =
    path === '' ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f]/.test(path) ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '');
  if (bad) throw packageProblem(path, 'absolute paths and ".." are not allowed in a package');
}

/**
 * Lists a package folder's regular files (sorted), refusing symbolic links and special files and
 * enforcing the import limits. Ignores `.git`, `node_modules` and OS litter.
 */
export async function listPackageFiles(root: string): Promise<PackageFile[]> {
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw packageProblem(root, 'no such package folder');
  const limits = ChallengeImportLimits;
  const files: PackageFile[] = [];
  let total = 0;
  async function walk(relative: string): Promise<void> {
    const entries = (await readdir(join(root, relative))).sort();
    for (const name of entries) {
      if (IGNORED_NAMES.has(name)) continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const info = await lstat(join(root, path));
      if (info.isSymbolicLink()) throw packageProblem(path, 'symbolic links are not allowed in a package');
      if (info.isDirectory()) {
        await walk(path);
        continue;
      }
      if (!info.isFile()) throw packageProblem(path, 'only regular files and folders are allowed in a package');
      if (!isTestDataPath(path) && info.size > limits.maxFileBytes)
        throw packageProblem(
          path,
          `file too large (${String(info.size)} bytes; at most ${String(limits.maxFileBytes)})`,
        );
      total += info.size;
      if (total > limits.maxTotalBytes)
        throw packageProblem(
          '(package)',
          `the package is too large (at most ${String(limits.maxTotalBytes)} bytes unpacked)`,
        );
      files.push({ path, size: info.size });
      if (files.length > limits.maxFiles)
        throw packageProblem(path, `too many files (at most ${String(limits.maxFiles)})`);
    }
  }
  await walk('');
  return files;
}

/** sha256 over every file's path and content: identical packages hash the same wherever they come from. */
export async function hashPackage(root: string, files: PackageFile[]): Promise<string> {
  const listing = createHash('sha256');
  for (const file of files) {
    const content = await readFile(join(root, file.path));
    const fileHash = createHash('sha256').update(content).digest('hex');
    listing.update(`${fileHash}  ${file.path}\n`);
  }
  return listing.digest('hex');
}

/**
 * Copies the package's files into `storeRoot/<sha256>/` once (write to a temporary folder, then
 * rename), files read-only afterwards. A folder already there is the same content: kept as is.
 */
export async function storePackage(
  root: string,
  files: PackageFile[],
  storeRoot: string,
  sha256: string,
): Promise<void> {
  const target = join(storeRoot, sha256);
  if (await exists(target)) return;
  await mkdir(storeRoot, { recursive: true });
  const temporary = join(storeRoot, `.tmp-${sha256}-${randomUUID()}`);
  try {
    for (const file of files) {
      const destination = join(temporary, file.path);
      await mkdir(dirname(destination), { recursive: true });
      await copyFile(join(root, file.path), destination, constants.COPYFILE_EXCL);
      await chmod(destination, 0o444);
    }
    await mkdir(temporary, { recursive: true });
    await rename(temporary, target).catch(async (error: unknown) => {
      // Another import stored the same content first.
      if (!(await exists(target))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
