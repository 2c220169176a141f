import { ConfigError, loadConfig, processEnv, type Config } from '../../config/index.js';
import { systemClock } from '../../platform/clock/index.js';
import { createSrClient, srErrorMessage, type SrClient } from './sr.client.js';
import { SrPartnerConfigurationSchema, type SrPartnerConfiguration } from './sr.wire.js';

/**
 * `assay integrations smartrecruiters register` (contract §2, once per Assay server): PUT our
 * partner configuration to SmartRecruiters with the master credential A, then GET it back to
 * verify. Exit 0 registered and verified; 1 SmartRecruiters refused or answered something
 * else; 2 configuration missing or invalid (nothing sent).
 */

/** The body of §2, with `P` = PUBLIC_URL + `/partner/smartrecruiters`. */
export function partnerConfiguration(publicUrl: string): SrPartnerConfiguration {
  const p = `${publicUrl.replace(/\/+$/, '')}/partner/smartrecruiters`;
  return {
    consentUrl: `${p}/consent`,
    consentDisplayMode: 'POPUP',
    oauthTokenUrl: `${p}/oauth/token`,
    assessmentPackageListUrl: `${p}/packages`,
    singleAssessmentPackageUrl: `${p}/packages/{assessmentPackageId}`,
    packageOrderUrl: `${p}/packages/orders`,
    integrationDisableUrl: `${p}/integrations/companies/{companyId}`,
    supportedAssessmentTypes: ['SKILL_TEST'],
  };
}

const USAGE = `Usage: assay integrations smartrecruiters register [--dry-run]

Registers this Assay server with SmartRecruiters (PUT, then GET to verify
{SMARTRECRUITERS_API_URL}/assessment-api/v202010/partner/configuration) using
SMARTRECRUITERS_CLIENT_ID / SMARTRECRUITERS_CLIENT_SECRET. URLs are built from PUBLIC_URL.
  --dry-run   print the configuration that would be sent, send nothing
`;

function explain(status: number | null, body: string | null, error: string): string {
  const detail = srErrorMessage(body);
  const base =
    status === null
      ? `could not reach SmartRecruiters: ${error}`
      : status === 400
        ? 'SmartRecruiters refused the configuration (400)'
        : status === 401
          ? 'SmartRecruiters refused the credentials (401): check SMARTRECRUITERS_CLIENT_ID and SMARTRECRUITERS_CLIENT_SECRET'
          : status === 403
            ? 'SmartRecruiters refused (403): the credential lacks the partner_configuration_manage scope; ask SmartRecruiters to grant it'
            : status === 404
              ? 'SmartRecruiters has no partner configuration (404)'
              : `SmartRecruiters answered ${status}`;
  return detail ? `${base} — ${detail}` : base;
}

export interface RegisterIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: RegisterIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Run the registration with an explicit config (tests), returning the exit code. */
export async function runSmartRecruitersRegister(
  config: Config,
  options: { dryRun?: boolean; io?: RegisterIo; client?: SrClient } = {},
): Promise<number> {
  const io = options.io ?? stdio;
  const body = partnerConfiguration(config.http.publicUrl);
  if (options.dryRun) {
    io.out(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const sr = config.ats.smartrecruiters;
  if (!sr.clientId || !sr.clientSecret) {
    io.err(
      'SmartRecruiters is not configured: set SMARTRECRUITERS_CLIENT_ID and SMARTRECRUITERS_CLIENT_SECRET (the partner credential SmartRecruiters gave you), then run this again.\n',
    );
    return 2;
  }
  if (config.production && !config.http.publicUrl.startsWith('https://')) {
    io.err('PUBLIC_URL must be https:// so SmartRecruiters can call Assay.\n');
    return 2;
  }
  const client =
    options.client ??
    createSrClient({
      config: {
        production: config.production,
        apiUrl: sr.apiUrl,
        tokenUrl: sr.tokenUrl,
        allowInsecureCallbacks: config.ats.allowInsecureCallbacks,
        callbackHosts: sr.callbackHosts,
      },
      clock: systemClock,
    });
  const master = { clientId: sr.clientId, clientSecret: sr.clientSecret };
  const put = await client.putPartnerConfiguration(master, body);
  if (!put.ok) {
    io.err(`Registration failed: ${explain(put.status, put.body, put.error)}.\n`);
    return 1;
  }
  const get = await client.getPartnerConfiguration(master);
  if (!get.ok) {
    io.err(`Registered, but reading it back failed: ${explain(get.status, get.body, get.error)}.\n`);
    return 1;
  }
  let stored: unknown;
  try {
    stored = JSON.parse(get.body);
  } catch {
    stored = null;
  }
  const parsed = SrPartnerConfigurationSchema.safeParse(stored);
  const mismatched = parsed.success
    ? (Object.keys(body) as (keyof SrPartnerConfiguration)[]).filter(
        (k) => JSON.stringify(parsed.data[k]) !== JSON.stringify(body[k]),
      )
    : ['(unreadable answer)'];
  if (mismatched.length > 0) {
    io.err(`Registered, but SmartRecruiters returns a different configuration: ${mismatched.join(', ')}.\n`);
    return 1;
  }
  io.out(`Registered with SmartRecruiters at ${sr.apiUrl}: consent page ${body.consentUrl}\n`);
  return 0;
}

/**
 * `assay integrations smartrecruiters register [--dry-run]` (the integrations command
 * dispatches here with the arguments after `register`).
 */
export async function registerSmartRecruitersCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--dry-run' && a !== 'register');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${unknown[0]}.\n${USAGE}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(processEnv());
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  return runSmartRecruitersRegister(config, { dryRun: args.includes('--dry-run') });
}
