import { describe, expect, test } from "bun:test";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, encodeVarInt, hexToBytes, ByteReader, hashFromDisplayHex, hashToDisplayHex } from "./bytes.ts";
import { sha256, sha256d } from "./hash.ts";

describe("sha256d", () => {
  test("matches @noble/hashes on many lengths, including in-place output reuse", () => {
    const out = new Uint8Array(32);
    for (const len of [0, 1, 31, 32, 33, 55, 56, 63, 64, 65, 80, 119, 120, 200, 1000]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 131 + len) & 0xff);
      const expected = bytesToHex(nobleSha256(nobleSha256(data)));
      expect(bytesToHex(sha256d(data))).toBe(expected);
      expect(bytesToHex(sha256d(data, out))).toBe(expected);
      expect(bytesToHex(sha256(data))).toBe(bytesToHex(nobleSha256(data)));
    }
  });

  test("writes into a subarray without touching its neighbours", () => {
    const buf = new Uint8Array(96).fill(0xee);
    const data = new TextEncoder().encode("hello");
    sha256d(data, buf.subarray(32, 64));
    expect(bytesToHex(buf.subarray(32, 64))).toBe(bytesToHex(nobleSha256(nobleSha256(data))));
    expect(buf.subarray(0, 32).every((b) => b === 0xee)).toBe(true);
    expect(buf.subarray(64).every((b) => b === 0xee)).toBe(true);
  });
});

describe("bytes", () => {
  test("hexToBytes is strict", () => {
    expect(hexToBytes("00ff")).toEqual(Uint8Array.of(0, 255));
    expect(hexToBytes("")).toEqual(new Uint8Array(0));
    expect(hexToBytes("0")).toBeNull();
    expect(hexToBytes("zz")).toBeNull();
    expect(hexToBytes("00 1")).toBeNull();
    expect(hashFromDisplayHex("00".repeat(31))).toBeNull();
  });

  test("display hex round trip reverses byte order", () => {
    const display = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    const internal = hashFromDisplayHex(display)!;
    expect(internal[0]).toBe(0x6f);
    expect(hashToDisplayHex(internal)).toBe(display);
  });

  test("varint encodes at every size boundary and reads back", () => {
    const cases: [number, string][] = [
      [0, "00"], [252, "fc"], [253, "fdfd00"], [0xffff, "fdffff"], [0x10000, "fe00000100"],
      [0xffffffff, "feffffffff"], [0x100000000, "ff0000000001000000"],
    ];
    for (const [n, hex] of cases) {
      expect(bytesToHex(encodeVarInt(n))).toBe(hex);
      const r = new ByteReader(encodeVarInt(n));
      expect(r.varint()).toBe(n);
      expect(r.ok).toBe(true);
    }
    expect(() => encodeVarInt(-1)).toThrow();
  });

  test("reader flags reads past the end instead of throwing", () => {
    const r = new ByteReader(Uint8Array.of(1, 2));
    expect(r.u32()).toBe(0);
    expect(r.ok).toBe(false);
  });
});
