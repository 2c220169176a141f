/**
 * The consent page (contract §2 steps 3–5): server-rendered HTML, one `<form>` that works
 * without JavaScript, sized for SmartRecruiters' 600-px popup. Pure rendering; the route
 * sets the CSP (its nonce allows only the popup-closing script).
 */

import { escapeHtml } from '../../platform/mail/index.js';

export { escapeHtml };

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:24px;max-width:552px;color:#1a1b1e;background:#fff}
h1{font-size:20px;margin:0 0 8px}p{line-height:1.5;margin:0 0 12px}
label{display:block;font-weight:600;margin:16px 0 6px}
input[type=password],input[type=text]{box-sizing:border-box;width:100%;padding:10px;font-size:15px;border:1px solid #adb5bd;border-radius:6px}
button{margin-top:16px;padding:10px 18px;font-size:15px;border:0;border-radius:6px;background:#1c7ed6;color:#fff;cursor:pointer}
.error{background:#fff5f5;border:1px solid #ffa8a8;color:#c92a2a;padding:10px;border-radius:6px}
.ok{background:#ebfbee;border:1px solid #8ce99a;color:#2b8a3e;padding:10px;border-radius:6px}
small{color:#495057}`;

function layout(title: string, body: string, script?: { nonce: string; code: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}${script ? `<script nonce="${script.nonce}">${script.code}</script>` : ''}</body></html>`;
}

export interface ConsentFormView {
  companyId: string;
  redirect: string | null;
  expires: string;
  state: string;
  error?: string | null;
}

/** The form: API key field, hidden signed state. */
export function renderConsentForm(view: ConsentFormView): string {
  const error = view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : '';
  return layout(
    'Connect Assay to SmartRecruiters',
    `<h1>Connect Assay to SmartRecruiters</h1>
<p>Paste the API key from Assay: <strong>Settings &gt; Integrations &gt; SmartRecruiters &gt; Integrate</strong>
(only an owner or admin of your Assay organization can create it).</p>
${error}
<form method="post" action="consent" autocomplete="off">
<input type="hidden" name="companyId" value="${escapeHtml(view.companyId)}">
<input type="hidden" name="redirect" value="${escapeHtml(view.redirect ?? '')}">
<input type="hidden" name="expires" value="${escapeHtml(view.expires)}">
<input type="hidden" name="state" value="${escapeHtml(view.state)}">
<label for="apiKey">Assay API key</label>
<input id="apiKey" name="apiKey" type="password" required maxlength="200" placeholder="assay_sr_…" spellcheck="false">
<button type="submit">Connect</button>
</form>
<p><small>SmartRecruiters company ${escapeHtml(view.companyId)}</small></p>`,
  );
}

/** A page with only a message (bad link, rate limited, configuration missing). */
export function renderConsentMessage(title: string, message: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}

/** "Connected": closes the popup (a window opened by SmartRecruiters' page); the text stays without JavaScript. */
export function renderConnected(organizationName: string, nonce: string): string {
  return layout(
    'Connected',
    `<h1>Connected</h1>
<p class="ok" role="status">SmartRecruiters is now connected to the Assay organization ${escapeHtml(organizationName)}.</p>
<p>You can close this window.</p>`,
    { nonce, code: 'window.close();' },
  );
}
