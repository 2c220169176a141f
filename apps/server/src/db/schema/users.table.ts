/** A staff user (candidates are not users). `email` is stored lowercase; `password_hash` is an argon2id PHC string. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}
