// The admin role: the first admin comes from `tbg admin create` or TBG_ADMIN_* on first start;
// admins then manage users from the admin pages. Every action is written to the audit log.
import { audit } from "../auth/audit.ts";
import { withRepos, type AuthCtx, type Client } from "../auth/context.ts";
import { checkPassword, normalizeEmail } from "../auth/email-account.ts";
import type { Passwords } from "../auth/passwords.ts";
import { isUniqueViolation, type Repos, type UserRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";

export type AdminCreateResult = { ok: true; user: UserRow; created: boolean } | { ok: false; reason: string };

/**
 * Creates an email admin account, or promotes (and re-passwords) the existing account of that
 * email. `onDone` runs in the same transaction (the caller's audit row commits with the change).
 */
export async function createAdmin(
  repos: Repos,
  passwords: Passwords,
  rawEmail: string,
  password: string,
  now: number,
  onDone?: (tx: Repos, user: UserRow, created: boolean) => Promise<void>,
): Promise<AdminCreateResult> {
  let email: string;
  try {
    email = normalizeEmail(rawEmail);
    checkPassword(password);
  } catch (e) {
    return { ok: false, reason: e instanceof AppError ? e.message : String(e) };
  }
  const passwordHash = await passwords.hash(password);
  return repos.transaction(async (tx) => {
    const existing = await tx.users.findUserByEmail(email);
    const user = existing
      ? (await tx.users.updateUser(existing.id, { role: "admin", passwordHash, emailVerified: true }, now))!
      : // The operator typed this address on the server: it counts as verified.
        await tx.users.insertUser({ email, passwordHash, emailVerified: true, authMethod: "email", role: "admin" }, now);
    await onDone?.(tx, user, !existing);
    return { ok: true as const, user, created: !existing };
  });
}

/** TBG_ADMIN_EMAIL/TBG_ADMIN_PASSWORD act only while no admin exists, so a later restart never resets a password. */
export async function ensureFirstAdmin(ctx: AuthCtx): Promise<void> {
  const admin = ctx.config.admin;
  if (!admin || (await ctx.repos.users.countAdmins()) > 0) return;
  let r: AdminCreateResult;
  try {
    r = await createAdmin(ctx.repos, ctx.passwords, admin.email, admin.password, ctx.now(), (tx, user) =>
      audit(withRepos(ctx, tx), "admin_created", user.id, { ip: "local" }, { source: "environment" }),
    );
  } catch (e) {
    // Another instance on the same PostgreSQL database made the account at the same moment.
    if (isUniqueViolation(e) && (await ctx.repos.users.countAdmins()) > 0) return;
    throw e;
  }
  if (!r.ok) {
    ctx.log.error("TBG_ADMIN_EMAIL/TBG_ADMIN_PASSWORD not applied", { reason: r.reason });
    return;
  }
  ctx.log.info("admin account ready", { email: admin.email, created: r.created });
}

/** Loads the target, applies `change` and writes the audit row, in one transaction. */
async function adminChange<T>(ctx: AuthCtx, targetId: number, change: (tx: Repos, target: UserRow) => Promise<T>): Promise<T> {
  return ctx.repos.transaction(async (tx) => {
    const target = await tx.users.findUserById(targetId);
    if (!target) throw new AppError("NOT_FOUND", "User not found");
    return change(tx, target);
  });
}

export async function setRole(ctx: AuthCtx, actor: UserRow, targetId: number, role: "user" | "admin", client: Client): Promise<UserRow> {
  return adminChange(ctx, targetId, async (tx, target) => {
    if (target.id === actor.id && role !== "admin") throw new AppError("CONFLICT", "You cannot remove your own admin role", { reason: "LAST_ADMIN" });
    const updated = (await tx.users.updateUser(target.id, { role }, ctx.now()))!;
    await audit(withRepos(ctx, tx), "admin_action", actor.id, client, { action: "set_role", target: target.id, role });
    return updated;
  });
}

export async function setBanned(ctx: AuthCtx, actor: UserRow, targetId: number, banned: boolean, client: Client): Promise<UserRow> {
  const { updated, denied } = await adminChange(ctx, targetId, async (tx, target) => {
    if (target.id === actor.id) throw new AppError("CONFLICT", "You cannot ban yourself", { reason: "SELF_BAN" });
    const at = ctx.now();
    const updated = (await tx.users.updateUser(target.id, { isBanned: banned }, at))!;
    // The ban and the end of the user's sessions commit together.
    const denied = banned ? await tx.auth.revokeAllForUser(target.id, at, "admin") : [];
    await audit(withRepos(ctx, tx), "admin_action", actor.id, client, { action: banned ? "ban" : "unban", target: target.id });
    return { updated, denied };
  });
  ctx.denied.add(denied);
  // The pool refuses (or again accepts) the user's payout address before the answer goes out.
  try {
    await ctx.onBanChanged?.();
  } catch (e) {
    ctx.log.warn("the pool's banned addresses were not updated; the next refresh retries", { error: String(e) });
  }
  return updated;
}

export async function markEmailVerified(ctx: AuthCtx, actor: UserRow, targetId: number, client: Client): Promise<UserRow> {
  return ctx.repos.transaction(async (tx) => {
    const target = await tx.users.findUserById(targetId);
    if (!target || !target.email) throw new AppError("NOT_FOUND", "User with an email not found");
    const updated = (await tx.users.updateUser(target.id, { emailVerified: true }, ctx.now()))!;
    await audit(withRepos(ctx, tx), "admin_action", actor.id, client, { action: "verify_email", target: target.id });
    return updated;
  });
}
