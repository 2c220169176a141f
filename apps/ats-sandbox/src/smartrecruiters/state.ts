import { randomBytes, randomUUID } from 'node:crypto';

/**
 * In-memory state of the emulated SmartRecruiters: companies (consent, swap, credentials B and C),
 * people, jobs, orders with their full patch history, notes, attachments, the partner
 * configuration, issued tokens, fault knobs and the recorded requests. One instance per sandbox.
 */

export interface ClientCredential {
  clientId: string;
  clientSecret: string;
}

export interface SrCompany {
  id: string;
  name: string;
  /** "Allow and Continue" was clicked (or `POST /__sandbox/smartrecruiters/connect`). */
  consented: boolean;
  /** The credential swap happened (Assay called `integration/company/:id`). */
  swapped: boolean;
  /** Assay's credential B (SR → Assay), remembered at the swap. */
  b: ClientCredential | null;
  /** Our credential C (Assay → SR), minted at the swap. */
  c: ClientCredential | null;
  swappedAt: string | null;
  disabledAt: string | null;
}

export interface HiringStep {
  name: string;
  /** Custom steps can carry an assessment. */
  custom: boolean;
  assessment: { packageId: string; packageName: string; autoTrigger: boolean } | null;
}

export interface SrJob {
  id: string;
  companyId: string;
  title: string;
  steps: HiringStep[];
}

export interface SrCandidate {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Primary job first, then secondary assignments. */
  jobIds: string[];
  /** jobId → applicationId. */
  applications: Record<string, string>;
  /** Current hiring step (on the primary job). */
  step: string;
}

export interface PatchRecord {
  at: string;
  contentType: string;
  body: unknown;
}

export interface SrOrder {
  id: string;
  companyId: string;
  candidateId: string;
  jobId: string;
  packageId: string;
  packageName: string;
  resultCallbackURL: string;
  requester: { userId: string; email: string } | null;
  createdAt: string;
  /** What Assay answered to `POST packages/orders` (null when only prepared, never sent). */
  assayStatus: number | null;
  assayBody: unknown;
  accepted: boolean;
  /** The current result document (all patches merged). */
  result: Record<string, unknown>;
  history: PatchRecord[];
}

export interface SrNote {
  id: string;
  candidateId: string;
  companyId: string;
  content: string;
  correlationId: string | null;
  createdAt: string;
}

export interface SrAttachment {
  id: string;
  orderId: string;
  fieldName: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  url: string;
  createdAt: string;
}

export interface IssuedToken {
  principal: { kind: 'master' } | { kind: 'company'; companyId: string };
  clientId: string;
  expiresAt: number;
}

export interface Fault {
  /** Statuses answered one per call (a 2xx lets the call through), e.g. [503, 503, 200]. */
  statuses?: number[];
  /** A status answered on every call until cleared. */
  status?: number;
  /** Seconds for `Retry-After` on 429/503 answers. */
  retryAfter?: number;
  /** Override `X-RateLimit-Remaining` (0 = "pause"). */
  rateLimitRemaining?: number;
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer 307 to this URL. */
  redirectTo?: string;
  /** 429 above this many concurrent calls per credential (SR: 8). */
  concurrencyLimit?: number;
  /** The next N calls get 401 whatever the token. */
  force401?: number;
  /** results PATCH: 415 on `application/json` (accepts `application/merge-patch+json`). */
  reject415?: boolean;
  /** token: `expires_in` of the tokens issued. */
  expiresIn?: number;
  /** attachment: the multipart part name demanded (`file` by default). */
  attachmentPart?: string;
}

export interface RecordedRequest {
  id: number;
  at: string;
  /** `to-assay`: the sandbox called Assay; `from-assay`: Assay called the sandbox's API. */
  direction: 'to-assay' | 'from-assay';
  route: string | null;
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  error: string | null;
}

export interface Recruiter {
  userId: string;
  email: string;
}

