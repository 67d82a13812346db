// The user as the API shows it to its owner (seed 003 §6 `user` object). Secrets never leave.
import type { UserRow } from "../db/repos.ts";

export interface UserView {
  id: number;
  btc_address: string | null;
  display_name: string | null;
  country_code: string | null;
  email: string | null;
  email_verified: boolean;
  auth_method: string;
  telegram_id: number | null;
  telegram_username: string | null;
  role: string;
  has_password: boolean;
  created_at: string;
  last_login_at: string | null;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    btc_address: u.btcAddress,
    display_name: u.displayName,
    country_code: u.countryCode,
    email: u.email,
    email_verified: u.emailVerified,
    auth_method: u.authMethod,
    telegram_id: u.telegramId,
    telegram_username: u.telegramUsername,
    role: u.role,
    has_password: u.passwordHash !== null,
    created_at: new Date(u.createdAt).toISOString(),
    last_login_at: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null,
  };
}
