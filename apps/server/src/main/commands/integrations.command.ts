import { parseArgs } from 'node:util';
import { systemClock } from '../../platform/clock/index.js';
import { issueAtsKey, type AtsProviderId } from '../../modules/ats/index.js';
import { registerSmartRecruitersCommand } from '../../integrations/smartrecruiters/index.js';
import { openRuntime } from '../runtime.js';

const USAGE = `Usage:
  assay integrations key smartrecruiters|greenhouse --org SLUG
    Prints a new key for the organization's ATS integration (shown once; only its hash is kept).
    SmartRecruiters: the previous key stops working at once. Greenhouse: earlier keys stay valid
    until revoked in Settings → Integrations.
  assay integrations smartrecruiters register [--dry-run]
    Registers this server's partner configuration with SmartRecruiters (once per server).
`;

const PROVIDERS: readonly AtsProviderId[] = ['smartrecruiters', 'greenhouse'];

/**
 * Subcommands integrations add (`assay integrations <name> …`); each gets the arguments after
 * its name. SmartRecruiters' `register` lives in integrations/smartrecruiters.
 */
export const subcommands: Record<string, (args: string[]) => Promise<number>> = {
  smartrecruiters: (args) => {
    if (args[0] !== 'register') {
      process.stderr.write(USAGE);
      return Promise.resolve(2);
    }
    return registerSmartRecruitersCommand(args.slice(1));
  },
};

async function keyCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { org: { type: 'string' } } });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const [provider] = parsed.positionals;
  const orgSlug = parsed.values.org;
  if (
    parsed.positionals.length !== 1 ||
    !PROVIDERS.includes(provider as AtsProviderId) ||
    orgSlug === undefined
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const runtime = await openRuntime({ migrate: true });
  const { config, database, logger, secretKey } = runtime;
  try {
    const org = await database.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('slug', '=', orgSlug)
      .executeTakeFirst();
    if (!org) {
      process.stderr.write(`No organization with the slug "${orgSlug}".\n`);
      return 1;
    }
    const key = await issueAtsKey(
      { db: database.db, dialect: database.dialect, clock: systemClock, config, log: logger, secretKey },
      provider as AtsProviderId,
      org.id,
    );
    // Only the key on stdout (scripts capture it); the explanation goes to stderr.
    process.stdout.write(`${key}\n`);
    process.stderr.write(
      provider === 'smartrecruiters'
        ? `New SmartRecruiters key for ${org.name}; any previous key stopped working.\n`
        : `New Greenhouse key for ${org.name}; earlier keys stay valid until revoked.\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

/** `assay integrations key smartrecruiters|greenhouse --org SLUG`, and the integrations' own subcommands. */
export async function integrationsCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'key') return keyCommand(rest);
  const sub = action === undefined ? undefined : subcommands[action];
  if (sub) return sub(rest);
  process.stderr.write(USAGE);
  return 2;
}
