// The one place that decides whose mining data a request is about. Until accounts exist a
// miner is named by payout address (`?address=`); signed-in users plug in here later by
// passing their own resolver to createMining.
import type { MiningQueries } from "../../db/mining-queries.ts";
import { ApiError, notFound } from "../errors.ts";

export interface Miner {
  address: string;
  userId: number;
}

export type MinerResolver = (request: Request, query: { address?: string }) => Miner;

/** Bech32/bech32m (bc1, tb1, bcrt1) or base58 payout addresses; the pool validated it fully when the miner authorized. */
const ADDRESS_RE = /^(?:(?:bc|tb|bcrt)1[02-9ac-hj-np-z]{8,87}|[1-9A-HJ-NP-Za-km-z]{25,62})$/i;

export function isAddressLike(s: string): boolean {
  return ADDRESS_RE.test(s);
}

export function lookupMiner(q: MiningQueries, address: string | undefined): Miner {
  const a = (address ?? "").trim();
  if (!a) throw new ApiError(400, "MINER_REQUIRED", "Say which miner: ?address=<your payout address>");
  if (!isAddressLike(a)) throw new ApiError(400, "INVALID_ADDRESS", "That is not a Bitcoin address");
  const userId = q.userIdByAddress(a);
  if (userId === null) throw notFound("Miner");
  return { address: a, userId };
}

export function addressResolver(q: MiningQueries): MinerResolver {
  return (_request, query) => lookupMiner(q, query.address);
}
