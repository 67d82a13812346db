// Block submission: the one call where losing an answer can lose a block reward.
import type { NodeLog } from "./types.ts";
import type { RpcClient, RpcResult } from "./rpc.ts";

export interface SubmitOutcome {
  /** true for null (accepted now) and "duplicate" (the node already has this block). */
  accepted: boolean;
  /** null when accepted now; otherwise the node's reason ("duplicate", "inconclusive", "high-hash", …) or why no answer came. */
  reason: string | null;
  /** Set when no verdict came (node unreachable, timeouts, garbage): the block may still be good and must be sent again. */
  unanswered?: true;
}

export interface SubmitOptions {
  tries: number;
  /** First retry delay; doubles per retry. */
  retryDelayMs: number;
  timeoutMs: number;
  log: NodeLog;
}

export const DEFAULT_SUBMIT_OPTIONS = { tries: 5, retryDelayMs: 100, timeoutMs: 60_000 } as const;
// An 80-byte header plus at least a transaction count and a coinbase.
const MIN_BLOCK_HEX_CHARS = 2 * 81;
// bitcoind is restarting and not yet serving: the block was never looked at, so resend it.
const RPC_IN_WARMUP = -28;

/** Reads submitblock's answer: null is success, a string is BIP22's reject reason. */
export function interpretSubmitResult(result: unknown): SubmitOutcome {
  if (result === null || result === undefined) return { accepted: true, reason: null };
  if (result === "duplicate") return { accepted: true, reason: "duplicate" };
  if (typeof result === "string") return { accepted: false, reason: result };
  return { accepted: false, reason: `unexpected submitblock answer ${JSON.stringify(result).slice(0, 100)}` };
}

export function checkBlockHex(hex: unknown): string | null {
  if (typeof hex !== "string") return "block hex is not a string";
  if (hex.length < MIN_BLOCK_HEX_CHARS) return `block hex too short (${hex.length} chars)`;
  if (hex.length % 2 !== 0) return "block hex has an odd length";
  if (!/^[0-9a-fA-F]+$/.test(hex)) return "block hex has non-hex characters";
  return null;
}

function retryable(r: Extract<RpcResult<unknown>, { ok: false }>): boolean {
  return r.kind !== "rpc" || r.code === RPC_IN_WARMUP;
}

/**
 * Submits a block, retrying only when no verdict arrived (transport, timeout, HTTP or garbage
 * answers): a reject reason is final. A retry after a lost answer may come back "duplicate",
 * which counts as accepted.
 */
export async function submitBlock(rpc: RpcClient, hex: string, opts: SubmitOptions): Promise<SubmitOutcome> {
  const bad = checkBlockHex(hex);
  if (bad !== null) {
    opts.log.error(`submitblock not sent: ${bad}`);
    return { accepted: false, reason: bad };
  }
  let delay = opts.retryDelayMs;
  let last = "";
  for (let attempt = 1; attempt <= opts.tries; attempt++) {
    const r = await rpc.call("submitblock", [hex], { timeoutMs: opts.timeoutMs });
    if (r.ok) {
      const outcome = interpretSubmitResult(r.result);
      if (outcome.accepted) opts.log.info(`block accepted by the node${outcome.reason ? ` (${outcome.reason})` : ""}`);
      else opts.log.error(`BLOCK REJECTED by the node: ${outcome.reason}`);
      return outcome;
    }
    last = `${r.kind}: ${r.message}`;
    if (!retryable(r)) {
      opts.log.error(`BLOCK REJECTED by the node: ${r.message}${r.code !== undefined ? ` (code ${r.code})` : ""}`);
      return { accepted: false, reason: r.message };
    }
    if (opts.tries > 1) opts.log.error(`submitblock attempt ${attempt}/${opts.tries} got no verdict (${last})`);
    if (attempt < opts.tries) {
      await Bun.sleep(delay);
      delay *= 2;
    }
  }
  opts.log.error(`BLOCK NOT SUBMITTED after ${opts.tries} attempts: ${last}`);
  return { accepted: false, reason: `no answer from node: ${last}`, unanswered: true };
}
