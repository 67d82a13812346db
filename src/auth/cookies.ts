// Page sessions. The server-rendered pages keep the access token in an HttpOnly cookie (scripts
// on the page never see it, so an injected script cannot steal it) with SameSite=Strict (no
// other site can make the browser send it, which is the CSRF defence together with the Origin
// check in guards.ts). The refresh token sits in a second cookie limited to the refresh path.
// The JSON API never sets cookies; it speaks `Authorization: Bearer`.
import { ACCESS_TOKEN_TTL_S } from "./jwt.ts";
import { REFRESH_TTL_MS } from "./sessions.ts";

export const ACCESS_COOKIE = "tbg_session";
export const REFRESH_COOKIE = "tbg_refresh";
/** The refresh cookie is only sent to the sign-in pages (renew, sign out), never elsewhere. */
export const REFRESH_PATH = "/signin";

function cookie(name: string, value: string, opts: { maxAgeS: number; path: string; secure: boolean }): string {
  return `${name}=${encodeURIComponent(value)}; Path=${opts.path}; Max-Age=${opts.maxAgeS}; HttpOnly; SameSite=Strict${opts.secure ? "; Secure" : ""}`;
}

/** Secure only over https, or the cookie would never come back on a LAN http:// install. */
export function isSecure(request: Request, publicUrl?: string): boolean {
  return (publicUrl ?? request.url).startsWith("https:");
}

export function sessionCookies(tokens: { access_token: string; refresh_token: string }, secure: boolean): string[] {
  return [
    cookie(ACCESS_COOKIE, tokens.access_token, { maxAgeS: ACCESS_TOKEN_TTL_S, path: "/", secure }),
    cookie(REFRESH_COOKIE, tokens.refresh_token, { maxAgeS: Math.floor(REFRESH_TTL_MS / 1000), path: REFRESH_PATH, secure }),
  ];
}

export function clearCookies(secure: boolean): string[] {
  return [cookie(ACCESS_COOKIE, "", { maxAgeS: 0, path: "/", secure }), cookie(REFRESH_COOKIE, "", { maxAgeS: 0, path: REFRESH_PATH, secure })];
}
