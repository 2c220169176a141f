import type { MailContent } from './mailer.js';

const DEFAULT_ACCENT = '#4c6ef5';

/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Branding is organization data: only a plain hex color and an http(s) URL get into markup.
const safeColor = (c: string | null | undefined) => (c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : DEFAULT_ACCENT);
const safeUrl = (u: string | null | undefined) => (u && /^https?:\/\//i.test(u) ? u : null);

/**
 * Render the shared branded layout (organization name, logo, accent color) as HTML and
 * plain text. Every piece of content is escaped; links only go in the action button.
 */
export function renderMail(content: MailContent): { subject: string; text: string; html: string } {
  const { branding } = content;
  const accent = safeColor(branding.accentColor);
  const logo = safeUrl(branding.logoUrl);
  const actionUrl = content.action ? safeUrl(content.action.url) : null;
  const subject = content.subject.replace(/[\r\n]+/g, ' ').trim();

  const textParts = [branding.organizationName, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.action && actionUrl) textParts.push(`${content.action.label}: ${actionUrl}`, '');
  if (content.footer) textParts.push(content.footer, '');
  textParts.push('—', 'Sent by Assay on behalf of ' + branding.organizationName);
  const text = textParts.join('\n');

  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(branding.organizationName)}" style="max-height:40px">`
    : `<strong style="font-size:18px">${escapeHtml(branding.organizationName)}</strong>`;
  const paragraphs = content.paragraphs
    .map((p) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`)
    .join('\n');
  const action =
    content.action && actionUrl
      ? `<p style="margin:24px 0"><a href="${escapeHtml(actionUrl)}" style="background:${accent};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>`
      : '';
  const footer = content.footer
    ? `<p style="margin:16px 0 0;color:#868e96;font-size:13px">${escapeHtml(content.footer)}</p>`
    : '';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f1f3f5;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#212529">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-top:4px solid ${accent};border-radius:6px">
<tr><td style="padding:24px 32px">${header}</td></tr>
<tr><td style="padding:0 32px 24px">
${paragraphs}
${action}
${footer}
</td></tr>
</table>
<p style="color:#868e96;font-size:12px">Sent by Assay on behalf of ${escapeHtml(branding.organizationName)}</p>
</td></tr></table>
</body></html>`;
  return { subject, text, html };
}
