import { expect, test } from "bun:test";
import { bytesToHex } from "./bytes.ts";
import { bip34HeightPush, encodeScriptNum, pushData } from "./script.ts";

// Expected bytes follow Bitcoin Core's CScript::push_int64 and CScriptNum::serialize.
const CASES: [number, string][] = [
  [0, "00"],
  [1, "51"],
  [2, "52"],
  [16, "60"],
  [17, "0111"],
  [127, "017f"],
  [128, "028000"],
  [255, "02ff00"],
  [256, "020001"],
  [32767, "02ff7f"],
  [32768, "03008000"],
  [65535, "03ffff00"],
  [65536, "03000001"],
  [8388607, "03ffff7f"],
  [8388608, "0400008000"],
  [200000, "03400d03"], // btcd's checkSerializedHeight vector
  [542213, "03054608"], // the height push in AntPool's real coinbase of block 542213
  [879500, "038c6b0d"],
];

test.each(CASES)("BIP34 height %d pushes %s", (height, hex) => {
  expect(bytesToHex(bip34HeightPush(height))).toBe(hex);
});

test("invalid heights are refused", () => {
  expect(() => bip34HeightPush(-1)).toThrow();
  expect(() => bip34HeightPush(1.5)).toThrow();
});

test("script numbers: sign bit and padding", () => {
  expect(bytesToHex(encodeScriptNum(0))).toBe("");
  expect(bytesToHex(encodeScriptNum(-1))).toBe("81");
  expect(bytesToHex(encodeScriptNum(-128))).toBe("8080");
  expect(bytesToHex(encodeScriptNum(128))).toBe("8000");
});

test("pushData picks the minimal opcode", () => {
  expect(bytesToHex(pushData(new Uint8Array(75))).slice(0, 2)).toBe("4b");
  expect(bytesToHex(pushData(new Uint8Array(76))).slice(0, 4)).toBe("4c4c");
  expect(bytesToHex(pushData(new Uint8Array(256))).slice(0, 6)).toBe("4d0001");
});
