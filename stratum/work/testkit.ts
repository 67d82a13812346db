// Test fixtures shared by the work/ tests: a getblocktemplate-shaped object built from real
// mainnet transactions (the second transaction of block 00000000b0c5a240…).
import mainnet from "./fixtures/mainnet-blocks.json";
import { hashToDisplayHex, hexToBytes } from "../bitcoin/bytes.ts";
import { parseBlock } from "../bitcoin/tx.ts";

const blockHex = mainnet.blocks[1]!.hex;
const parsed = parseBlock(hexToBytes(blockHex)!);
if (!parsed.ok) throw new Error(parsed.reason);
const spend = parsed.value.transactions[1]!;
const spendHex = blockHex.slice(blockHex.length - spend.size * 2);

/** A real, non-coinbase mainnet transaction as getblocktemplate lists it. */
export const REAL_TX = { data: spendHex, txid: hashToDisplayHex(spend.txid), hash: hashToDisplayHex(spend.wtxid) };

/** BIP141 commitment script shape with a fixed 32-byte payload. */
export const COMMITMENT_HEX = `6a24aa21a9ed${"ab".repeat(32)}`;

export function gbt(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 0x20000000,
    previousblockhash: "00000000000000000001f0c4c5d9e4cc8b4c6c2d3a4f7b4bba4b1e6d2c1f4a51",
    bits: "17031abe",
    height: 879500,
    curtime: 1736000000,
    mintime: 1735990000,
    coinbasevalue: 312_512_345,
    default_witness_commitment: COMMITMENT_HEX,
    transactions: [REAL_TX],
    ...overrides,
  };
}
