// The caller's address for rate limits and the audit log. The HTTP server records the socket's
// address on each request (rememberIp); forwarded headers are not trusted, because anyone can
// send them — behind a reverse proxy every client then shares the proxy's limits.
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
