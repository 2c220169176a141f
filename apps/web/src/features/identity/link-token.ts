/**
 * The one-time token of a mail link. Links put it in the fragment (`#token=…`), which the
 * browser never sends to the server or in a Referer; `?token=` is accepted too.
 */
export function readLinkToken(location: { hash: string; search: string }): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  return fromHash ?? new URLSearchParams(location.search).get('token');
}
