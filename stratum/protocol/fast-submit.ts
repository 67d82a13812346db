// mining.submit read straight from the line's bytes. Nearly every line a pool receives is one,
// and decoding it to a string, JSON.parse and the parameter strings were most of the pool
// thread's garbage per share, which sets how often its collector pauses every reply.
//
// Only the plain shape is taken: one object whose keys are "id" (a non-negative integer),
// "method" (exactly "mining.submit"), "params" (5 or 6 strings of the expected hex) and
// optionally "jsonrpc" (a string), each once, in any order, with any JSON whitespace. Anything
// else (an escape, another key, a string or null id, a null or missing parameter, hex of the
// wrong length) answers false and the line takes the general path (messages.ts, submit.ts),
// which answers exactly as it would for what this accepts and gives the right error for the rest.
import { MAX_JOB_ID, type SubmitParams } from "./submit.ts";

/** A submit as read by scanSubmit: the request id and the parameters. Reused for every line. */
export interface FastSubmit extends SubmitParams {
  id: number;
}

export const newFastSubmit = (): FastSubmit => ({ id: 0, jobNumber: -1, en2hi: 0, en2lo: 0, ntime: 0, nonce: 0, versionBits: 0 });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** "mining.submit" and "jsonrpc", "method", "params" as bytes, to compare without strings. */
const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const SUBMIT = bytesOf("mining.submit");
const K_ID = bytesOf("id");
const K_METHOD = bytesOf("method");
const K_PARAMS = bytesOf("params");
const K_JSONRPC = bytesOf("jsonrpc");

/** Hex digit value of a byte, -1 when it is not one (JSON is case-sensitive; hex is not). */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x61 + i] = HEX[0x41 + i] = 10 + i;

// The scanner's position and the last string's bounds: module state, as the pool thread reads
// one line at a time (no object per line).
let b: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
let strStart = 0;
let strEnd = 0;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function skipSpace(): void {
  while (pos < end && isSpace(b[pos]!)) pos++;
}

/** Expects `c` after optional whitespace. */
function expect(c: number): boolean {
  skipSpace();
  if (pos >= end || b[pos] !== c) return false;
  pos++;
  return true;
}

/** A string without escapes or control bytes, ASCII only; its bounds in strStart/strEnd. */
function str(): boolean {
  if (!expect(QUOTE)) return false;
  strStart = pos;
  while (pos < end) {
    const c = b[pos]!;
    if (c === QUOTE) {
      strEnd = pos++;
      return true;
    }
    if (c === BACKSLASH || c < 0x20 || c >= 0x80) return false;
    pos++;
  }
  return false;
}

function strIs(word: Uint8Array): boolean {
  if (strEnd - strStart !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[strStart + i] !== word[i]) return false;
  return true;
}

/** The last string as a hex number of 1..`max` digits (max ≤ 8), or -1. */
function hexValue(max: number): number {
  const n = strEnd - strStart;
  return n < 1 || n > max ? -1 : hexAt(strStart, n);
}

/** A non-negative integer of at most 15 digits (exact as a double, printed back the same). */
function integer(): number {
  skipSpace();
  const start = pos;
  while (pos < end && b[pos]! >= 0x30 && b[pos]! <= 0x39) pos++;
  const n = pos - start;
  // A leading zero, a fraction or an exponent is left to JSON.parse.
  if (n === 0 || n > 15 || (n > 1 && b[start] === 0x30)) return -1;
  if (pos < end && (b[pos] === 0x2e || b[pos] === 0x65 || b[pos] === 0x45)) return -1;
  let v = 0;
  for (let i = start; i < pos; i++) v = v * 10 + (b[i]! - 0x30);
  return v;
}

/** The params array into `out`; false for anything the general path should judge. */
function params(out: FastSubmit, en2Chars: number): boolean {
  if (!expect(0x5b)) return false;
  // worker: any string (the session's authorized name is what counts).
  if (!str() || !expect(0x2c) || !str()) return false;
  // An empty or over-long job id gets its own error from the general path.
  if (strEnd === strStart || strEnd - strStart > MAX_JOB_ID) return false;
  out.jobNumber = jobNumberOfBytes();
  // extranonce2 is 8 bytes here (two 32-bit halves); another size is the general path's.
  if (!expect(0x2c) || !str() || strEnd - strStart !== en2Chars || en2Chars !== 16) return false;
  const hi = hexAt(strStart, 8);
  const lo = hexAt(strStart + 8, 8);
  if (hi < 0 || lo < 0) return false;
  out.en2hi = hi;
  out.en2lo = lo;
  if (!expect(0x2c) || !str() || strEnd - strStart !== 8) return false;
  const ntime = hexValue(8);
  if (ntime < 0) return false;
  out.ntime = ntime;
  if (!expect(0x2c) || !str()) return false;
  const nonce = hexValue(8);
  if (nonce < 0) return false;
  out.nonce = nonce;
  out.versionBits = 0;
  skipSpace();
  if (pos < end && b[pos] === 0x2c) {
    pos++;
    if (!str()) return false;
    const v = hexValue(8);
    if (v < 0) return false;
    out.versionBits = v;
  }
  return expect(0x5d);
}

/** `n` hex digits from `start` as a number, or -1. */
function hexAt(start: number, n: number): number {
  let v = 0;
  for (let i = start; i < start + n; i++) {
    const d = HEX[b[i]!]!;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** The job id as the number it was issued as, -1 when it cannot be one (jobNumberOf in submit.ts). */
function jobNumberOfBytes(): number {
  const n = strEnd - strStart;
  if (n < 1 || n > 12 || (n > 1 && b[strStart] === 0x30)) return -1;
  let v = 0;
  for (let i = strStart; i < strEnd; i++) {
    const c = b[i]!;
    // Lowercase only: the pool issues lowercase ids, and "1A" was never one of them.
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Reads `line[start, end)` as a mining.submit into `out`. True only when the line is exactly
 * such a request with well-formed parameters; false leaves the line to the general path.
 */
export function scanSubmit(line: Uint8Array, start: number, stop: number, out: FastSubmit, extranonce2Size: number): boolean {
  b = line;
  pos = start;
  end = stop;
  if (!expect(0x7b)) return false;
  let seen = 0; // bits: 1 id, 2 method, 4 params, 8 jsonrpc
  for (;;) {
    if (!str()) return false;
    let bit: number;
    if (strIs(K_ID)) bit = 1;
    else if (strIs(K_METHOD)) bit = 2;
    else if (strIs(K_PARAMS)) bit = 4;
    else if (strIs(K_JSONRPC)) bit = 8;
    else return false;
    if ((seen & bit) !== 0 || !expect(0x3a)) return false;
    seen |= bit;
    if (bit === 1) {
      const id = integer();
      if (id < 0) return false;
      out.id = id;
    } else if (bit === 2) {
      if (!str() || !strIs(SUBMIT)) return false;
    } else if (bit === 4) {
      if (!params(out, extranonce2Size * 2)) return false;
    } else if (!str()) return false;
    skipSpace();
    if (pos >= end) return false;
    if (b[pos] === 0x2c) {
      pos++;
      continue;
    }
    if (b[pos] !== 0x7d) return false;
    pos++;
    break;
  }
  skipSpace();
  return pos === end && (seen & 7) === 7;
}
