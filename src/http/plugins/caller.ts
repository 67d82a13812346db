// Who is calling, for the routes of the plugin that uses this one. Every request gets `client` (the
// caller's address and user agent, for rate limits and the audit log); a route that needs a
// signed-in caller names the level in its options and its handler receives the principal as `me`:
//
//   { optionalUser: true }   me: Principal | null — no credentials is fine, bad ones are still 401
//   { user: true }           me: Principal — 401 without one; an API key needs the read permission
//                            for GET/HEAD/OPTIONS and write for anything else (403)
//   { session: true }        account security: a signed-in session, never an API key
//   { session: "recent" }    …and a sign-in at most 15 minutes old (password, wallet, Telegram link)
//   { admin: true }          the admin role (and the admin permission on a key); rate limited
//   { page: "user" }         server-rendered account pages: a browser session; anyone else is sent
//   { page: "admin" }        to sign in (or renew an expired one) instead of getting a 401
//
// The checks are src/auth/guards.ts; this only runs them. They run as `resolve`, after the request
// is parsed and validated — where the handlers' own guard calls ran — so a malformed body is a
// 400/422 before it is a 401, as it always was.
import { Elysia } from "elysia";
import { clientOf } from "../../auth/client-ip.ts";
import type { Guards, Principal } from "../../auth/guards.ts";
import { messagePage } from "../../../views/pages/auth.ts";
import { ApiError, httpFailure } from "../errors.ts";
import { redirect, renderPage } from "../page.ts";

export type { Principal };

/** The page answer (a redirect to sign in, a Forbidden page) for a page request that has no principal. */
const detours = new WeakMap<Request, Response>();

export function caller(guards: Guards) {
  /** The signed-in user of a page, or the answer that gets them signed in. */
  async function pageUser(request: Request, admin: boolean): Promise<Principal | Response> {
    const path = new URL(request.url).pathname;
    try {
      const p = admin ? await guards.requireAdmin(request, "adminPages") : await guards.optionalUser(request);
      // Account pages mint keys and end sessions: a browser session, never an API key.
      if (p?.via === "api_key") throw new ApiError(403, "AUTH_SESSION_REQUIRED", "Account pages need a signed-in session; an API key cannot use them");
      if (p) return p;
    } catch (e) {
      // A forged cross-site post has no user to show a page to: the plain error answer.
      const f = httpFailure(e);
      if (!f) throw e;
      if (f.code === "CROSS_SITE_REFUSED" || f.code === "AUTH_SESSION_REQUIRED") throw e;
      if (f.code === "AUTH_TOKEN_EXPIRED") return redirect(request, `/signin/renew?next=${encodeURIComponent(path)}`);
      if (f.status === 403) return renderPage(request, { title: "Forbidden", path }, messagePage("Forbidden", f.message), 403);
      // Signed in but too fast: say so (a sign-in page would not help).
      if (f.status === 429) return renderPage(request, { title: "Too many requests", path }, messagePage("Too many requests", `${f.message}; try again in a minute.`), 429, f.headers);
    }
    return redirect(request, `/signin/renew?next=${encodeURIComponent(path)}`);
  }

  return new Elysia()
    .derive({ as: "scoped" }, ({ request, server }) => ({ client: clientOf(request, server) }))
    .macro({
      optionalUser: { resolve: async ({ request }) => ({ me: await guards.optionalUser(request) }) },
      user: { resolve: async ({ request }) => ({ me: await guards.requireUser(request) }) },
      session: (level: true | "recent") => ({
        resolve: async ({ request }) => ({ me: await guards.requireSession(request, { recent: level === "recent" }) }),
      }),
      admin: { resolve: async ({ request }) => ({ me: await guards.requireAdmin(request) }) },
      page: (level: "user" | "admin") => ({
        resolve: async ({ request }) => {
          const p = await pageUser(request, level === "admin");
          if (p instanceof Response) {
            // resolve cannot answer with a Response; the beforeHandle below (which runs next) does.
            detours.set(request, p);
            return { me: null as unknown as Principal };
          }
          return { me: p };
        },
        beforeHandle: ({ request }) => detours.get(request),
      }),
    });
}
