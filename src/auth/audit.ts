// Security events worth keeping (seed 003 audit_log): sign-ins and failures, key creation,
// settings changes, admin actions. Writing the row never fails the request it describes.
import type { AuthCtx, Client } from "./context.ts";

export type AuditAction =
  | "login"
  | "login_failed"
  | "account_locked"
  | "register"
  | "logout"
  | "session_revoked"
  | "refresh_reuse_detected"
  | "email_verified"
  | "password_reset_requested"
  | "password_reset"
  | "password_changed"
  | "password_change_failed"
  | "api_key_created"
  | "api_key_revoked"
  | "settings_changed"
  | "profile_changed"
  | "wallet_changed"
  | "telegram_linked"
  | "admin_created"
  | "admin_action";

/**
 * Inside a transaction pass the transaction's repos (withRepos): the row then commits with the
 * change it describes. It is written in a savepoint of its own, so a failed write is only
 * logged, also on PostgreSQL, where a failed statement would otherwise abort the whole
 * transaction it is in.
 */
export async function audit(ctx: Pick<AuthCtx, "repos" | "log" | "now">, action: AuditAction, userId: number | null, client: Client, metadata?: Record<string, unknown>): Promise<void> {
  const row = {
    userId,
    action,
    ipAddress: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    metadata: metadata ? JSON.stringify(metadata) : null,
    createdAt: ctx.now(),
  };
  try {
    await ctx.repos.transaction((tx) => tx.auth.insertAudit(row));
  } catch (e) {
    ctx.log.error("audit write failed", { action, error: e as Error });
  }
}
