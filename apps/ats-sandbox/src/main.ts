import { startSandbox } from './server.js';

// `npm run ats-sandbox`: ATS_SANDBOX_PORT (default 4010), ASSAY_URL (default http://127.0.0.1:3000).
const port = Number(process.env.ATS_SANDBOX_PORT ?? 4010);
const assayUrl = process.env.ASSAY_URL ?? 'http://127.0.0.1:3000';
const { url } = await startSandbox({ port, assayUrl, logger: true });
process.stdout.write(
  `ATS sandbox on ${url} (SmartRecruiters: ${url}/sr, Greenhouse: ${url}/gh), Assay at ${assayUrl}\n`,
);
