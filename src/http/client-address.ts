// Who is calling, behind a reverse proxy too. Telegram Mini Apps need https, so many home
// installs sit behind Caddy, nginx or a tunnel; without this every client would share the
// proxy's address and its rate limits. X-Forwarded-For is believed only from the proxies the
// operator listed (TBG_TRUSTED_PROXIES): anyone else can write that header.
import { BlockList, isIP } from "node:net";
import { parseProxyEntry } from "../core/ip.ts";

/** The list as a matcher; null when empty (nothing is trusted). Entries must be valid (config checks them). */
export function trustedProxies(entries: readonly string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const e of entries) {
    const p = parseProxyEntry(e);
    if (typeof p === "string") throw new Error(p);
    if (p.prefix === null) list.addAddress(p.address, p.family);
    else list.addSubnet(p.address, p.prefix, p.family);
  }
  return list;
}

const isTrusted = (list: BlockList, ip: string) => {
  const v = isIP(ip);
  return v !== 0 && list.check(ip, v === 4 ? "ipv4" : "ipv6");
};

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * X-Forwarded-For hops are walked from the nearest back, past every trusted proxy, and the
 * first other address is the client. A hop that is not an address stops the walk at the last
 * trusted one (whatever is written before it came from the untrusted side).
 */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: BlockList | null): string {
  if (trusted === null || forwardedFor === null || !isTrusted(trusted, peer)) return peer;
  let client = peer;
  const hops = forwardedFor.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!.trim();
    if (isIP(hop) === 0) break;
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}
