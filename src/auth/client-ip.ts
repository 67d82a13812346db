// The caller's address for rate limits and the audit log. The app records it on each request
// (rememberIp, from src/http/client-address.ts: the socket's peer, or the client a trusted
// reverse proxy names in X-Forwarded-For).
import type { Client } from "./context.ts";

const ips = new WeakMap<Request, string>();

export function rememberIp(request: Request, ip: string | undefined): void {
  if (ip) ips.set(request, ip);
}

/** `server` is Elysia's context value: null when a test calls app.handle() directly. */
export function clientOf(request: Request, server?: { requestIP(r: Request): { address: string } | null } | null): Client {
  const ip = ips.get(request) ?? server?.requestIP(request)?.address ?? "local";
  return { ip, userAgent: request.headers.get("user-agent") ?? undefined };
}
