import { formatDoctorReport, runDoctor } from '../doctor.js';
import { loadConfigOrExit } from '../runtime.js';
import { localSandboxProbe } from '../sandbox-probe.js';

/** `assay doctor [--json]`: what Assay would use and whether it can run; exit 0 only when it can. */
export async function doctorCommand(args: string[]): Promise<number> {
  const config = loadConfigOrExit();
  const report = await runDoctor({ config, sandbox: localSandboxProbe });
  process.stdout.write(
    args.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
  );
  return report.ok ? 0 : 1;
}
