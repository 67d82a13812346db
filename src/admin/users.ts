// What the admin pages read about users and the one action not in ./admin.ts (ending every
// session of a user). The audit log is turned into words here: names instead of ids.
import { audit, type AuditAction } from "../auth/audit.ts";
import { withRepos, type AuthCtx, type Client } from "../auth/context.ts";
import { AppError } from "../core/errors.ts";
import type { AuditRow, Repos, UserRow } from "../db/repos.ts";

/** Every action the audit log knows, for the filter (src/auth/audit.ts). */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  "login", "login_failed", "account_locked", "register", "logout", "session_revoked", "refresh_reuse_detected", "email_verified",
  "password_reset_requested", "password_reset", "password_changed", "password_change_failed", "api_key_created", "api_key_revoked",
  "settings_changed", "profile_changed", "wallet_changed", "telegram_linked", "admin_created", "admin_action",
];

/** How a user is named on admin pages (views/pages/admin-users.ts userLabel writes it the same way). */
export function nameOf(u: Pick<UserRow, "id" | "displayName" | "email" | "btcAddress" | "telegramUsername">): string {
  const name = u.displayName ?? u.email ?? (u.telegramUsername ? `@${u.telegramUsername}` : null) ?? (u.btcAddress ? `${u.btcAddress.slice(0, 10)}…` : null) ?? "user";
  return `${name} (#${u.id})`;
}

/**
 * Finds the user an admin typed: "#12" or "12" as an id, else the search (name, email,
 * address, Telegram id). Null when nothing matches.
 */
export async function resolveUser(repos: Repos, text: string): Promise<UserRow | null> {
  const t = text.trim();
  const id = /^#?(\d{1,9})$/.exec(t);
  if (id) {
    const u = await repos.users.findUserById(Number(id[1]));
    if (u) return u;
  }
  return (await repos.users.listUsers({ limit: 1, query: t }))[0] ?? null;
}

export interface AuditLine {
  id: number;
  createdAt: number;
  actor: string | null;
  actorId: number | null;
  action: string;
  summary: string;
  ipAddress: string | null;
}

/** Admin operations whose stored name does not read well on its own. */
const OP_LABELS: Record<string, string> = { competition_created: "World Cup scheduled", competition_moved: "World Cup moved" };

/** Audit rows in words: "ban Bob (#4)", "badge granted first_share to Ana (#3)". */
export async function describeAudit(repos: Repos, rows: AuditRow[]): Promise<AuditLine[]> {
  const names = new Map<number, string>();
  const nameFor = async (id: number) => {
    if (!names.has(id)) {
      const u = await repos.users.findUserById(id);
      names.set(id, u ? nameOf(u) : `deleted user #${id}`);
    }
    return names.get(id)!;
  };
  const out: AuditLine[] = [];
  for (const r of rows) {
    let meta: Record<string, unknown> = {};
    try {
      meta = r.metadata ? (JSON.parse(r.metadata) as Record<string, unknown>) : {};
    } catch {
      meta = {};
    }
    const targetId = typeof meta.target === "number" ? meta.target : typeof meta.target_user_id === "number" ? meta.target_user_id : null;
    const target = targetId !== null ? await nameFor(targetId) : null;
    let summary = r.action.replace(/_/g, " ");
    if (r.action === "admin_action") {
      const raw = String(meta.action ?? meta.op ?? "action");
      const op = OP_LABELS[raw] ?? raw.replace(/_/g, " ");
      const competition = typeof meta.competition_id === "number" ? ` #${meta.competition_id}${typeof meta.name === "string" ? ` ${meta.name}` : ""}` : "";
      const extra = meta.role ? ` → ${String(meta.role)}` : meta.slug ? ` ${String(meta.slug)}` : competition ? `${competition}${meta.to ? ` → ${String(meta.to)}` : ""}` : typeof meta.name === "string" ? ` “${meta.name}”` : "";
      summary = `${op}${extra}${target ? ` for ${target}` : ""}`;
    } else {
      const details = Object.entries(meta)
        .filter(([k]) => k !== "family")
        .map(([k, v]) => `${k.replace(/_/g, " ")}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
        .join("; ");
      if (details) summary += ` (${details})`;
    }
    out.push({ id: r.id, createdAt: r.createdAt, actor: r.userId !== null ? await nameFor(r.userId) : null, actorId: r.userId, action: r.action, summary, ipAddress: r.ipAddress });
  }
  return out;
}

/** Ends every session of a user (their refresh tokens, and their access tokens through the deny list); audited. */
export async function revokeAllSessions(ctx: AuthCtx, actor: UserRow, targetId: number, client: Client): Promise<number> {
  const denied = await ctx.repos.transaction(async (tx) => {
    const target = await tx.users.findUserById(targetId);
    if (!target) throw new AppError("NOT_FOUND", "User not found");
    const jtis = await tx.auth.revokeAllForUser(target.id, ctx.now(), "admin");
    await audit(withRepos(ctx, tx), "admin_action", actor.id, client, { action: "revoke_sessions", target: target.id, sessions: jtis.length });
    return jtis;
  });
  ctx.denied.add(denied);
  return denied.length;
}
