import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';

/** A malformed package: names the file and, where it applies, the line. */
export class PackageError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}

/** An entry of a package folder, with symbolic links resolved (inside the package only). */
export interface PackageEntry {
  name: string;
  /** Path as seen in the package (links not resolved). */
  path: string;
  /** Real path on disk (links resolved). */
  realPath: string;
  isDirectory: boolean;
}

/** Reads package folders, following symbolic links only when they stay inside the package. */
export class PackageReader {
  readonly realRoot: string;

  constructor(readonly root: string) {
    try {
      this.realRoot = realpathSync(root);
    } catch {
      throw new PackageError(root, 'no such package folder');
    }
    if (!statSync(this.realRoot).isDirectory()) throw new PackageError(root, 'not a folder');
  }

  /** Path relative to the package root, for messages. */
  rel(path: string): string {
    return relative(this.root, path) || '.';
  }

  /** Resolves a path of the package; throws when a link leads outside it. */
  resolve(path: string): { realPath: string; isDirectory: boolean } | undefined {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      if (lstatSafe(path)?.isSymbolicLink()) throw new PackageError(this.rel(path), 'broken symbolic link');
      return undefined;
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep)) {
      throw new PackageError(this.rel(path), 'symbolic link points outside the package');
    }
    const stat = statSync(real);
    if (!stat.isDirectory() && !stat.isFile())
      throw new PackageError(this.rel(path), 'not a regular file or folder');
    return { realPath: real, isDirectory: stat.isDirectory() };
  }

  /** Entries of a package folder sorted by name; [] when it does not exist. */
  list(dir: string): PackageEntry[] {
    const resolved = this.resolve(dir);
    if (!resolved?.isDirectory) return [];
    return readdirSync(resolved.realPath)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        const entry = this.resolve(path);
        return entry ? [{ name, path, ...entry }] : [];
      });
  }

  exists(path: string): boolean {
    return this.resolve(path) !== undefined;
  }

  readText(path: string): string {
    const resolved = this.resolve(path);
    if (!resolved || resolved.isDirectory) throw new PackageError(this.rel(path), 'missing file');
    return readFileSync(resolved.realPath, 'utf8');
  }

  /**
   * Parses a YAML file and validates it with `schema`. Errors name the file and line.
   * An empty file counts as an empty mapping.
   */
  readYaml<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
    const file = this.rel(path);
    const lineCounter = new LineCounter();
    const doc = parseDocument(this.readText(path), { lineCounter, prettyErrors: false });
    const firstError = doc.errors[0];
    if (firstError) {
      const line = lineCounter.linePos(firstError.pos[0]).line;
      throw new PackageError(file, `invalid YAML: ${firstError.message.split('\n')[0] ?? ''}`, line);
    }
    const value: unknown = doc.toJS() ?? {};
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      let line: number | undefined;
      // The deepest node of the path that exists tells the line.
      for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
        const node: unknown = doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      }
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      throw new PackageError(file, `${where}${issue?.message ?? 'invalid'}`, line);
    }
    return parsed.data;
  }
}

function lstatSafe(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
