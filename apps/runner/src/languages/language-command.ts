import type { Language } from './language-schema.js';
import { fileStem } from './source-naming.js';

/** Values substituted into a language's argv templates. */
export interface CommandContext {
  /** File names under /src (relative). */
  files: readonly string[];
  /** Main file name under /src (relative). */
  mainFile: string;
  mainClass?: string;
  /** The run's memory limit in MiB. */
  memoryMiB: number;
}

/**
 * Expands an argv template: `{files}` (a whole argument) becomes one argument per file
 * under /src; `{mainfile}`, `{mainstem}`, `{mainclass}`, `{mem}` and `{mem-N}` are
 * substituted inside arguments.
 */
export function expandArgv(template: readonly string[], ctx: CommandContext): string[] {
  const argv: string[] = [];
  for (const arg of template) {
    if (arg === '{files}') {
      argv.push(...ctx.files.map((f) => `/src/${f}`));
      continue;
    }
    argv.push(
      arg.replace(
        /\{(mainfile|mainstem|mainclass|mem)(?:-(\d+))?\}/g,
        (_m, key: string, minus: string | undefined) => {
          switch (key) {
            case 'mainfile':
              return `/src/${ctx.mainFile}`;
            case 'mainstem':
              return fileStem(ctx.mainFile);
            case 'mainclass':
              return ctx.mainClass ?? fileStem(ctx.mainFile);
            default:
              return String(Math.max(16, ctx.memoryMiB - Number(minus ?? 0)));
          }
        },
      ),
    );
  }
  return argv;
}

/** The run argv for a submission with the given files. */
export function runArgv(language: Language, ctx: CommandContext): string[] {
  const command = ctx.files.length > 1 && language.runMultiFile ? language.runMultiFile : language.run;
  return expandArgv(command.argv, ctx);
}
