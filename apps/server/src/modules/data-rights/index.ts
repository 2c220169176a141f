import type { AnyJobDefinition, JobDefinition } from '../../platform/jobs/index.js';
import { removeAttemptFilesJob, retentionSweepJob } from './data-rights.jobs.js';
import { dataRightsRoutes } from './data-rights.routes.js';
import { createDataRightsService, type DataRightsDeps } from './data-rights.service.js';

/** Candidate data rights: erasure (on request and by retention) and the data export. */
export function createDataRightsModule(deps: DataRightsDeps) {
  const service = createDataRightsService(deps);
  const sweep: JobDefinition<Record<string, never>> = {
    ...retentionSweepJob,
    handler: async () => {
      await service.retentionSweep();
    },
  };
  const removeFiles: JobDefinition<{ attemptIds: string[] }> = {
    ...removeAttemptFilesJob,
    handler: ({ attemptIds }) => service.removeAttemptFiles(attemptIds),
  };
  const jobs: AnyJobDefinition[] = [sweep, removeFiles];
  return {
    service,
    routes: dataRightsRoutes({ dataRights: service }),
    jobs,
    /** Start the daily retention sweep (call once the queue is ready: `onReady`). */
    start: () => service.scheduleSweep(),
  };
}

export type DataRightsModule = ReturnType<typeof createDataRightsModule>;
export type { DataRightsDeps, DataRightsService, DataRightsActor } from './data-rights.service.js';
export { DATA_RIGHTS_PERMISSIONS } from './data-rights.policy.js';
export { DataRightsErrors } from './data-rights.errors.js';
export { writeZip, type ZipEntry } from './data-rights.zip.js';