export const DEFAULT_COMPANY_ID = '5f1e6b2c-sandbox-company';
export const DEFAULT_MASTER: ClientCredential = {
  clientId: 'sr-sandbox-partner',
  clientSecret: 'sr-sandbox-partner-secret',
};
export const HIRING_STEPS = ['Applied', 'Screening', 'Coding test', 'Interview', 'Hired'];
export const CUSTOM_STEPS = new Set(['Coding test']);

export const SEED_IDS = {
  job: '7a1c3e00-0000-4000-8000-00000000b0b1',
  ada: '0ada0000-0000-4000-8000-000000000001',
  grace: '06ace000-0000-4000-8000-000000000002',
  adaApplication: 'a0000000-0000-4000-8000-00000000a001',
  graceApplication: 'a0000000-0000-4000-8000-00000000a002',
  recruiter: 'c0ffee00-0000-4000-8000-0000000000aa',
} as const;

export class SrState {
  master: ClientCredential = { ...DEFAULT_MASTER };
  defaultCompanyId = DEFAULT_COMPANY_ID;
  recruiter: Recruiter = { userId: SEED_IDS.recruiter, email: 'recruiter@example.com' };
  partnerConfiguration: unknown = null;
  companies = new Map<string, SrCompany>();
  jobs = new Map<string, SrJob>();
  candidates = new Map<string, SrCandidate>();
  orders = new Map<string, SrOrder>();
  notes: SrNote[] = [];
  attachments = new Map<string, SrAttachment>();
  tokens = new Map<string, IssuedToken>();
  faults = new Map<string, Fault>();
  requests: RecordedRequest[] = [];
  private nextRequestId = 1;

  constructor() {
    this.seedDefaults();
  }

  /** Back to the state right after start: default credentials, seeded people and jobs, no orders. */
  reset(): void {
    this.master = { ...DEFAULT_MASTER };
    this.defaultCompanyId = DEFAULT_COMPANY_ID;
    this.recruiter = { userId: SEED_IDS.recruiter, email: 'recruiter@example.com' };
    this.partnerConfiguration = null;
    this.companies.clear();
    this.jobs.clear();
    this.candidates.clear();
    this.orders.clear();
    this.notes = [];
    this.attachments.clear();
    this.tokens.clear();
    this.faults.clear();
    this.requests = [];
    this.nextRequestId = 1;
    this.seedDefaults();
  }

  private seedDefaults(): void {
    this.ensureCompany(DEFAULT_COMPANY_ID, 'Sandbox Corp');
    this.upsertJob({ id: SEED_IDS.job, companyId: DEFAULT_COMPANY_ID, title: 'Backend Engineer' });
    this.upsertCandidate({
      id: SEED_IDS.ada,
      companyId: DEFAULT_COMPANY_ID,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      jobIds: [SEED_IDS.job],
      applications: { [SEED_IDS.job]: SEED_IDS.adaApplication },
    });
    this.upsertCandidate({
      id: SEED_IDS.grace,
      companyId: DEFAULT_COMPANY_ID,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
      jobIds: [SEED_IDS.job],
      applications: { [SEED_IDS.job]: SEED_IDS.graceApplication },
    });
  }

  ensureCompany(id: string, name?: string): SrCompany {
    let company = this.companies.get(id);
    if (!company) {
      company = {
        id,
        name: name ?? id,
        consented: false,
        swapped: false,
        b: null,
        c: null,
        swappedAt: null,
        disabledAt: null,
      };
      this.companies.set(id, company);
    } else if (name) {
      company.name = name;
    }
    return company;
  }

  upsertJob(input: { id?: string; companyId: string; title: string; steps?: string[] }): SrJob {
    const id = input.id ?? randomUUID();
    const existing = this.jobs.get(id);
    const names = input.steps ?? HIRING_STEPS;
    const job: SrJob = {
      id,
      companyId: input.companyId,
      title: input.title,
      steps: names.map(
        (name) =>
          existing?.steps.find((s) => s.name === name) ?? {
            name,
            custom: CUSTOM_STEPS.has(name) || !HIRING_STEPS.includes(name),
            assessment: null,
          },
      ),
    };
    this.jobs.set(id, job);
    return job;
  }

