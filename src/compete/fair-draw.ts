// The weekly lottery's public rule, pure (the server, `tbg lottery verify` and the README's
// standalone script all compute exactly this):
//
// 1. Ticket file: the JSON text below, frozen when the week closes. Each entry is one miner
//    (public name, never an address) with an inclusive range of ticket numbers — one ticket per
//    accepted share of the week, ranges consecutive from 0. The commitment is SHA-256 of the
//    file's exact bytes (UTF-8), published with the file before the seeding block exists.
// 2. Seed: SHA-256(block_hash ‖ commitment), both as the 32 bytes their hex spells (the block
//    hash in the byte order block explorers show).
// 3. Winners: a stream of 64-bit numbers x_i = the first 8 bytes (big-endian) of
//    SHA-256(seed ‖ uint32_be(i)), i = 0, 1, 2, … A number is used only when
//    x < 2^64 − (2^64 mod N) (rejection sampling: every ticket equally likely, no modulo bias);
//    the ticket is x mod N. A ticket whose owner has already won is skipped, so the (up to)
//    three winners are distinct miners; the first drawn is 1st place.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

export const FORMAT = "tbg-lottery-v1";
export const PLACES = 3;

export interface TicketEntry {
  name: string;
  first: number;
  last: number;
}

export interface TicketFile {
  format: typeof FORMAT;
  week_start: string;
  target_height: number;
  total_tickets: number;
  entries: TicketEntry[];
}

export interface Winner {
  position: number;
  ticket: number;
  entry: number;
}

/** The file text for `counts` tickets per entry, in the given order. */
export function buildTicketFile(weekStart: string, targetHeight: number, entries: { name: string; tickets: number }[]): { text: string; file: TicketFile } {
  let next = 0;
  const list: TicketEntry[] = [];
  for (const e of entries) {
    if (!Number.isSafeInteger(e.tickets) || e.tickets <= 0) continue;
    list.push({ name: e.name, first: next, last: next + e.tickets - 1 });
    next += e.tickets;
  }
  const file: TicketFile = { format: FORMAT, week_start: weekStart, target_height: targetHeight, total_tickets: next, entries: list };
  return { text: JSON.stringify(file, null, 1) + "\n", file };
}

export const commitmentOf = (text: string) => bytesToHex(sha256(new TextEncoder().encode(text)));

export function seedOf(blockHash: string, commitment: string): string {
  if (!/^[0-9a-f]{64}$/.test(blockHash) || !/^[0-9a-f]{64}$/.test(commitment)) throw new Error("block hash and commitment must be 64 lowercase hex digits");
  const both = new Uint8Array(64);
  both.set(hexToBytes(blockHash), 0);
  both.set(hexToBytes(commitment), 32);
  return bytesToHex(sha256(both));
}

/** The i-th 64-bit number of the seed's stream. */
function streamAt(seed: Uint8Array, i: number): bigint {
  const msg = new Uint8Array(seed.length + 4);
  msg.set(seed, 0);
  new DataView(msg.buffer).setUint32(seed.length, i);
  const h = sha256(msg);
  return new DataView(h.buffer, h.byteOffset).getBigUint64(0);
}

/** Entry index owning `ticket` (entries consecutive from 0). */
export function ownerOf(entries: TicketEntry[], ticket: number): number {
  let lo = 0, hi = entries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.last < ticket) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function drawWinners(seedHex: string, file: Pick<TicketFile, "total_tickets" | "entries">, places = PLACES): Winner[] {
  const n = BigInt(file.total_tickets);
  const winners: Winner[] = [];
  if (n === 0n) return winners;
  const want = Math.min(places, file.entries.length);
  const bound = (1n << 64n) - ((1n << 64n) % n);
  const seed = hexToBytes(seedHex);
  const taken = new Set<number>();
  for (let i = 0; winners.length < want; i++) {
    const x = streamAt(seed, i);
    if (x >= bound) continue;
    const ticket = Number(x % n);
    const entry = ownerOf(file.entries, ticket);
    if (taken.has(entry)) continue;
    taken.add(entry);
    winners.push({ position: winners.length + 1, ticket, entry });
  }
  return winners;
}

export interface Verdict {
  ok: boolean;
  reason: string;
  winners: Winner[];
}

/** Re-runs a draw from the ticket file text and the block hash; `ok` when it matches what was published. */
export function verifyDraw(text: string, blockHash: string, published: { commitment: string; winners: { position: number; ticket: number }[] }): Verdict {
  const commitment = commitmentOf(text);
  if (commitment !== published.commitment) return { ok: false, reason: `the ticket file's SHA-256 is ${commitment}, not the published commitment ${published.commitment}`, winners: [] };
  let file: TicketFile;
  try {
    file = JSON.parse(text) as TicketFile;
  } catch {
    return { ok: false, reason: "the ticket file is not JSON", winners: [] };
  }
  if (file.format !== FORMAT) return { ok: false, reason: `unknown format ${String(file.format)}`, winners: [] };
  const winners = drawWinners(seedOf(blockHash, commitment), file);
  const same = winners.length === published.winners.length && winners.every((w, i) => w.ticket === published.winners[i]!.ticket && w.position === published.winners[i]!.position);
  return { ok: same, reason: same ? "the winners match" : "the winners differ from the published ones", winners };
}
