// Connection instructions for this host: the stratum URL miners on the LAN should use and the
// username format (payout address, optionally `.worker`).
import type { SetupInfo } from "../../../views/pages/setup.ts";
import type { AppDeps } from "../deps.ts";

/** The host the browser reached us by is the one miners on the same network can reach. */
export function requestHost(request: Request): string {
  try {
    return new URL(`http://${request.headers.get("host") ?? ""}`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "";
  }
}

export function setupInfo(deps: AppDeps, request: Request, address?: string): SetupInfo {
  const host = deps.config.stratum.publicHost ?? (requestHost(request) || "localhost");
  const port = deps.pool.status().port || deps.config.stratum.port;
  return {
    stratum_url: `stratum+tcp://${host}:${port}`,
    host,
    port,
    username: `${address?.trim() || "YOUR_BTC_ADDRESS"}.worker1`,
    password: "x",
    network: deps.config.network,
    notes: [
      "The part after the dot names the device; use a different one for each miner.",
      "Password d=NUMBER fixes the start difficulty.",
      "If a share solves a block, the whole reward is paid to the address in the username.",
    ],
  };
}
