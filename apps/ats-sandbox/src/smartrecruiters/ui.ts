import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SrContext } from './context.js';
import { consentUrl, disconnect, markConsented, moveCandidate } from './actions.js';
import type { AssayClient, OrderRun } from './assay-client.js';
import { isPlainObject } from './merge-patch.js';
import type { SrCandidate, SrOrder, SrState } from './state.js';

/** Escape text for HTML (text and attribute values). */
export function esc(value: string | number | boolean | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STATUS_TEXT: Record<string, string> = {
  PENDING: 'Pending',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  EXPIRED: 'Expired',
  REJECTED: 'Rejected',
};

function page(reply: FastifyReply, title: string, body: string, status = 200): FastifyReply {
  reply.code(status).type('text/html; charset=utf-8');
  return reply.send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · SmartRecruiters (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;margin:0}header{background:#0b3d6e;color:#fff;padding:.5rem 1rem}
header h1{font-size:1.1rem;margin:0 0 .3rem}header a{color:#fff;margin-right:1rem}main{padding:1rem}
.card{border:1px solid #ccc;border-radius:6px;padding:1rem;max-width:24rem;margin:.5rem 0}
.flash{background:#fff3cd;padding:.5rem}li{margin:.3rem 0}</style></head>
<body><header><h1>SmartRecruiters (sandbox)</h1><nav aria-label="Main"><a href="/sr/apps">Apps &amp; Integrations</a><a href="/sr/people">People</a><a href="/sr/jobs">Jobs</a></nav></header>
<main>${body}</main></body></html>`);
}

function flash(message: unknown): string {
  return typeof message === 'string' && message ? `<p class="flash" role="status">${esc(message)}</p>` : '';
}

function runMessage(run: OrderRun | null): string {
  if (!run) return '';
  return run.ok
    ? `Assessment ordered (Assay answered ${run.status}).`
    : `The order failed: ${run.message ?? 'unknown error'}`;
}

/** The score as SR shows it: (raw − min) / (max − min) %. */
export function scorePercent(result: Record<string, unknown>): number | null {
  const score = result.score;
  if (!isPlainObject(score)) return null;
  const { raw, min, max } = score;
  if (typeof raw !== 'number' || typeof min !== 'number' || typeof max !== 'number' || max === min)
    return null;
  return Math.round(((raw - min) / (max - min)) * 100);
}

function orderRow(order: SrOrder): string {
  if (!order.accepted) {
    return `<li class="assessment" data-order-id="${esc(order.id)}"><strong>${esc(order.packageName)}</strong> — <span class="status">Order failed (${esc(order.assayStatus)})</span></li>`;
  }
  const result = order.result;
  const status = typeof result.status === 'string' ? result.status : 'PENDING';
  const percent = scorePercent(result);
  const attachments = Array.isArray(result.attachments) ? result.attachments.filter(isPlainObject) : [];
  const links = attachments
    .map((a) => {
      const url = typeof a.url === 'string' ? a.url : '';
      const name = typeof a.name === 'string' && a.name ? a.name : url;
      return `<a href="${esc(url)}" aria-label="${esc(name)}" target="_blank" rel="noopener">📎 ${esc(name)}</a>`;
    })
    .join(' ');
  return `<li class="assessment" data-order-id="${esc(order.id)}" data-status="${esc(status)}">
<strong>${esc(typeof result.name === 'string' ? result.name : order.packageName)}</strong> —
<span class="status">${esc(STATUS_TEXT[status] ?? status)}</span>
${percent === null ? '' : `<span class="score">${percent}%</span>`}
${typeof result.scoreLabel === 'string' ? `<span class="score-label">${esc(result.scoreLabel)}</span>` : ''}
${typeof result.summary === 'string' ? `<p class="summary">${esc(result.summary)}</p>` : ''}
${links ? `<p class="attachments">${links}</p>` : ''}</li>`;
}

function assessmentRows(state: SrState, candidate: SrCandidate): string {
  const orders = state.ordersOf(candidate.id);
  return orders.length ? orders.map(orderRow).join('\n') : '<li>No assessments yet.</li>';
}

function noteRows(state: SrState, candidate: SrCandidate): string {
  const notes = state.notesOf(candidate.id);
  return notes.length
    ? notes
        .map(
          (n) =>
            `<li class="note"><time datetime="${esc(n.createdAt)}">${esc(n.createdAt)}</time> ${esc(n.content)}</li>`,
        )
        .join('\n')
    : '<li>No notes yet.</li>';
}

/** The recruiter-facing pages under `/sr` (server-rendered, drivable by Playwright). */
export function registerUiRoutes(
  app: FastifyInstance,
  state: SrState,
  context: SrContext,
  assay: AssayClient,
): void {
  const company = () => state.ensureCompany(state.defaultCompanyId);

  app.get('/sr', async (_request, reply) =>
    page(
      reply,
      'Home',
      `<h2>Welcome</h2><p>Company: ${esc(company().name)} (<code>${esc(company().id)}</code>)</p>`,
    ),
  );

  app.get<{ Querystring: { q?: string } }>('/sr/apps', async (request, reply) => {
    const q = (request.query.q ?? '').trim();
    const match = q !== '' && 'assay coding assessments'.includes(q.toLowerCase());
    const results =
      q === ''
        ? ''
        : match
          ? `<article class="card" aria-label="Assay"><h3>Assay</h3><p>Coding assessments you can self-host.</p>
<form method="get" action="/sr/apps/assay"><button type="submit">Connect</button></form></article>`
          : `<p>No apps match “${esc(q)}”.</p>`;
    return page(
      reply,
      'Apps & Integrations',
      `<h2>Apps &amp; Integrations</h2>
<form method="get" action="/sr/apps" role="search"><label for="app-search">Search apps</label>
<input id="app-search" name="q" type="search" value="${esc(q)}"><button type="submit">Search</button></form>${results}`,
    );
  });

  app.get('/sr/apps/assay', async (_request, reply) => {
    const c = company();
    const connected = c.swapped;
    return page(
      reply,
      'Assay',
      `<h2>Assay</h2><p>Assay wants access to your SmartRecruiters data</p>
<p>Company: ${esc(c.name)}</p>
<button type="button" id="allow">Allow and Continue</button>
<p>Status: <strong id="assay-status">${connected ? 'Connected' : 'Not connected'}</strong></p>
<form method="post" action="/sr/apps/assay/disconnect" id="disconnect-form"${connected ? '' : ' hidden'}><button type="submit">Disconnect</button></form>
<script>
const consentUrl = ${JSON.stringify(consentUrl(context, c.id))};
document.getElementById('allow').addEventListener('click', () => {
  fetch('/sr/apps/assay/allow', { method: 'POST', keepalive: true });
  window.open(consentUrl, 'assay-consent', 'width=600,height=' + Math.round(screen.height * 0.45));
});
async function poll() {
  try {
    const r = await fetch('/sr/api/connection');
    const s = await r.json();
    document.getElementById('assay-status').textContent = s.connected ? 'Connected' : 'Not connected';
    document.getElementById('disconnect-form').hidden = !s.connected;
  } catch {}
}
setInterval(poll, 1000);
</script>`,
    );
  });

  app.post('/sr/apps/assay/allow', () => {
    const url = markConsented(state, context, state.defaultCompanyId);
    return { consentUrl: url };
  });

  app.post('/sr/apps/assay/disconnect', async (_request, reply) => {
    await disconnect(state, assay, state.defaultCompanyId);
    return reply.redirect('/sr/apps/assay', 303);
  });

  app.get('/sr/api/connection', () => {
    const c = company();
    return { companyId: c.id, consented: c.consented, connected: c.swapped };
  });

  app.get('/sr/people', async (_request, reply) => {
    const rows = [...state.candidates.values()]
      .filter((c) => c.companyId === state.defaultCompanyId)
      .map((c) => {
        const job = c.jobIds[0] ? state.jobs.get(c.jobIds[0]) : undefined;
        return `<tr><td><a href="/sr/people/${esc(c.id)}">${esc(state.candidateName(c))}</a></td><td>${esc(c.email)}</td><td>${esc(job?.title ?? '')}</td><td>${esc(c.step)}</td></tr>`;
      })
      .join('\n');
    return page(
      reply,
      'People',
      `<h2>People</h2><table><thead><tr><th>Name</th><th>Email</th><th>Job</th><th>Step</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  });

  app.get<{ Params: { id: string }; Querystring: { message?: string } }>(
    '/sr/people/:id',
    async (request, reply) => {
      const candidate = state.candidates.get(request.params.id);
      if (!candidate) return page(reply, 'Not found', '<p>No such candidate.</p>', 404);
      const job = candidate.jobIds[0] ? state.jobs.get(candidate.jobIds[0]) : undefined;
      const options = (job?.steps ?? [])
        .map(
          (s) =>
            `<option value="${esc(s.name)}"${s.name === candidate.step ? ' selected' : ''}>${esc(s.name)}</option>`,
        )
        .join('');
      return page(
        reply,
        state.candidateName(candidate),
        `${flash(request.query.message)}<h2>${esc(state.candidateName(candidate))}</h2>
<p>Email: <span class="email">${esc(candidate.email)}</span></p>
<p>Job: ${esc(job?.title ?? '—')}</p>
<p>Current step: <strong id="current-step">${esc(candidate.step)}</strong></p>
<form method="post" action="/sr/people/${esc(candidate.id)}/move"><label for="step">Hiring step</label>
<select id="step" name="step">${options}</select><button type="submit">Move</button></form>
<section aria-labelledby="assessments-heading"><h3 id="assessments-heading">Assessments</h3>
<form method="get" action="/sr/people/${esc(candidate.id)}/assessments/new"><button type="submit">Order Assessments</button></form>
<ul id="assessment-rows">${assessmentRows(state, candidate)}</ul></section>
<section aria-labelledby="notes-heading"><h3 id="notes-heading">Notes</h3><ul id="notes">${noteRows(state, candidate)}</ul></section>
<script>
const live = ${JSON.stringify(`/sr/people/${candidate.id}/live`)};
setInterval(async () => {
  try {
    const s = await (await fetch(live)).json();
    for (const [id, html] of [['assessment-rows', s.assessments], ['notes', s.notes]]) {
      const el = document.getElementById(id);
      if (el.innerHTML !== html) el.innerHTML = html;
    }
    document.getElementById('current-step').textContent = s.step;
  } catch {}
}, 2000);
</script>`,
      );
    },
  );

  app.get<{ Params: { id: string } }>('/sr/people/:id/live', async (request, reply) => {
    const candidate = state.candidates.get(request.params.id);
    if (!candidate) return reply.code(404).send({ message: 'No such candidate.' });
    return {
      step: candidate.step,
      assessments: assessmentRows(state, candidate),
      notes: noteRows(state, candidate),
    };
  });

  app.post<{ Params: { id: string } }>('/sr/people/:id/move', async (request, reply) => {
    const step =
      isPlainObject(request.body) && typeof request.body.step === 'string' ? request.body.step : '';
    const moved = await moveCandidate(state, assay, request.params.id, step);
    const message = moved.error ?? runMessage(moved.run);
    return reply.redirect(
      `/sr/people/${encodeURIComponent(request.params.id)}${message ? `?message=${encodeURIComponent(message)}` : ''}`,
      303,
    );
  });

  app.get<{ Params: { id: string } }>('/sr/people/:id/assessments/new', async (request, reply) => {
    const candidate = state.candidates.get(request.params.id);
    if (!candidate) return page(reply, 'Not found', '<p>No such candidate.</p>', 404);
    const { packages, error } = await assay.listPackages(candidate.companyId, state.recruiter.email);
    const radios = packages
      .map(
        (p, i) =>
          `<div><input type="radio" id="package-${i}" name="packageId" value="${esc(p.id)}" required><label for="package-${i}">${esc(p.name)}</label></div>`,
      )
      .join('\n');
    return page(
      reply,
      'Order assessments',
      `<h2>Order assessments for ${esc(state.candidateName(candidate))}</h2>${error ? flash(error) : ''}
${packages.length === 0 && !error ? '<p>Assay offers no tests.</p>' : ''}
<form method="get" action="/sr/people/${esc(candidate.id)}/assessments/confirm"><fieldset><legend>Tests</legend>${radios}</fieldset>
<button type="submit">Continue</button></form>`,
    );
  });

  app.get<{ Params: { id: string }; Querystring: { packageId?: string } }>(
    '/sr/people/:id/assessments/confirm',
    async (request, reply) => {
      const candidate = state.candidates.get(request.params.id);
      if (!candidate) return page(reply, 'Not found', '<p>No such candidate.</p>', 404);
      const packageId = request.query.packageId ?? '';
      const { packages, error } = await assay.listPackages(candidate.companyId, state.recruiter.email);
      const chosen = packages.find((p) => p.id === packageId);
      if (!chosen) return page(reply, 'Order assessments', flash(error ?? 'Pick a test first.'), 400);
      const job = candidate.jobIds[0] ? state.jobs.get(candidate.jobIds[0]) : undefined;
      return page(
        reply,
        'Order assessments',
        `<h2>Summary</h2><dl><dt>Candidate</dt><dd>${esc(state.candidateName(candidate))} (${esc(candidate.email)})</dd>
<dt>Job</dt><dd>${esc(job?.title ?? '—')}</dd><dt>Assessment</dt><dd>${esc(chosen.name)}</dd>
<dt>Requested by</dt><dd>${esc(state.recruiter.email)}</dd></dl>
<form method="post" action="/sr/people/${esc(candidate.id)}/assessments"><input type="hidden" name="packageId" value="${esc(chosen.id)}">
<button type="submit">Send</button></form>`,
      );
    },
  );

  app.post<{ Params: { id: string } }>('/sr/people/:id/assessments', async (request, reply) => {
    const packageId =
      isPlainObject(request.body) && typeof request.body.packageId === 'string'
        ? request.body.packageId
        : undefined;
    const run = await assay.runOrder({ candidateId: request.params.id, packageId, manual: true });
    return reply.redirect(
      `/sr/people/${encodeURIComponent(request.params.id)}?message=${encodeURIComponent(runMessage(run))}`,
      303,
    );
  });

  app.get('/sr/jobs', async (_request, reply) => {
    const rows = [...state.jobs.values()]
      .filter((j) => j.companyId === state.defaultCompanyId)
      .map((j) => `<li><a href="/sr/jobs/${esc(j.id)}">${esc(j.title)}</a></li>`)
      .join('');
    return page(reply, 'Jobs', `<h2>Jobs</h2><ul>${rows}</ul>`);
  });

  app.get<{ Params: { id: string }; Querystring: { message?: string } }>(
    '/sr/jobs/:id',
    async (request, reply) => {
      const job = state.jobs.get(request.params.id);
      if (!job) return page(reply, 'Not found', '<p>No such job.</p>', 404);
      const needsPackages = job.steps.some((s) => s.custom);
      const { packages, error } = needsPackages
        ? await assay.listPackages(job.companyId, state.recruiter.email)
        : { packages: [], error: null };
      const steps = job.steps
        .map((step, i) => {
          if (!step.custom) return `<li>${esc(step.name)}</li>`;
          const current = step.assessment
            ? `<p>Configured: ${esc(step.assessment.packageName)}${step.assessment.autoTrigger ? ' (auto-triggered)' : ''}</p>`
            : '<p>No assessment configured.</p>';
          const options = packages
            .map(
              (p) =>
                `<option value="${esc(p.id)}"${step.assessment?.packageId === p.id ? ' selected' : ''}>${esc(p.name)}</option>`,
            )
            .join('');
          return `<li>${esc(step.name)}${current}
<form method="post" action="/sr/jobs/${esc(job.id)}/steps/${encodeURIComponent(step.name)}/assessment">
<h4>Configure assessment</h4>${error ? flash(error) : ''}
<label for="assessment-${i}">Assessment</label><select id="assessment-${i}" name="packageId"><option value="">(none)</option>${options}</select>
<input type="checkbox" id="auto-${i}" name="autoTrigger" value="on"${step.assessment?.autoTrigger ? ' checked' : ''}><label for="auto-${i}">Auto-trigger</label>
<button type="submit">Save</button></form></li>`;
        })
        .join('\n');
      return page(
        reply,
        job.title,
        `${flash(request.query.message)}<h2>${esc(job.title)}</h2><h3>Hiring process</h3><ol>${steps}</ol>`,
      );
    },
  );

  app.post<{ Params: { id: string; step: string } }>(
    '/sr/jobs/:id/steps/:step/assessment',
    async (request, reply) => {
      const job = state.jobs.get(request.params.id);
      const step = job?.steps.find((s) => s.name === request.params.step);
      if (!job || !step?.custom) return page(reply, 'Not found', '<p>No such custom step.</p>', 404);
      const body = isPlainObject(request.body) ? request.body : {};
      const packageId = typeof body.packageId === 'string' ? body.packageId : '';
      let message = 'Assessment removed.';
      if (packageId) {
        const { packages } = await assay.listPackages(job.companyId, state.recruiter.email);
        const chosen = packages.find((p) => p.id === packageId);
        step.assessment = {
          packageId,
          packageName: chosen?.name ?? packageId,
          autoTrigger: body.autoTrigger === 'on',
        };
        message = 'Assessment saved.';
      } else {
        step.assessment = null;
      }
      return reply.redirect(
        `/sr/jobs/${encodeURIComponent(job.id)}?message=${encodeURIComponent(message)}`,
        303,
      );
    },
  );
}
