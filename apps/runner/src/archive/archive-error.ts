/** A submission or overlay archive that breaks the unpacking rules (sandbox.md §4). The message names the offending path. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}
