import type { GhCandidate, GhOrg, GhTakeHome } from './types.js';

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function layout(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Greenhouse (sandbox)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#222}
header{background:#24a47f;color:#fff;padding:.6rem 1rem;display:flex;gap:1.5rem;align-items:center}
header a{color:#fff}
main{padding:1rem;max-width:60rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.error{color:#a00}.ok{color:#060}
section{border:1px solid #ddd;border-radius:6px;padding:.8rem;margin:1rem 0}
</style></head>
<body><header><a href="/gh"><strong>greenhouse</strong></a><span>sandbox</span></header>
<main>${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>`;
}

export function homePage(): string {
  return layout(
    'Home',
    `<h1>Greenhouse (sandbox)</h1>
<p>A fake Greenhouse for Assay's Assessment Partner integration.</p>
<ul><li><a href="/gh/settings">Configure Assay</a></li><li><a href="/gh/candidates">Candidates</a></li></ul>`,
  );
}

export function settingsPage(org: GhOrg, notice: { ok?: string; error?: string }): string {
  const tests = org.lastTestList;
  return layout(
    'Configure Assay',
    `<h1>Configure Assay</h1>
${notice.ok ? `<p class="ok" role="status">${esc(notice.ok)}</p>` : ''}
${notice.error ? `<p class="error" role="alert">${esc(notice.error)}</p>` : ''}
<section><h2>Inbound key</h2>
<p>Paste the key generated in Assay (Settings › Integrations › Greenhouse).</p>
<form method="post" action="/gh/settings/key">
<label for="gh-assay-key">Assay API key</label>
<input id="gh-assay-key" name="key" type="password" autocomplete="off" size="60">
<button type="submit">Save key</button>
</form>
<p>Key saved: <span data-testid="gh-key-status">${org.assayKey === null ? 'no' : 'yes'}</span></p>
${
  tests !== null
    ? `<p data-testid="gh-test-count">Last test list: ${tests.length} tests</p>
<ul>${tests.map((t) => `<li>${esc(t.partner_test_name)} (${esc(t.partner_test_id)})</li>`).join('')}</ul>`
    : ''
}
${org.lastTestListError ? `<p class="error" data-testid="gh-test-list-error">${esc(org.lastTestListError)}</p>` : ''}
</section>
<section><h2>Completion credential</h2>
<p>Greenhouse issued this credential to Assay for the completion call. Enter it in Assay (Settings › Integrations › Greenhouse › Completion credential).</p>
<dl>
<dt>Completion username</dt><dd><code data-testid="gh-completion-username">${esc(org.outbound.username)}</code></dd>
<dt>Completion password</dt><dd><code data-testid="gh-completion-password">${esc(org.outbound.password)}</code></dd>
</dl></section>`,
  );
}

export function candidatesPage(candidates: GhCandidate[]): string {
  const rows = candidates
    .map(
      (c) => `<tr><td><a href="/gh/candidates/${c.id}">${esc(`${c.firstName} ${c.lastName}`)}</a></td>
<td>${esc(c.email)}</td><td>${c.applicationId}</td><td>${esc(c.job)}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Candidates',
    `<h1>Candidates</h1>
<table><thead><tr><th>Name</th><th>Email</th><th>Application</th><th>Job</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">No candidates</td></tr>'}</tbody></table>`,
  );
}

/** The part of the stage that changes when Assay PATCHes (polled by the candidate page). */
export function takeHomeFragment(takeHome: GhTakeHome | undefined): string {
  if (!takeHome) return '<p>No test sent yet.</p>';
  const parts: string[] = [];
  if (takeHome.sendState === 'sent') {
    parts.push(
      `<p class="ok" role="status">Test sent</p><p>Partner interview id: <code data-testid="gh-partner-interview-id">${esc(takeHome.partnerInterviewId)}</code></p>`,
    );
  } else if (takeHome.sendState === 'failed') {
    parts.push(
      `<p class="error" role="alert" data-testid="gh-send-error">Send failed: ${esc(takeHome.sendError ?? 'unknown error')}</p>`,
    );
  } else {
    parts.push('<p>Sending…</p>');
  }
  if (takeHome.sendState === 'sent') {
    parts.push(`<p data-testid="gh-status">Status: ${esc(takeHome.status ?? 'sent')}</p>`);
    if (takeHome.score !== null) parts.push(`<p data-testid="gh-score">Score: ${esc(takeHome.score)}</p>`);
    if (takeHome.profileUrl !== null) {
      parts.push(
        `<p><a data-testid="gh-report" href="${esc(takeHome.profileUrl)}" target="_blank" rel="noopener">Report</a></p>`,
      );
    }
    if (takeHome.metadata !== null && Object.keys(takeHome.metadata).length > 0) {
      parts.push(
        `<table data-testid="gh-metadata"><caption>Metadata</caption>${Object.entries(takeHome.metadata)
          .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
          .join('')}</table>`,
      );
    }
    if (takeHome.lastErrors.length > 0) {
      parts.push(
        `<p class="error" data-testid="gh-status-errors">Assay's test_status was rejected: ${esc(takeHome.lastErrors.join('; '))}</p>`,
      );
    }
  }
  return parts.join('\n');
}

export function candidatePage(input: {
  candidate: GhCandidate;
  org: GhOrg;
  takeHome: GhTakeHome | undefined;
  listError: string | null;
}): string {
  const { candidate, org, takeHome, listError } = input;
  const tests = org.lastTestList ?? [];
  const options = tests
    .map((t) => `<option value="${esc(t.partner_test_id)}">${esc(t.partner_test_name)}</option>`)
    .join('');
  const script = `
const box = document.getElementById('gh-take-home');
setInterval(async () => {
  try {
    const r = await fetch(${JSON.stringify(`/gh/candidates/${candidate.id}/take-home`)}, { cache: 'no-store' });
    if (r.ok) { const html = await r.text(); if (box.innerHTML !== html) box.innerHTML = html; }
  } catch {}
}, 1000);`;
  return layout(
    `${candidate.firstName} ${candidate.lastName}`,
    `<h1>${esc(`${candidate.firstName} ${candidate.lastName}`)}</h1>
<p>Email: <span data-testid="gh-candidate-email">${esc(candidate.email)}</span></p>
<p>Application ${candidate.applicationId} · Job: ${esc(candidate.job)}</p>
<p><a href="/gh/candidates">Back to the list</a></p>
<section><h2>Stage: Take-home test</h2>
${listError ? `<p class="error" role="alert" data-testid="gh-list-error">${esc(listError)}</p>` : ''}
<form method="post" action="/gh/candidates/${candidate.id}/send-test">
<label for="gh-test">Test</label>
<select id="gh-test" name="testId">${options}</select>
<button type="submit"${tests.length === 0 ? ' disabled' : ''}>Send Test</button>
</form>
<div id="gh-take-home" data-testid="gh-take-home">${takeHomeFragment(takeHome)}</div>
</section>`,
    script,
  );
}

export function errorPage(status: number, message: string): string {
  return layout(
    `Error ${status}`,
    `<h1>Error ${status}</h1><p class="error" role="alert">${esc(message)}</p>`,
  );
}
