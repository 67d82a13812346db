// API keys for scripts and integrations (seed 003 api_keys): "tbg_" + 43 base64url characters
// (256 random bits), shown once at creation; the database keeps the SHA-256 and the display
// prefix. Sent as `X-API-Key`. Permissions: read, write, admin (admin also needs the admin role).
import type { ApiKeyRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { audit } from "./audit.ts";
import { withRepos, type AuthCtx, type Client } from "./context.ts";
import { randomToken, sha256Hex } from "./secrets.ts";

export const API_KEY_PREFIX = "tbg_";
export const PERMISSIONS = ["read", "write", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];
/** A user with more live keys than this is doing something a key per integration doesn't need. */
export const MAX_KEYS_PER_USER = 25;
/** last_used_at is written at most this often per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;
const KEY_SHAPE = /^tbg_[A-Za-z0-9_-]{43}$/;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function parsePermissions(json: string): Permission[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)) : [];
  } catch {
    return [];
  }
}

export function apiKeyView(k: ApiKeyRow): ApiKeyView {
  return { id: k.id, name: k.name, prefix: k.prefix, permissions: parsePermissions(k.permissions), created_at: iso(k.createdAt)!, expires_at: iso(k.expiresAt), last_used_at: iso(k.lastUsedAt) };
}

export async function createApiKey(
  ctx: AuthCtx,
  user: { id: number; role: string },
  input: { name: string; permissions: Permission[]; expiresInDays?: number },
  client: Client,
): Promise<{ key: string; view: ApiKeyView }> {
  const name = input.name.trim();
  if (!name || name.length > 64) throw new AppError("VALIDATION", "name must be 1 to 64 characters", { details: [{ field: "name", message: "1 to 64 characters" }], reason: "VALIDATION_ERROR" });
  const permissions = [...new Set(input.permissions.length ? input.permissions : (["read"] as Permission[]))];
  if (permissions.includes("admin") && user.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can create keys with the admin permission");
  const key = API_KEY_PREFIX + randomToken(32);
  // The count, the new key and its audit row in one transaction (on SQLite that also keeps two
  // creations from both passing the count; on PostgreSQL two at the very same moment could
  // still end one above the limit, which is a soft one; the per-user rate limit bounds it).
  const row = await ctx.repos.transaction(async (tx) => {
    if ((await tx.auth.listApiKeys(user.id)).length >= MAX_KEYS_PER_USER) throw new AppError("CONFLICT", `At most ${MAX_KEYS_PER_USER} API keys per account`, { reason: "API_KEY_LIMIT" });
    const at = ctx.now();
    const row = await tx.auth.insertApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name,
      keyHash: sha256Hex(key),
      prefix: key.slice(0, API_KEY_PREFIX.length + 8),
      permissions: JSON.stringify(permissions),
      expiresAt: input.expiresInDays ? at + input.expiresInDays * 86_400_000 : null,
      createdAt: at,
    });
    await audit(withRepos(ctx, tx), "api_key_created", user.id, client, { key_id: row.id, prefix: row.prefix, permissions });
    return row;
  });
  return { key, view: apiKeyView(row) };
}

export async function revokeKey(ctx: AuthCtx, userId: number, id: string, client: Client): Promise<void> {
  // Scoped to the owner: someone else's key id answers exactly like a missing one.
  if (!(await ctx.repos.auth.revokeApiKey(userId, id, ctx.now()))) throw new AppError("NOT_FOUND", "API key not found");
  await audit(ctx, "api_key_revoked", userId, client, { key_id: id });
}

/** The caller's live keys, newest first, as the API shows them. */
export async function listKeys(ctx: AuthCtx, userId: number): Promise<ApiKeyView[]> {
  return (await ctx.repos.auth.listApiKeys(userId)).map(apiKeyView);
}

/** The live key row for a presented key, or null. Never throws for a bad key. */
export async function resolveApiKey(ctx: AuthCtx, key: string): Promise<ApiKeyRow | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const row = await ctx.repos.auth.findApiKeyByHash(sha256Hex(key));
  const at = ctx.now();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= at)) return null;
  if (row.lastUsedAt === null || at - row.lastUsedAt >= TOUCH_EVERY_MS) await ctx.repos.auth.touchApiKey(row.id, at);
  return row;
}
