// Merkle trees over transaction ids in internal byte order (the reverse of RPC display hex).
import { sha256d } from "./hash.ts";

function hashPair(left: Uint8Array, right: Uint8Array, scratch64: Uint8Array, out: Uint8Array): Uint8Array {
  scratch64.set(left, 0);
  scratch64.set(right, 32);
  return sha256d(scratch64, out);
}

/** Bitcoin merkle root: pairs hashed with sha256d, an odd last element paired with itself. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) throw new RangeError("merkle root of no transactions");
  const scratch = new Uint8Array(64);
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(hashPair(level[i]!, level[i + 1] ?? level[i]!, scratch, new Uint8Array(32)));
    }
    level = next;
  }
  return new Uint8Array(level[0]!);
}

/**
 * Stratum merkle branch for a block whose first transaction (the coinbase) is not known yet:
 * the sibling hashes a miner combines, in order, as root = sha256d(root || branch[i]) starting
 * from the coinbase txid. `txids` are the non-coinbase transactions in block order.
 */
export function merkleBranch(txids: readonly Uint8Array[]): Uint8Array[] {
  const scratch = new Uint8Array(64);
  const branch: Uint8Array[] = [];
  // level[0] stands for the (unknown) running hash on the coinbase's path.
  let level: (Uint8Array | null)[] = [null, ...txids];
  while (level.length > 1) {
    branch.push(new Uint8Array(level[1]!));
    const next: (Uint8Array | null)[] = [null];
    for (let i = 2; i < level.length; i += 2) {
      const left = level[i]!;
      next.push(hashPair(left, level[i + 1] ?? left, scratch, new Uint8Array(32)));
    }
    level = next;
  }
  return branch;
}

/**
 * Fold a branch onto the coinbase hash. Writes into `out` (may be the same array as
 * `coinbaseHash`); `scratch64` is a caller-owned 64-byte buffer so the hot path allocates nothing.
 */
export function rootFromBranch(
  coinbaseHash: Uint8Array,
  branch: readonly Uint8Array[],
  out: Uint8Array = new Uint8Array(32),
  scratch64: Uint8Array = new Uint8Array(64),
): Uint8Array {
  if (out !== coinbaseHash) out.set(coinbaseHash);
  for (let i = 0; i < branch.length; i++) {
    scratch64.set(out, 0);
    scratch64.set(branch[i]!, 32);
    sha256d(scratch64, out);
  }
  return out;
}
