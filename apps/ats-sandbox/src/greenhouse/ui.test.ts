import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeStatus } from './fake-assay.js';
import { startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function page(path: string): Promise<string> {
  const response = await fetch(`${h.url}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  return response.text();
}

function form(path: string, fields: Record<string, string>) {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function linusId(): Promise<number> {
  const linus = (await h.state()).candidates.find((c) => c.email === 'linus@example.com');
  if (!linus) throw new Error('Linus is not seeded');
  return linus.id;
}

describe('Greenhouse UI', () => {
  it('/gh has the header and both links', async () => {
    const html = await page('/gh');
    expect(html).toContain('<h1>Greenhouse (sandbox)</h1>');
    expect(html).toContain('<a href="/gh/settings">Configure Assay</a>');
    expect(html).toContain('<a href="/gh/candidates">Candidates</a>');
  });

  it('settings: saving the key lists the tests; the completion credential is shown', async () => {
    await h.post('reset');
    const saved = await form('/gh/settings/key', { key: `  ${h.assay.key}  ` });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/gh/settings?saved=1');
    const state = await h.state();
    expect(state.org.key).toBe(h.assay.key);
    const html = await page('/gh/settings?saved=1');
    expect(html).toContain('<label for="gh-assay-key">Assay API key</label>');
    expect(html).toContain('<button type="submit">Save key</button>');
    expect(html).toContain('Last test list: 2 tests');
    expect(html).toContain(
      `<code data-testid="gh-completion-username">${state.org.outbound.username}</code>`,
    );
    expect(html).toContain(
      `<code data-testid="gh-completion-password">${state.org.outbound.password}</code>`,
    );
    expect(html).toContain('Completion username');
    expect(html).toContain('Completion password');
  });

  it('settings: a wrong key shows Assay refusing it; an empty or too long key is refused', async () => {
    await form('/gh/settings/key', { key: 'wrong' });
    expect(await page('/gh/settings')).toContain('Assay refused the key (HTTP 401): Invalid API key');
    const empty = await form('/gh/settings/key', { key: ' ' });
    expect(empty.headers.get('location')).toBe('/gh/settings?error=empty');
    expect(await page('/gh/settings?error=empty')).toContain('Enter the Assay API key.');
    const long = await form('/gh/settings/key', { key: 'k'.repeat(171) });
    expect(long.headers.get('location')).toBe('/gh/settings?error=too-long');
    expect((await h.state()).org.key).toBe('wrong');
  });

  it('candidates list shows the seeded candidates with application and job', async () => {
    const html = await page('/gh/candidates');
    const id = await linusId();
    expect(html).toContain(`<a href="/gh/candidates/${id}">Linus Torvalds</a>`);
    expect(html).toContain('linus@example.com');
    expect(html).toContain('Margaret Hamilton');
    expect(html).toContain('margaret@example.com');
    expect(html).toContain('Platform Engineer');
  });

  it('candidate: pick a test, Send Test, then the PATCH result appears (status, score, report, metadata)', async () => {
    const id = await linusId();
    const before = await page(`/gh/candidates/${id}`);
    expect(before).toContain('Linus Torvalds');
    expect(before).toContain('linus@example.com');
    expect(before).toContain('Take-home test');
    expect(before).toContain('<label for="gh-test">Test</label>');
    expect(before).toContain('<option value="tst_2">Frontend take-home (TypeScript)</option>');
    expect(before).toContain('Send Test</button>');

    const sent = await form(`/gh/candidates/${id}/send-test`, { testId: 'tst_2' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/gh/candidates/${id}`);
    expect((h.assay.callsTo('send_test')[0]?.body as { partner_test_id: string }).partner_test_id).toBe(
      'tst_2',
    );
    const after = await page(`/gh/candidates/${id}`);
    expect(after).toContain('Test sent');
    expect(after).toContain('<code data-testid="gh-partner-interview-id">int_1</code>');
    expect(after).toContain('Status: sent');

    const takeHome = (await h.state()).takeHomes[0];
    if (!takeHome) throw new Error('no take-home');
    h.assay.statuses.set('int_1', {
      ...completeStatus('int_1'),
      metadata: { Score: '82/100', Note: '<script>alert(1)</script>' },
    });
    expect((await h.patch(takeHome.url, await h.outboundHeader())).status).toBe(200);
    await h.post('settle');

    const fragment = await page(`/gh/candidates/${id}/take-home`);
    expect(fragment).toContain('Status: complete');
    expect(fragment).toContain('Score: 82');
    expect(fragment).toContain(`href="${completeStatus('int_1').partner_profile_url}"`);
    expect(fragment).toMatch(/>Report<\/a>/);
    expect(fragment).toContain('<th scope="row">Score</th><td>82/100</td>');
    expect(fragment).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(fragment).not.toContain('<script>alert(1)');
    // The full page polls the fragment, and renders the same content server-side.
    const full = await page(`/gh/candidates/${id}`);
    expect(full).toContain(`/gh/candidates/${id}/take-home`);
    expect(full).toContain('Status: complete');
  });

  it('candidate: Assay’s error message is shown when send_test fails', async () => {
    const id = await linusId();
    h.assay.overrides.send_test = () => ({
      status: 422,
      body: { error: 'cannot_fulfil', message: 'No seats left on this plan' },
    });
    await form(`/gh/candidates/${id}/send-test`, { testId: 'tst_1' });
    expect(await page(`/gh/candidates/${id}`)).toContain('Send failed: No seats left on this plan');
  });

  it('candidate: without a key the page says what to do', async () => {
    await h.post('key', { key: null });
    const html = await page(`/gh/candidates/${await linusId()}`);
    expect(html).toContain('No Assay API key yet: open Configure Assay and save the key.');
    expect(h.assay.callsTo('list_tests')).toHaveLength(0);
  });
});
