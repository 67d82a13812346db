// Security events worth keeping (seed 003 audit_log): sign-ins and failures, key creation,
// settings changes, admin actions. Writing the row never fails the request it describes.
import { insertAudit } from "../db/auth.ts";
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

export function audit(ctx: Pick<AuthCtx, "db" | "log" | "now">, action: AuditAction, userId: number | null, client: Client, metadata?: Record<string, unknown>): void {
  try {
    insertAudit(ctx.db, {
      userId,
      action,
      ipAddress: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      metadata: metadata ? JSON.stringify(metadata) : null,
      createdAt: ctx.now(),
    });
  } catch (e) {
    ctx.log.error("audit write failed", { action, error: e as Error });
  }
}
