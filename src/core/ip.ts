// IP addresses and CIDR ranges as the operator writes them (TBG_TRUSTED_PROXIES): parsed once
// here so the configuration check and the request path agree on what an entry means.
import { isIP } from "node:net";

/** Parses "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"; the reason when it is not one of those. */
export function parseProxyEntry(entry: string): { address: string; prefix: number | null; family: "ipv4" | "ipv6" } | string {
  const [address = "", len, ...rest] = entry.split("/");
  const v = isIP(address);
  if (v === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR range`;
  const family = v === 4 ? "ipv4" : "ipv6";
  if (len === undefined) return { address, prefix: null, family };
  const prefix = /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(prefix >= 0 && prefix <= (v === 4 ? 32 : 128))) return `"${entry}" has a bad prefix length`;
  return { address, prefix, family };
}
