// Bitcoin wire encodings used by the signature verifiers: CompactSize integers and a bounds-checked
// reader that reports malformed input as a value instead of throwing.
import { base64 } from "@scure/base";

// CompactSize and little-endian writers are the pool's own (one encoder for the project).
export { encodeVarInt as compactSize, u32LE as u32le } from "../../../stratum/bitcoin/index.ts";

/** 8-byte little-endian amount; the virtual BIP-322 transactions only ever carry value 0. */
export const ZERO_AMOUNT = new Uint8Array(8);

export class ByteReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Canonical CompactSize only, as Bitcoin Core's ReadCompactSize insists; null when malformed. */
  compactSize(): number | null {
    const first = this.bytes(1);
    if (!first) return null;
    const tag = first[0]!;
    if (tag < 0xfd) return tag;
    const width = tag === 0xfd ? 2 : tag === 0xfe ? 4 : 8;
    const body = this.bytes(width);
    if (!body) return null;
    const view = new DataView(body.buffer, body.byteOffset, width);
    const value =
      width === 2 ? view.getUint16(0, true) : width === 4 ? view.getUint32(0, true) : Number(view.getBigUint64(0, true));
    const min = width === 2 ? 0xfd : width === 4 ? 0x10000 : 0x100000000;
    if (value < min || !Number.isSafeInteger(value)) return null;
    return value;
  }

  bytes(n: number): Uint8Array | null {
    if (n < 0 || n > this.remaining) return null;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Strict RFC 4648 base64 with padding (what Bitcoin Core and wallets emit); null when invalid. */
export function decodeBase64(s: string): Uint8Array | null {
  try {
    return base64.decode(s);
  } catch {
    return null;
  }
}
