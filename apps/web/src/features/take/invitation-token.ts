import { readLinkToken } from '../identity/link-token.js';

let tokenInMemory: string | null = null;

/**
 * The invitation token from the mail link (`/take#token=…`). The first call takes it out of the
 * address bar (`history.replaceState`, so it is neither bookmarked, synced nor shown) and keeps it
 * only in this module's memory; later calls (re-renders, StrictMode) return the remembered one.
 */
export function takeInvitationToken(): string | null {
  const fromUrl = readLinkToken(window.location);
  if (fromUrl) {
    tokenInMemory = fromUrl;
    window.history.replaceState(window.history.state, '', window.location.pathname);
  }
  return tokenInMemory;
}
