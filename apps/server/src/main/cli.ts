import { serve } from './http.js';
import { migrateCommand } from './commands/migrate.command.js';
import { setupCommand } from './commands/setup.command.js';
import { backupCommand } from './commands/backup.command.js';
import { restoreCommand } from './commands/restore.command.js';
import { doctorCommand } from './commands/doctor.command.js';
import { workerCommand } from './commands/worker.command.js';
import { judgeCommand, problemCommand } from './commands/judge.command.js';
import { challengeCommand } from './commands/challenge.command.js';
import { integrationsCommand } from './commands/integrations.command.js';

type Command = { summary: string; run: (args: string[]) => Promise<number> };

/** The `assay` command table. Each entry lives in its own file under commands/. */
const commands: Record<string, Command> = {
  serve: { summary: 'Start the API, web app and (embedded) job worker', run: () => serve() },
  worker: { summary: 'Run background jobs (any number of processes on PostgreSQL)', run: workerCommand },
  migrate: { summary: 'Apply pending migrations (`migrate down` reverts one)', run: migrateCommand },
  setup: { summary: 'First-run setup: --org NAME --email E --password P, or --demo', run: setupCommand },
  doctor: {
    summary: 'Check database, mail, data dir, secret key, sandbox and languages (--json)',
    run: doctorCommand,
  },
  backup: {
    summary: 'Back up the database (SQLite: online copy into DATA_DIR/backups or FILE)',
    run: backupCommand,
  },
  restore: {
    summary: 'Replace the database with a backup FILE (stop assay serve first)',
    run: restoreCommand,
  },
  judge: {
    summary: 'Judge a submission: judge PACKAGE SUBMISSION [--language L] [--json]',
    run: judgeCommand,
  },
  problem: { summary: 'Check a problem package: problem verify PACKAGE', run: problemCommand },
  challenge: { summary: 'Import a challenge: challenge import DIR|ZIP --org SLUG', run: challengeCommand },
  integrations: {
    summary:
      'ATS keys: integrations key smartrecruiters|greenhouse --org SLUG (and smartrecruiters register)',
    run: integrationsCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: assay <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
