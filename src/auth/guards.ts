// Who is calling: `Authorization: Bearer <jwt>`, `X-API-Key: tbg_…`, or — for the server-rendered
// pages — the HttpOnly session cookie. The web side runs these once per route through its caller
// plugin (src/http/plugins/caller.ts: `{ user: true }` on a route, the principal as `me`); they
// throw AppError (401 / 403 / 429), which src/http maps to the answer.
// The role always comes from the database, never from the token, so a demotion or a ban takes
// effect on the next request rather than when the token expires.
import type { UserRow } from "../db/repos.ts";
import { AppError, forbidden } from "../core/errors.ts";
import { parsePermissions, resolveApiKey, type Permission } from "./api-keys.ts";
import type { AuthCtx } from "./context.ts";
import { ACCESS_COOKIE } from "./cookies.ts";
import { clientOf } from "./client-ip.ts";

export interface Principal {
  user: UserRow;
  via: "jwt" | "api_key" | "cookie";
  permissions: ReadonlySet<Permission>;
  /** Access-token id (JWT and cookie), to find the caller's own session. */
  jti?: string;
  apiKeyId?: string;
  /** When the session's sign-in happened (ms), from the token's auth_time; absent for API keys. */
  authTime?: number;
}

/** Password, wallet, email and Telegram changes need a sign-in at most this old. */
export const RECENT_SIGN_IN_MS = 15 * 60_000;

export interface Guards {
  /** The caller, or null when the request carries no credentials. Bad credentials still throw 401. */
  optionalUser(request: Request): Promise<Principal | null>;
  /** 401 without valid credentials; 403 when the key lacks the permission the method needs. */
  requireUser(request: Request, need?: Permission): Promise<Principal>;
  /** requireUser plus the admin role (and the admin permission for API keys); rate limited. */
  /** `limits`: the rate-limit group counted ("admin" for the API, "adminPages" for the pages). */
  requireAdmin(request: Request, limits?: "admin" | "adminPages"): Promise<Principal>;
  /**
   * Account security (password, wallet, email, Telegram link, sessions, API keys): a signed-in
   * session, never an API key — a leaked key must not be able to take the account over. With
   * `recent`, the sign-in must also be at most RECENT_SIGN_IN_MS old (refreshes do not count).
   */
  requireSession(request: Request, opts?: { recent?: boolean }): Promise<Principal>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      const raw = part.slice(i + 1).trim();
      // A malformed escape is not our cookie: hand it on as is, and the token check refuses it (401).
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/** A cookie write or sign-in form post from another site (CSRF, login CSRF). */
export const crossSiteRefused = () => new AppError("FORBIDDEN", "Cross-site request refused", { reason: "CROSS_SITE_REFUSED" });

/**
 * Cookie-authenticated writes (and sign-in forms) must come from our own pages. SameSite=Strict
 * already keeps the cookie off cross-site requests; checking Origin (or Fetch Metadata) covers
 * older browsers, and sign-in forms, which carry no cookie yet.
 */
export function sameOrigin(config: { http: { publicUrl?: string } }, request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) {
    // "null" (sandboxed frames, file: pages, some redirects) and anything unparsable are not us.
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    const own = new URL(request.url).origin;
    const reqHost = request.headers.get("host");
    return origin === own || origin === config.http.publicUrl || (!!reqHost && host === reqHost);
  }
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

export function createGuards(ctx: AuthCtx): Guards {
  const unauthorized = (code: string, message: string) => new AppError("UNAUTHORIZED", message, { reason: code });

  async function fromJwt(token: string, via: "jwt" | "cookie"): Promise<Principal> {
    const v = await ctx.keys.verify(token);
    if (!v.ok) throw unauthorized(v.code, v.code === "AUTH_TOKEN_EXPIRED" ? "The access token has expired" : "The access token is not valid");
    if (ctx.denied.has(v.claims.jti)) throw unauthorized("AUTH_TOKEN_REVOKED", "This session has been signed out");
    const user = await ctx.repos.users.findUserById(Number(v.claims.sub));
    if (!user) throw unauthorized("AUTH_TOKEN_INVALID", "The access token is not valid");
    const permissions = new Set<Permission>(user.role === "admin" ? ["read", "write", "admin"] : ["read", "write"]);
    return { user, via, permissions, jti: v.claims.jti, ...(v.claims.auth_time !== undefined ? { authTime: v.claims.auth_time * 1000 } : {}) };
  }

  async function optionalUser(request: Request): Promise<Principal | null> {
    let p: Principal | null = null;
    const authz = request.headers.get("authorization");
    const apiKey = request.headers.get("x-api-key");
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      if (!m) throw unauthorized("AUTH_TOKEN_INVALID", "Authorization must be 'Bearer <token>'");
      p = await fromJwt(m[1]!, "jwt");
    } else if (apiKey) {
      const row = await resolveApiKey(ctx, apiKey.trim());
      if (!row) throw unauthorized("AUTH_API_KEY_INVALID", "The API key is not valid, revoked or expired");
      const user = await ctx.repos.users.findUserById(row.userId);
      if (!user) throw unauthorized("AUTH_API_KEY_INVALID", "The API key is not valid, revoked or expired");
      const perms = parsePermissions(row.permissions).filter((x) => x !== "admin" || user.role === "admin");
      p = { user, via: "api_key", permissions: new Set(perms), apiKeyId: row.id };
    } else {
      const cookie = readCookie(request, ACCESS_COOKIE);
      if (!cookie) return null;
      if (!SAFE_METHODS.has(request.method) && !sameOrigin(ctx.config, request)) throw crossSiteRefused();
      p = await fromJwt(cookie, "cookie");
    }
    if (p.user.isBanned) throw new AppError("FORBIDDEN", "This account is banned", { reason: "AUTH_ACCOUNT_BANNED" });
    return p;
  }

  async function requireUser(request: Request, need?: Permission): Promise<Principal> {
    const p = await optionalUser(request);
    if (!p) throw unauthorized("UNAUTHORIZED", "Authentication required");
    const perm = need ?? (SAFE_METHODS.has(request.method) ? "read" : "write");
    if (!p.permissions.has(perm)) throw forbidden(`This API key lacks the ${perm} permission`);
    return p;
  }

  async function requireAdmin(request: Request, limits: "admin" | "adminPages" = "admin"): Promise<Principal> {
    const p = await requireUser(request);
    if (p.user.role !== "admin" || !p.permissions.has("admin")) throw forbidden("Admin role required");
    const d = ctx.limiter.hit(limits, { user: p.user.id, ip: clientOf(request).ip });
    if (!d.ok) throw new AppError("RATE_LIMITED", "Too many admin requests; slow down", { details: { retry_after: d.retryAfterS }, reason: "AUTH_RATE_LIMITED" });
    return p;
  }

  async function requireSession(request: Request, opts: { recent?: boolean } = {}): Promise<Principal> {
    const p = await requireUser(request);
    if (p.via === "api_key") throw new AppError("FORBIDDEN", "Sign in to do this; an API key cannot change account security", { reason: "AUTH_SESSION_REQUIRED" });
    if (opts.recent && (p.authTime === undefined || ctx.now() - p.authTime > RECENT_SIGN_IN_MS)) {
      const maxAge = RECENT_SIGN_IN_MS / 1000;
      throw new AppError("FORBIDDEN", `Sign in again to do this: it needs a sign-in from the last ${maxAge / 60} minutes`, { details: { max_age_s: maxAge }, reason: "AUTH_REAUTH_REQUIRED" });
    }
    return p;
  }

  return { optionalUser, requireUser, requireAdmin, requireSession };
}