  upsertCandidate(input: {
    id?: string;
    companyId: string;
    firstName: string;
    lastName: string;
    email: string;
    jobIds: string[];
    applications?: Record<string, string>;
    step?: string;
  }): SrCandidate {
    const id = input.id ?? randomUUID();
    const applications: Record<string, string> = { ...(input.applications ?? {}) };
    for (const jobId of input.jobIds) applications[jobId] ??= randomUUID();
    const candidate: SrCandidate = {
      id,
      companyId: input.companyId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      jobIds: [...input.jobIds],
      applications,
      step: input.step ?? 'Applied',
    };
    this.candidates.set(id, candidate);
    return candidate;
  }

  /** Mint a C credential for a company (its secret is random). */
  mintCompanyCredential(): ClientCredential {
    return {
      clientId: `sr-company-${randomBytes(6).toString('hex')}`,
      clientSecret: randomBytes(24).toString('base64url'),
    };
  }

  /** Which principal a client credential belongs to, or null. */
  principalFor(clientId: string, clientSecret: string): IssuedToken['principal'] | null {
    if (clientId === this.master.clientId && clientSecret === this.master.clientSecret)
      return { kind: 'master' };
    for (const company of this.companies.values()) {
      if (company.c && company.c.clientId === clientId && company.c.clientSecret === clientSecret) {
        return { kind: 'company', companyId: company.id };
      }
    }
    return null;
  }

  issueToken(principal: IssuedToken['principal'], clientId: string, expiresIn: number): string {
    const token = `srt_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { principal, clientId, expiresAt: Date.now() + expiresIn * 1000 });
    return token;
  }

  /** Drop the tokens issued to a company's C credential (disconnect). */
  revokeCompanyTokens(companyId: string): void {
    for (const [token, issued] of this.tokens) {
      if (issued.principal.kind === 'company' && issued.principal.companyId === companyId)
        this.tokens.delete(token);
    }
  }

  record(entry: Omit<RecordedRequest, 'id' | 'at'>): RecordedRequest {
    const recorded: RecordedRequest = { id: this.nextRequestId++, at: new Date().toISOString(), ...entry };
    this.requests.push(recorded);
    if (this.requests.length > 5000) this.requests.splice(0, this.requests.length - 5000);
    return recorded;
  }

  /** The fault knobs for a route: its own merged over the `*` (every route) entry. */
  faultFor(route: string): Fault | null {
    const all = this.faults.get('*');
    const own = this.faults.get(route);
    if (!all && !own) return null;
    return { ...(all ?? {}), ...(own ?? {}) };
  }

  /** The fault entry that holds a consumable field (so `statuses`/`force401` are consumed where they live). */
  faultEntryWith(route: string, field: 'statuses' | 'force401'): Fault | null {
    const own = this.faults.get(route);
    if (own?.[field] !== undefined) return own;
    const all = this.faults.get('*');
    if (all?.[field] !== undefined) return all;
    return null;
  }

  candidateName(candidate: SrCandidate): string {
    return `${candidate.firstName} ${candidate.lastName}`;
  }

  ordersOf(candidateId: string): SrOrder[] {
    // Insertion order = order creation order.
    return [...this.orders.values()].filter((o) => o.candidateId === candidateId && o.assayStatus !== null);
  }

  notesOf(candidateId: string): SrNote[] {
    return this.notes.filter((n) => n.candidateId === candidateId);
  }

  /** A JSON view of everything (attachments without their bytes). */
  snapshot(): Record<string, unknown> {
    return {
      defaultCompanyId: this.defaultCompanyId,
      master: { clientId: this.master.clientId },
      recruiter: this.recruiter,
      partnerConfiguration: this.partnerConfiguration,
      companies: [...this.companies.values()],
      jobs: [...this.jobs.values()],
      candidates: [...this.candidates.values()],
      orders: [...this.orders.values()],
      notes: this.notes,
      attachments: [...this.attachments.values()].map(({ data: _data, ...rest }) => rest),
      faults: Object.fromEntries(this.faults),
    };
  }
}
