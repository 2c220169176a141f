/**
 * The provider-neutral ATS link port. Each ATS integration (Greenhouse, Lever, …) registers
 * a resolver; the candidates module only knows this interface and the link state machine.
 */
export interface AtsLinkResolver {
  /** Stable id stored on the candidate, e.g. `greenhouse`. */
  readonly provider: string;
  /** Human name used in messages, e.g. `Greenhouse`. */
  readonly label: string;
  /** An example of a URL it recognizes (shown when a URL is not recognized). */
  readonly example?: string;
  /** Cheap, offline check: does this URL look like one of this ATS's candidate pages? */
  matches(url: string): boolean;
  /**
   * Confirm the candidate with the ATS (network allowed). Throws with a user-facing message
   * when the ATS does not know the candidate or refuses.
   */
  resolve(organizationId: string, url: string): Promise<{ externalId: string; profileUrl: string }>;
}

export interface AtsLinkRegistry {
  /** Add an ATS integration. @throws Error when the provider id is taken. */
  register(resolver: AtsLinkResolver): void;
  /** The resolver recognizing `url`, if any. */
  find(url: string): AtsLinkResolver | undefined;
  byProvider(provider: string): AtsLinkResolver | undefined;
  /** What Assay recognizes, in one sentence (for the "unrecognized URL" message). */
  describeRecognized(): string;
}

/** The registry the ATS integrations fill (starts empty: no ATS is configured by default). */
export function createAtsLinkRegistry(initial: readonly AtsLinkResolver[] = []): AtsLinkRegistry {
  const resolvers = new Map<string, AtsLinkResolver>();
  const registry: AtsLinkRegistry = {
    register(resolver) {
      if (resolvers.has(resolver.provider)) {
        throw new Error(`ATS link resolver "${resolver.provider}" is registered twice`);
      }
      resolvers.set(resolver.provider, resolver);
    },
    find: (url) => [...resolvers.values()].find((r) => r.matches(url)),
    byProvider: (provider) => resolvers.get(provider),
    describeRecognized() {
      const list = [...resolvers.values()];
      if (list.length === 0) {
        return 'No ATS integration is configured yet, so Assay does not recognize any ATS URL.';
      }
      const names = list.map((r) => (r.example ? `${r.label} (e.g. ${r.example})` : r.label));
      return `Assay recognizes candidate profile URLs from: ${names.join(', ')}.`;
    },
  };
  for (const resolver of initial) registry.register(resolver);
  return registry;
}
