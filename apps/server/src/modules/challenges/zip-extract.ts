import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type TransformCallback } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ChallengeImportLimits } from '@assay/contracts';
import { packageProblem, PackageInvalidError } from './challenges.errors.js';
import { checkPackagePath, isTestDataPath } from './package-files.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false — we check names ourselves, to refuse them with the name in the message.
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false }, (error, zip) => {
      if (error) reject(packageProblem('(zip)', `not a readable zip archive: ${error.message}`));
      else resolve(zip);
    });
  });
}

function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // General purpose bit 11: UTF-8 names; otherwise CP437, which matches UTF-8 for ASCII names.
  return raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

/** Counts bytes through a stream and fails when over `max`. */
function byteLimit(max: number, onBytes: (n: number) => void, fail: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      onBytes(chunk.length);
      if (seen > max) callback(fail());
      else callback(null, chunk);
    },
  });
}

/**
 * Unpacks a zip archive into `targetDir` (which must exist and be empty), refusing symbolic
 * links, absolute or `..` paths and archives over the import limits before writing anything
 * outside them. Throws PackageInvalidError naming the entry.
 */
export async function extractZip(buffer: Buffer, targetDir: string): Promise<void> {
  const zip = await openZip(buffer);
  const limits = ChallengeImportLimits;
  let total = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      zip.on('error', (error: Error) => {
        fail(packageProblem('(zip)', `corrupt zip archive: ${error.message}`));
      });
      zip.on('end', () => {
        resolve();
      });
      zip.on('entry', (entry: Entry) => {
        const name = entryName(entry);
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        const isDirectory = name.endsWith('/') || mode === S_IFDIR;
        const path = name.replace(/\/+$/, '');
        try {
          checkPackagePath(name.endsWith('/') ? path : name);
          if (mode === S_IFLNK) throw packageProblem(path, 'symbolic links are not allowed in a package');
          if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR)
            throw packageProblem(path, 'only regular files and folders are allowed in a package');
          count += 1;
          if (count > limits.maxFiles)
            throw packageProblem(path, `too many files (at most ${String(limits.maxFiles)})`);
          if (!isDirectory) checkSizes(path, entry.uncompressedSize, total);
        } catch (error) {
          fail(error);
          return;
        }
        if (isDirectory) {
          mkdir(join(targetDir, path), { recursive: true }).then(() => {
            zip.readEntry();
          }, fail);
          return;
        }
        const destination = join(targetDir, path);
        const perFile = isTestDataPath(path) ? limits.maxTotalBytes : limits.maxFileBytes;
        zip.openReadStream(entry, (error, stream) => {
          if (error) {
            fail(packageProblem(path, `cannot read from the archive: ${error.message}`));
            return;
          }
          mkdir(dirname(destination), { recursive: true })
            .then(() =>
              pipeline(
                stream,
                byteLimit(
                  perFile,
                  (n) => {
                    total += n;
                  },
                  () => packageProblem(path, `over the size limit of ${String(perFile)} bytes`),
                ),
                createWriteStream(destination, { flags: 'wx', mode: 0o644 }),
              ),
            )
            .then(() => {
              if (total > limits.maxTotalBytes) throw totalTooLarge();
              zip.readEntry();
            })
            .catch((cause: unknown) => {
              fail(
                cause instanceof PackageInvalidError
                  ? cause
                  : packageProblem(path, `cannot unpack: ${(cause as Error).message}`),
              );
            });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }

  function checkSizes(path: string, size: number, before: number): void {
    if (!isTestDataPath(path) && size > limits.maxFileBytes)
      throw packageProblem(path, `file too large (${String(size)} bytes; at most ${String(limits.maxFileBytes)})`);
    if (before + size > limits.maxTotalBytes) throw totalTooLarge();
  }
}

function totalTooLarge() {
  return packageProblem(
    '(package)',
    `the package is too large (at most ${String(ChallengeImportLimits.maxTotalBytes)} bytes unpacked)`,
  );
}
