// Who may open a socket: the access token (query `token=`, as seed 003 §7 writes the URL, or the
// page's session cookie), and the connect limits. Throws AppError; src/http answers it.
// The token is never logged: it is read here and only its claims go further.
import { AppError, rateLimited, unauthorized } from "../core/errors.ts";
import type { Clock } from "../core/time.ts";
import { crossSiteRefused, readCookie, sameOrigin, type Guards } from "../auth/guards.ts";
import { ACCESS_COOKIE } from "../auth/cookies.ts";
import { ConnectLimiter } from "./limits.ts";
import type { Identity } from "./hub.ts";

/** Issue 16: 5 connects a minute per user, 10 per IP address. */
export const CONNECTS_PER_USER_PER_MIN = 5;
export const CONNECTS_PER_IP_PER_MIN = 10;

export interface Gate {
  /** The socket's owner (null: anonymous) once the limits allow it; throws 401/403/429. */
  admit(request: Request, ip: string): Promise<Identity | null>;
}

/** The `exp` claim of a JWT the guards already verified (unix ms), null when absent. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function createGate(guards: Guards, config: { http: { publicUrl?: string } }, now: Clock, limits: { perUser?: number; perIp?: number } = {}): Gate {
  const byIp = new ConnectLimiter(limits.perIp ?? CONNECTS_PER_IP_PER_MIN, 60_000, now);
  const byUser = new ConnectLimiter(limits.perUser ?? CONNECTS_PER_USER_PER_MIN, 60_000, now);
  return {
    async admit(request, ip) {
      if (!byIp.hit(`ip:${ip}`)) throw rateLimited(byIp.retryAfterS(`ip:${ip}`), "Too many WebSocket connections from this address; wait a minute", "WS_RATE_LIMITED");
      const url = new URL(request.url);
      const token = url.searchParams.get("token");
      let req = request;
      let raw: string | null = null;
      if (token !== null) {
        if (token === "") throw unauthorized("The access token is not valid", "AUTH_TOKEN_INVALID");
        // The guards read credentials from headers: the query token is handed over as a Bearer header.
        req = new Request(url.origin + url.pathname, { headers: { authorization: `Bearer ${token}` } });
        raw = token;
      } else if (readCookie(request, ACCESS_COOKIE) !== undefined && !sameOrigin(config, request)) {
        // A page of another site opening a socket with our visitor's cookie (cross-site WebSocket hijacking).
        throw crossSiteRefused();
      }
      const p = await guards.optionalUser(req);
      if (p === null) return null;
      if (p.via === "api_key") throw new AppError("FORBIDDEN", "Use an access token, not an API key, for the WebSocket", { reason: "WS_TOKEN_REQUIRED" });
      if (!byUser.hit(`u:${p.user.id}`)) throw rateLimited(byUser.retryAfterS(`u:${p.user.id}`), "Too many WebSocket connections for this account; wait a minute", "WS_RATE_LIMITED");
      const used = raw ?? readCookie(request, ACCESS_COOKIE) ?? null;
      return { userId: p.user.id, address: p.user.btcAddress, expiresAt: used ? expiryOf(used) : null, jti: p.jti ?? null };
    },
  };
}
