// The admin role: the first admin comes from `tbg admin create` or TBG_ADMIN_* on first start;
// admins then manage users from the admin pages. Every action is written to the audit log.
import { audit } from "../auth/audit.ts";
import type { AuthCtx, Client } from "../auth/context.ts";
import { checkPassword, normalizeEmail } from "../auth/email-account.ts";
import type { Passwords } from "../auth/passwords.ts";
import { revokeAllForUser } from "../db/auth.ts";
import type { Db } from "../db/client.ts";
import { countAdmins, findUserByEmail, findUserById, insertUser, updateUser, type UserRow } from "../db/users.ts";
import { AppError } from "../core/errors.ts";

export type AdminCreateResult = { ok: true; user: UserRow; created: boolean } | { ok: false; reason: string };

/** Creates an email admin account, or promotes (and re-passwords) the existing account of that email. */
export async function createAdmin(db: Db, passwords: Passwords, rawEmail: string, password: string, now: number): Promise<AdminCreateResult> {
  let email: string;
  try {
    email = normalizeEmail(rawEmail);
    checkPassword(password);
  } catch (e) {
    return { ok: false, reason: e instanceof AppError ? e.message : String(e) };
  }
  const passwordHash = await passwords.hash(password);
  const existing = findUserByEmail(db, email);
  if (existing) {
    const user = updateUser(db, existing.id, { role: "admin", passwordHash, emailVerified: true }, now)!;
    return { ok: true, user, created: false };
  }
  // The operator typed this address on the server: it counts as verified.
  const user = insertUser(db, { email, passwordHash, emailVerified: true, authMethod: "email", role: "admin" }, now);
  return { ok: true, user, created: true };
}

/** TBG_ADMIN_EMAIL/TBG_ADMIN_PASSWORD act only while no admin exists, so a later restart never resets a password. */
export async function ensureFirstAdmin(ctx: AuthCtx): Promise<void> {
  const admin = ctx.config.admin;
  if (!admin || countAdmins(ctx.db) > 0) return;
  const r = await createAdmin(ctx.db, ctx.passwords, admin.email, admin.password, ctx.now());
  if (!r.ok) {
    ctx.log.error("TBG_ADMIN_EMAIL/TBG_ADMIN_PASSWORD not applied", { reason: r.reason });
    return;
  }
  audit(ctx, "admin_created", r.user.id, { ip: "local" }, { source: "environment" });
  ctx.log.info("admin account ready", { email: admin.email, created: r.created });
}

export function setRole(ctx: AuthCtx, actor: UserRow, targetId: number, role: "user" | "admin", client: Client): UserRow {
  const target = findUserById(ctx.db, targetId);
  if (!target) throw new AppError("NOT_FOUND", "User not found");
  if (target.id === actor.id && role !== "admin") throw new AppError("CONFLICT", "You cannot remove your own admin role", { reason: "LAST_ADMIN" });
  const updated = updateUser(ctx.db, target.id, { role }, ctx.now())!;
  audit(ctx, "admin_action", actor.id, client, { action: "set_role", target: target.id, role });
  return updated;
}

export function setBanned(ctx: AuthCtx, actor: UserRow, targetId: number, banned: boolean, client: Client): UserRow {
  const target = findUserById(ctx.db, targetId);
  if (!target) throw new AppError("NOT_FOUND", "User not found");
  if (target.id === actor.id) throw new AppError("CONFLICT", "You cannot ban yourself", { reason: "SELF_BAN" });
  const at = ctx.now();
  const updated = updateUser(ctx.db, target.id, { isBanned: banned }, at)!;
  if (banned) ctx.denied.add(revokeAllForUser(ctx.db, target.id, at, "admin"));
  audit(ctx, "admin_action", actor.id, client, { action: banned ? "ban" : "unban", target: target.id });
  return updated;
}

export function markEmailVerified(ctx: AuthCtx, actor: UserRow, targetId: number, client: Client): UserRow {
  const target = findUserById(ctx.db, targetId);
  if (!target || !target.email) throw new AppError("NOT_FOUND", "User with an email not found");
  const updated = updateUser(ctx.db, target.id, { emailVerified: true }, ctx.now())!;
  audit(ctx, "admin_action", actor.id, client, { action: "verify_email", target: target.id });
  return updated;
}
