// Byte helpers shared by the mining code. Wire integers are little-endian; RPC hashes are
// shown byte-reversed ("display order") — every function here says which one it takes.

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Strict hex decode: null for odd length or any non-hex character (Buffer would silently truncate). */
export function hexToBytes(hex: string): Uint8Array | null {
  if (!HEX_RE.test(hex)) return null;
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export function isHex(hex: string, byteLength?: number): boolean {
  if (byteLength !== undefined && hex.length !== byteLength * 2) return false;
  return HEX_RE.test(hex);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** New array with the bytes in reverse order (display order <-> internal order for hashes). */
export function reverseBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0, j = bytes.length - 1; j >= 0; i++, j--) out[i] = bytes[j]!;
  return out;
}

/** Internal-order 32-byte hash from its RPC display hex; null when not 64 hex characters. */
export function hashFromDisplayHex(hex: string): Uint8Array | null {
  if (hex.length !== 64) return null;
  const b = hexToBytes(hex);
  return b === null ? null : reverseBytes(b);
}

export function hashToDisplayHex(hash: Uint8Array): string {
  return bytesToHex(reverseBytes(hash));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bitcoin CompactSize ("varint") encoding. */
export function encodeVarInt(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint out of range: ${n}`);
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8);
  if (n <= 0xffffffff) {
    const out = new Uint8Array(5);
    out[0] = 0xfe;
    new DataView(out.buffer).setUint32(1, n, true);
    return out;
  }
  const out = new Uint8Array(9);
  out[0] = 0xff;
  new DataView(out.buffer).setBigUint64(1, BigInt(n), true);
  return out;
}

export function u32LE(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

export function u64LE(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return out;
}

/** 8 hex characters, big-endian, as stratum sends version / nbits / ntime. */
export function u32ToHexBE(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/**
 * Sequential reader over serialized data. Reads past the end set `ok = false` and return
 * zeros, so a parser checks `ok` once at the end instead of wrapping every read.
 */
export class ByteReader {
  pos = 0;
  ok = true;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  private take(n: number): number {
    if (!this.ok || n < 0 || this.pos + n > this.bytes.length) {
      this.ok = false;
      return -1;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }
  u8(): number {
    const at = this.take(1);
    return at < 0 ? 0 : this.bytes[at]!;
  }
  u32(): number {
    const at = this.take(4);
    return at < 0 ? 0 : this.view.getUint32(at, true);
  }
  u64(): bigint {
    const at = this.take(8);
    return at < 0 ? 0n : this.view.getBigUint64(at, true);
  }
  bytesN(n: number): Uint8Array {
    const at = this.take(n);
    return at < 0 ? new Uint8Array(0) : this.bytes.subarray(at, at + n);
  }
  varint(): number {
    const first = this.u8();
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      const at = this.take(2);
      return at < 0 ? 0 : this.view.getUint16(at, true);
    }
    if (first === 0xfe) return this.u32();
    const big = this.u64();
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.ok = false;
      return 0;
    }
    return Number(big);
  }
}
