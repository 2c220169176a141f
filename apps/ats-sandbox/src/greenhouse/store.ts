import { randomBytes } from 'node:crypto';
import {
  defaultFaults,
  type GhCandidate,
  type GhCredential,
  type GhFaults,
  type GhOrg,
  type GhTakeHome,
  type RecordedRequest,
} from './types.js';

export const DEFAULT_ORG = 'default';
const MAX_RECORDED = 2000;

/** Candidates every seeded org starts with (the UI tests drive these). */
export const SEED_CANDIDATES: readonly Omit<GhCandidate, 'id' | 'orgId' | 'applicationId'>[] = [
  {
    firstName: 'Linus',
    lastName: 'Torvalds',
    preferredName: 'Linus',
    email: 'linus@example.com',
    phoneNumber: '+1 555 0100',
    job: 'Platform Engineer',
  },
  {
    firstName: 'Margaret',
    lastName: 'Hamilton',
    preferredName: 'Maggie',
    email: 'margaret@example.com',
    phoneNumber: null,
    job: 'Platform Engineer',
  },
];

/** A completion credential as Greenhouse would issue it: never derived from the Assay key. */
export function generateOutboundCredential(): GhCredential {
  return {
    username: `gh_completion_${randomBytes(12).toString('hex')}`,
    password: randomBytes(18).toString('base64url'),
  };
}

export type NewCandidate = Omit<GhCandidate, 'id' | 'orgId' | 'applicationId' | 'job'> & { job?: string };

/**
 * In-memory state of the fake Greenhouse. `reset` returns to the start state (default org with
 * seeded candidates and a fresh completion credential); take-home numbers never repeat within a
 * process, so a reset sandbox never reuses a `url` Assay has already seen.
 */
export class GhStore {
  orgs = new Map<string, GhOrg>();
  candidates = new Map<number, GhCandidate>();
  takeHomes = new Map<number, GhTakeHome>();
  requests: RecordedRequest[] = [];
  faults: GhFaults = defaultFaults();
  /** Requests that reached the redirect canary (a client that follows redirects lands here). */
  canaryHits: RecordedRequest[] = [];
  private nextCandidate = 1001;
  private nextApplication = 5001;
  private nextSeq = 1;
  private static nextTakeHome = 70001;

  constructor() {
    this.reset(true);
  }

  reset(seed: boolean): void {
    this.orgs.clear();
    this.candidates.clear();
    this.takeHomes.clear();
    this.requests = [];
    this.canaryHits = [];
    this.faults = defaultFaults();
    this.nextCandidate = 1001;
    this.nextApplication = 5001;
    this.createOrg(DEFAULT_ORG);
    if (seed) this.seed(DEFAULT_ORG);
  }

  createOrg(id: string, name?: string): GhOrg {
    const existing = this.orgs.get(id);
    if (existing) return existing;
    const org: GhOrg = {
      id,
      name: name ?? (id === DEFAULT_ORG ? 'Acme (sandbox)' : id),
      assayKey: null,
      outbound: generateOutboundCredential(),
      lastTestList: null,
      lastTestListAt: null,
      lastTestListError: null,
      responseErrors: [],
    };
    this.orgs.set(id, org);
    return org;
  }

  org(id: string | undefined): GhOrg | undefined {
    return this.orgs.get(id ?? DEFAULT_ORG);
  }

  /** Adds the given candidates (default: the seed list) unless one with the same e-mail exists. */
  seed(orgId: string, list: readonly NewCandidate[] = SEED_CANDIDATES): GhCandidate[] {
    this.createOrg(orgId);
    const added: GhCandidate[] = [];
    for (const c of list) {
      const existing = [...this.candidates.values()].find(
        (x) => x.orgId === orgId && x.email.toLowerCase() === c.email.toLowerCase(),
      );
      if (existing) {
        added.push(existing);
        continue;
      }
      const candidate: GhCandidate = {
        ...c,
        job: c.job ?? 'Platform Engineer',
        id: this.nextCandidate++,
        orgId,
        applicationId: this.nextApplication++,
      };
      this.candidates.set(candidate.id, candidate);
      added.push(candidate);
    }
    return added;
  }

  candidatesOf(orgId: string): GhCandidate[] {
    return [...this.candidates.values()].filter((c) => c.orgId === orgId);
  }

  takeHomesOf(filter: { orgId?: string; candidateId?: number }): GhTakeHome[] {
    return [...this.takeHomes.values()].filter(
      (t) =>
        (filter.orgId === undefined || t.orgId === filter.orgId) &&
        (filter.candidateId === undefined || t.candidateId === filter.candidateId),
    );
  }

  allocateTakeHomeId(): number {
    return GhStore.nextTakeHome++;
  }

  record(entry: Omit<RecordedRequest, 'seq' | 'at'>): RecordedRequest {
    const full: RecordedRequest = { seq: this.nextSeq++, at: new Date().toISOString(), ...entry };
    this.requests.push(full);
    if (this.requests.length > MAX_RECORDED) this.requests.splice(0, this.requests.length - MAX_RECORDED);
    return full;
  }
}
