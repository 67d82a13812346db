// The one place that decides whose mining data a request is about: the signed-in user's own
// payout address when there is a session (accountResolver), otherwise the payout address in
// `?address=` — public, as a solo pool's per-address stats are (ckpool's /users/<address>).
import type { MiningReads } from "../../db/mining-reads.ts";
import { ApiError, notFound } from "../errors.ts";

export interface Miner {
  address: string;
  userId: number;
}

export type MinerResolver = (request: Request, query: { address?: string }) => Miner | Promise<Miner>;

/** Bech32/bech32m (bc1, tb1, bcrt1) or base58 payout addresses; the pool validated it fully when the miner authorized. */
const ADDRESS_RE = /^(?:(?:bc|tb|bcrt)1[02-9ac-hj-np-z]{8,87}|[1-9A-HJ-NP-Za-km-z]{25,62})$/i;

export function isAddressLike(s: string): boolean {
  return ADDRESS_RE.test(s);
}

export async function lookupMiner(q: Pick<MiningReads, "userIdByAddress">, address: string | undefined): Promise<Miner> {
  const a = (address ?? "").trim();
  if (!a) throw new ApiError(400, "MINER_REQUIRED", "Say which miner: ?address=<your payout address>");
  if (!isAddressLike(a)) throw new ApiError(400, "INVALID_ADDRESS", "That is not a Bitcoin address");
  const userId = await q.userIdByAddress(a);
  if (userId === null) throw notFound("Miner");
  return { address: a, userId };
}

/**
 * Anonymous callers name a payout address. A miner who turned their profile off answers
 * exactly like an address that never mined (same 404, same body): hiding must not be detectable.
 */
export function addressResolver(q: Pick<MiningReads, "userIdByAddress">, isHidden: (userId: number) => Promise<boolean> = async () => false): MinerResolver {
  return async (_request, query) => {
    const m = await lookupMiner(q, query.address);
    if (await isHidden(m.userId)) throw notFound("Miner");
    return m;
  };
}

/** Signed-in callers get their own numbers; anonymous callers name a payout address. */
export function accountResolver(
  optionalUser: (request: Request) => Promise<{ user: { id: number; btcAddress: string | null } } | null>,
  anonymous: MinerResolver,
): MinerResolver {
  return async (request, query) => {
    const p = await optionalUser(request);
    if (p === null) return anonymous(request, query);
    if (!p.user.btcAddress) throw new ApiError(409, "NO_PAYOUT_ADDRESS", "Link a payout address to your account first (PATCH /api/v1/users/me/wallet)");
    return { address: p.user.btcAddress, userId: p.user.id };
  };
}
