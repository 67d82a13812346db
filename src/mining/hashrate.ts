// Hashrate for the app. The estimator itself is the pool engine's (stratum/protocol/hashrate.ts,
// reached through stratum/index.ts) so dashboards and the pool's hashrate_update agree; what is
// here is how the numbers are written for people and for ckpool-compatible clients.
export { DecayedRates, HASHES_PER_DIFF, WINDOWS, ZERO_RATES, rateOf, type Hashrates, type Window } from "../../stratum/index.ts";

/**
 * ckpool's `suffix_string(val, buf, size, 0)`: below 1000 the integer part, otherwise three
 * significant digits (`%.3g`) and K, M, G, T, P or E. Existing Bitaxe dashboards parse this.
 */
export function ckpoolSuffix(v: number): string {
  if (!Number.isFinite(v) || v < 1000) return String(Math.max(0, Math.floor(Number.isFinite(v) ? v : 0)));
  const units = ["K", "M", "G", "T", "P", "E"];
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** Human form for pages: "1.23 TH/s". */
export function formatHashrate(hps: number): string {
  const units = ["H/s", "KH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"];
  let i = 0;
  let v = Number.isFinite(hps) && hps > 0 ? hps : 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}
