import { createAtsLinkRegistry, type AtsLinkRegistry } from './candidates.ats-links.js';
import { candidatesRoutes } from './candidates.routes.js';
import { createCandidatesJobs, createCandidatesService, type CandidatesDeps } from './candidates.service.js';

export type CandidatesModuleDeps = Omit<CandidatesDeps, 'atsLinks'> & {
  /** The ATS integrations' link resolvers; default: an empty registry they register into. */
  atsLinks?: AtsLinkRegistry;
};

/** Candidates (one per email per organization), tags and the provider-neutral ATS link. */
export function createCandidatesModule(deps: CandidatesModuleDeps) {
  const atsLinks = deps.atsLinks ?? createAtsLinkRegistry();
  const service = createCandidatesService({ ...deps, atsLinks });
  return {
    service,
    atsLinks,
    routes: candidatesRoutes({ candidates: service }),
    jobs: createCandidatesJobs(service),
  };
}

export type CandidatesModule = ReturnType<typeof createCandidatesModule>;
export { createAtsLinkRegistry, type AtsLinkRegistry, type AtsLinkResolver } from './candidates.ats-links.js';
export type { CandidatesService, CandidateActor, CandidateInput } from './candidates.service.js';
export type { CandidateRow } from './candidates.repository.js';
export { presentAtsLink, presentCandidate } from './candidates.presenter.js';
export { candidateActorFor } from './candidates.routes.js';
export { CANDIDATE_PERMISSIONS, canMoveAtsLink } from './candidates.policy.js';
export { CandidateErrors } from './candidates.errors.js';
export { escapeLike } from './candidates.repository.js';
