import { parse } from 'csv-parse/sync';
import { InvitationLimits } from '@assay/contracts';
import { InvitationErrors } from './invitations.errors.js';

/** One data row of a bulk-invite CSV, with its line number (the header is line 1). */
export interface BulkCsvRow {
  line: number;
  name: string;
  email: string;
  atsUrl: string | undefined;
}

/**
 * Parse `name,email[,ats_url]` (header required, any column order, case-insensitive; blank
 * lines skipped). A malformed row does not stop the others: it comes back with `error`.
 * @throws invitations.invalid_csv when the header lacks name/email or there are too many rows
 */
export function parseBulkCsv(csv: string): (BulkCsvRow | { line: number; email: string; error: string })[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw InvitationErrors.create('invitations.invalid_csv', {
      message: `The CSV could not be read: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  const [header, ...rows] = records;
  const columns = (header?.record ?? []).map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
  const nameAt = columns.indexOf('name');
  const emailAt = columns.indexOf('email');
  const atsAt = columns.indexOf('ats_url');
  if (nameAt < 0 || emailAt < 0) {
    throw InvitationErrors.create('invitations.invalid_csv', {
      message: 'The first line must be a header naming the columns: name,email (and optionally ats_url).',
    });
  }
  if (rows.length > InvitationLimits.maxBulkRows) {
    throw InvitationErrors.create('invitations.invalid_csv', {
      message: `At most ${String(InvitationLimits.maxBulkRows)} rows per file; this one has ${String(rows.length)}.`,
    });
  }
  return rows.map(({ record, info }) => {
    const line = info.lines;
    const cell = (at: number) => (at >= 0 ? (record[at] ?? '') : '');
    const email = cell(emailAt);
    if (record.length > columns.length) {
      return {
        line,
        email,
        error: `Expected ${String(columns.length)} columns, found ${String(record.length)}.`,
      };
    }
    const atsUrl = cell(atsAt);
    return { line, name: cell(nameAt), email, atsUrl: atsUrl === '' ? undefined : atsUrl };
  });
}

// Spreadsheet apps run cells starting with these as formulas (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell, quoted, with formula-looking text neutralized by a leading `'`. */
export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** Rows → CSV text (CRLF line ends, as RFC 4180 says). */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
