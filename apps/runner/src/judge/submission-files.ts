import { SubmissionLimits } from '@assay/contracts';
import type { Language } from '../languages/language-schema.js';
import {
  describeLanguages,
  detectLanguage,
  fileExtension,
  findLanguageByName,
  pickMainFile,
  sourceFiles,
} from '../languages/language-registry.js';
import {
  findJavaMainClass,
  findJavaPublicClass,
  fileStem,
  kotlinMainClass,
} from '../languages/source-naming.js';

/** One file of a submission. */
export interface SubmissionFile {
  name: string;
  content: Buffer;
}

/** A submission ready to be laid out in /src. */
export interface PreparedSubmission {
  language: Language;
  /** Files as they are saved under /src (a lone Java file is renamed after its public class). */
  files: SubmissionFile[];
  mainFile: string;
  mainClass?: string;
}

/** A submission the judge refuses (bad name, too big, unknown language). Not a verdict. */
export class SubmissionError extends Error {}

/** A submission in a language this machine does not offer (unknown, not installed or failing its smoke test). */
export class UnsupportedLanguageError extends SubmissionError {}

/** Checks a submission against the shared size limits (`SubmissionLimits`). */
export function checkSubmissionLimits(files: readonly SubmissionFile[]): void {
  if (files.length === 0) throw new SubmissionError('The submission has no files.');
  if (files.length > SubmissionLimits.maxFiles) {
    throw new SubmissionError(
      `The submission has ${files.length} files; at most ${SubmissionLimits.maxFiles} are allowed.`,
    );
  }
  let total = 0;
  for (const file of files) {
    const segments = file.name.split('/');
    if (segments.some((s) => !/^[A-Za-z0-9_.+-][A-Za-z0-9_.+ -]*$/.test(s) || s === '.' || s === '..')) {
      throw new SubmissionError(`Invalid submission file name "${file.name}".`);
    }
    if (file.content.length > SubmissionLimits.maxFileBytes) {
      throw new SubmissionError(
        `${file.name} is ${file.content.length} bytes; files may be at most ${SubmissionLimits.maxFileBytes} bytes (1 MiB).`,
      );
    }
    total += file.content.length;
  }
  if (total > SubmissionLimits.maxTotalBytes) {
    throw new SubmissionError(
      `The submission is ${total} bytes in total; at most ${SubmissionLimits.maxTotalBytes} bytes (20 MiB) are allowed.`,
    );
  }
}

/**
 * Validates a submission and decides its language, main file and (JVM) main class.
 * `available` are the offered languages; `known` all defined ones (to tell
 * "not installed" apart from "unknown").
 */
export function prepareSubmission(
  files: readonly SubmissionFile[],
  known: readonly Language[],
  available: readonly Language[],
  languageName?: string,
): PreparedSubmission {
  checkSubmissionLimits(files);
  const names = files.map((f) => f.name);
  let language: Language | undefined;
  if (languageName !== undefined) {
    language = findLanguageByName(known, languageName);
    if (!language) {
      throw new UnsupportedLanguageError(
        `Unknown language "${languageName}". Supported languages: ${describeLanguages(available)}.`,
      );
    }
  } else {
    language = detectLanguage(known, names);
    if (!language) {
      const ext = fileExtension(pickMainFile(sourceFiles(known, names)) ?? '');
      throw new UnsupportedLanguageError(
        `Unknown file extension "${ext === '' ? '(none)' : `.${ext}`}". Supported languages: ${describeLanguages(available)}.`,
      );
    }
  }
  const chosen = language;
  if (!available.some((l) => l.id === chosen.id && l.version === chosen.version)) {
    throw new UnsupportedLanguageError(`${chosen.name} is not available (not installed).`);
  }
  let prepared = files.map((f) => ({ ...f }));
  let mainFile = pickMainFile(sourceFiles([chosen], names)) ?? '';
  let mainClass: string | undefined;
  if (chosen.mainClass === 'java') {
    const only = prepared.length === 1 ? prepared[0] : undefined;
    const source = only?.content.toString('utf8') ?? '';
    const publicClass = only ? findJavaPublicClass(source) : undefined;
    if (only && publicClass !== undefined) {
      // A lone Java file may have any name: javac needs it named after its public class.
      only.name = `${publicClass}.java`;
      mainFile = only.name;
    }
    mainClass = publicClass ?? (only ? findJavaMainClass(source) : undefined) ?? fileStem(mainFile);
    prepared = prepared.sort((a, b) => a.name.localeCompare(b.name));
  } else if (chosen.mainClass === 'kotlin') {
    mainClass = kotlinMainClass(mainFile);
  }
  return { language: chosen, files: prepared, mainFile, ...(mainClass === undefined ? {} : { mainClass }) };
}
