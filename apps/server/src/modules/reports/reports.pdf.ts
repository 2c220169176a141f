import PDFDocument from 'pdfkit';
import type { Report } from '@assay/contracts';
import { ReportLimits, pdfFileName, trimMessage } from './reports.policy.js';

/**
 * The report as a PDF, drawn with pdfkit (no browser at runtime). Standard Helvetica only
 * (WinAnsi): characters outside it print as "?". Streams are left uncompressed: a report is
 * small, and the text stays searchable by simple tools (and by the tests).
 */

const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw. */
export function pdfText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || ch === '\t') out += ch === '\t' ? '  ' : ch;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || CP1252_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

const fmt = (value: number | null, digits = 2) =>
  value === null ? '–' : String(Math.round(value * 10 ** digits) / 10 ** digits);
const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '–');

export async function renderReportPdf(
  report: Report,
  options: { generatedAt: Date },
): Promise<{ data: Buffer; fileName: string }> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: {
      Title: pdfText(`Report: ${report.candidate.name} – ${report.test.name}`),
      Author: pdfText(report.organizationName),
      Creator: 'Assay',
      CreationDate: options.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (label: string) => {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#111111').text(pdfText(label), left);
    doc.moveDown(0.3);
  };
  const body = () => doc.font('Helvetica').fontSize(10).fillColor('#222222');
  const ensureSpace = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };

  // Header
  doc.font('Helvetica').fontSize(10).fillColor('#666666').text(pdfText(report.organizationName), left);
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#111111').text(pdfText(report.candidate.name));
  body().text(
    pdfText(`${report.test.name} (${report.test.kind}) · status: ${report.status.replace('_', ' ')}`),
  );
  doc.moveDown(0.8);

  const grading = report.grading;
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#111111');
  doc.text(grading?.score == null ? 'Score: not graded yet' : `Score: ${fmt(grading.score)} / 100`);
  body();
  if (grading && grading.automaticScore !== null && grading.automaticScore !== grading.score) {
    doc.text(`Automatic score: ${fmt(grading.automaticScore)} / 100 (reviewed by a person since)`);
  }
  doc.text(
    report.percentile === null
      ? `Percentile: – (${String(report.gradedCount)} graded on this test version; needs 2)`
      : `Percentile: ${fmt(report.percentile, 1)} among ${String(report.gradedCount)} graded on this test version`,
  );
  doc.text(pdfText(`Language: ${report.language ?? '–'}`));
  doc.text(
    `Time used: ${report.timeUsedMinutes === null ? '–' : `${String(report.timeUsedMinutes)} min`} of ${String(report.timeAllowedMinutes)} min`,
  );
  doc.text(`Started: ${when(report.startedAt)} · Submitted: ${when(report.submittedAt)}`);
  if (report.submittedCommit) doc.text(`Submitted commit: ${report.submittedCommit}`);
  if (grading && grading.number > 1) doc.text(`Grading run #${String(grading.number)} (${grading.status})`);

  // Histogram: ten bars, this candidate's bucket darker.
  if (report.gradedCount > 0) {
    heading('Scores on this test version');
    const top = doc.y;
    const chartHeight = 60;
    const barWidth = width / 10 - 4;
    const max = Math.max(...report.histogram, 1);
    const mine = grading?.score == null ? -1 : Math.min(9, Math.floor(grading.score / 10));
    report.histogram.forEach((count, index) => {
      const h = (count / max) * chartHeight;
      const x = left + index * (barWidth + 4);
      doc.rect(x, top + chartHeight - h, barWidth, h).fill(index === mine ? '#1c7ed6' : '#a5d8ff');
      doc
        .fillColor('#444444')
        .fontSize(7)
        .text(
          `${String(index * 10)}–${String(index === 9 ? 100 : index * 10 + 9)}`,
          x,
          top + chartHeight + 2,
          { width: barWidth, align: 'center' },
        );
      doc.text(String(count), x, top + chartHeight - h - 9, { width: barWidth, align: 'center' });
    });
    doc.x = left;
    doc.y = top + chartHeight + 14;
  }

  // Criteria
  heading('Criteria');
  if (report.criteria.length === 0) body().text('No criteria yet: the attempt has not been graded.');
  const cols = {
    name: left,
    max: left + width * 0.52,
    auto: left + width * 0.64,
    reviewed: left + width * 0.78,
    tests: left + width * 0.9,
  };
  if (report.criteria.length > 0) {
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#444444');
    const y = doc.y;
    doc.text('Criterion', cols.name, y);
    doc.text('Max', cols.max, y);
    doc.text('Automatic', cols.auto, y);
    doc.text('Reviewed', cols.reviewed, y);
    doc.text('Tests', cols.tests, y);
    doc.moveDown(0.3);
  }
  for (const c of report.criteria) {
    ensureSpace(40);
    body();
    const y = doc.y;
    doc.text(pdfText(c.name), cols.name, y, { width: cols.max - cols.name - 8 });
    const after = doc.y;
    doc.text(fmt(c.maxPoints), cols.max, y);
    doc.text(fmt(c.automaticPoints), cols.auto, y);
    doc.text(c.override ? fmt(c.override.points) : '–', cols.reviewed, y);
    doc.text(`${String(c.passed.length)}/${String(c.passed.length + c.failed.length)}`, cols.tests, y);
    doc.x = left;
    doc.y = Math.max(after, doc.y);
    doc.fontSize(8).fillColor('#555555');
    if (c.override) {
      doc.text(
        pdfText(`Reviewed by ${c.override.by}: ${trimMessage(c.override.reason, 300) ?? ''}`),
        left + 12,
        doc.y,
        { width: width - 12 },
      );
    }
    for (const f of c.failed.slice(0, ReportLimits.maxPdfFailuresPerCriterion)) {
      const message = trimMessage(f.message, 200);
      doc
        .fillColor('#c92a2a')
        .text(pdfText(`✗ ${f.test}${message ? `: ${message}` : ''}`).replace('?', 'x'), left + 12, doc.y, {
          width: width - 12,
        });
    }
    if (c.failed.length > ReportLimits.maxPdfFailuresPerCriterion) {
      doc
        .fillColor('#555555')
        .text(
          `… and ${String(c.failed.length - ReportLimits.maxPdfFailuresPerCriterion)} more failed tests`,
          left + 12,
        );
    }
    doc.x = left;
    doc.moveDown(0.4);
  }

  // Timeline
  heading('Timeline');
  for (const entry of report.timeline) {
    ensureSpace(14);
    body()
      .fontSize(9)
      .text(pdfText(`${when(entry.at)}   ${entry.summary}`), left, doc.y, { width });
  }

  // Notes
  heading('Reviewer notes');
  if (report.notes.length === 0) body().text('No notes.');
  for (const note of report.notes) {
    ensureSpace(30);
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor('#444444')
      .text(pdfText(`${note.by} · ${when(note.at)}`), left);
    body().text(pdfText(note.body), left, doc.y, { width });
    doc.moveDown(0.4);
  }

  doc.moveDown(1).font('Helvetica').fontSize(8).fillColor('#888888');
  doc.text(pdfText(`Generated ${when(options.generatedAt.toISOString())} · ${report.url}`), left);
  doc.end();
  return { data: await done, fileName: pdfFileName(report.candidate.name, report.test.name) };
}
