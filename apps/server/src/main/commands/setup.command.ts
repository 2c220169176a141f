import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../platform/clock/index.js';
import { AppError } from '../../platform/errors/index.js';
import { createJobRegistry, createOutboxQueue } from '../../platform/jobs/index.js';
import { createMailQueue, renderMail } from '../../platform/mail/index.js';
import { createIdentityModule } from '../../modules/identity/index.js';
import { createOrganizationsModule, tenancy } from '../../modules/organizations/index.js';
import { openRuntime } from '../runtime.js';
import { syncBuiltInChallenges } from '../../modules/challenges/index.js';

const DEMO = { organizationName: 'Demo Company', name: 'Demo Owner', email: 'demo@assay.local' } as const;

const USAGE = `Usage:
  assay setup --org NAME --email EMAIL --password PASSWORD [--name NAME]
  assay setup --demo     (idempotent: creates "Demo Company" once, then says where its login is)
`;

/**
 * `assay setup`: first-run setup from the command line (the first organization and its
 * owner), or `--demo` for the quick start. Applies pending migrations first.
 */
export async function setupCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        org: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        demo: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (!values.demo && (!values.org || !values.email || !values.password)) {
    process.stderr.write(USAGE);
    return 2;
  }

  const runtime = await openRuntime({ migrate: true });
  const { config, database, logger } = runtime;
  try {
    const queue = createOutboxQueue({
      db: database.db,
      registry: createJobRegistry(),
      clock: systemClock,
      log: logger,
    }).queue;
    const mail = { queue: createMailQueue({ queue, clock: systemClock }), render: renderMail };
    const identity = createIdentityModule({
      db: database.db,
      clock: systemClock,
      secretKey: runtime.secretKey,
      config,
      mail,
      tenancy,
    });
    const organizations = createOrganizationsModule({
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
      mail,
      identity,
    }).service;
    const loginFile = join(config.dataDir, 'demo-login.txt');
    await syncBuiltInChallenges({
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
      logger,
    });

    if (await organizations.isSetupDone()) {
      if (values.demo) {
        process.stdout.write(
          existsSync(loginFile)
            ? `Assay is already set up. The demo login is in ${loginFile}\n`
            : 'Assay is already set up (not as the demo): log in with the owner account created then.\n',
        );
        return 0;
      }
      process.stderr.write('Assay is already set up: an organization exists.\n');
      return 1;
    }

    const input = values.demo
      ? { ...DEMO, password: randomBytes(15).toString('base64url') }
      : {
          organizationName: values.org ?? '',
          email: values.email ?? '',
          password: values.password ?? '',
          name: values.name ?? (values.email ?? '').split('@')[0] ?? 'Owner',
        };
    await organizations.setup(input);
    if (values.demo) {
      const text = `Assay demo login\nURL:      ${config.http.publicUrl}\nEmail:    ${input.email}\nPassword: ${input.password}\n`;
      writeFileSync(loginFile, text, { mode: 0o600 });
      chmodSync(loginFile, 0o600);
      process.stdout.write(`${text}(saved to ${loginFile})\n`);
    } else {
      process.stdout.write(`Created "${input.organizationName}" with owner ${input.email.toLowerCase()}.\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      process.stderr.write(`${err.userMessage ?? err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
