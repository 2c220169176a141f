/** A PostgreSQL URL fit to print in a suggested command: the password is removed. */
export function pgCommandUrl(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}
