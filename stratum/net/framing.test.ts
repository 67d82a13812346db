import { describe, expect, test } from "bun:test";
import { LineDecoder } from "./framing.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function feedAll(decoder: LineDecoder, chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const c of chunks) {
    const r = decoder.push(c);
    if (!Array.isArray(r)) throw new Error(`unexpected overflow ${r.bytes}`);
    out.push(...r);
  }
  return out;
}

describe("LineDecoder", () => {
  const frame = '{"id":1,"method":"mining.subscribe","params":["bitaxe/BM1366/v2.4"]}\n';

  test("one chunk, several lines, CRLF and empty lines", () => {
    const d = new LineDecoder(1024);
    expect(feedAll(d, [enc(`a\r\n\nb\nc`)])).toEqual(["a", "b"]);
    expect(d.pendingBytes).toBe(1);
    expect(feedAll(d, [enc("\n")])).toEqual(["c"]);
    expect(d.pendingBytes).toBe(0);
  });

  test("a frame split at every position yields the same line", () => {
    const bytes = enc(frame + frame);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new LineDecoder(1024);
      const lines = feedAll(d, [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(lines).toEqual([frame.trim(), frame.trim()]);
    }
  });

  test("byte-at-a-time feeding", () => {
    const d = new LineDecoder(1024);
    const bytes = enc(frame);
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(feedAll(d, chunks)).toEqual([frame.trim()]);
  });

  test("multi-byte characters split across chunks decode intact", () => {
    const text = '{"ua":"mineur—€😀"}\n';
    const bytes = enc(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new LineDecoder(1024);
      expect(feedAll(d, [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([text.trim()]);
    }
  });

  test("a terminated line past the limit is an overflow value", () => {
    const d = new LineDecoder(16);
    const r = d.push(enc("x".repeat(17) + "\n"));
    expect(Array.isArray(r)).toBe(false);
    // once failed, it stays failed so the connection closes
    expect(Array.isArray(d.push(enc("ok\n")))).toBe(false);
  });

  test("an unterminated line past the limit overflows without waiting for a newline", () => {
    const d = new LineDecoder(16);
    expect(feedAll(d, [enc("x".repeat(10))])).toEqual([]);
    const r = d.push(enc("y".repeat(7)));
    expect(r).toEqual({ error: "line too long", bytes: 17 });
  });

  test("a line exactly at the limit passes", () => {
    const d = new LineDecoder(16);
    expect(feedAll(d, [enc("x".repeat(16)), enc("\n")])).toEqual(["x".repeat(16)]);
  });

  test("the caller's buffer can be reused after push", () => {
    const d = new LineDecoder(64);
    const buf = enc("hello");
    feedAll(d, [buf]);
    buf.fill(0x41);
    expect(feedAll(d, [enc(" world\n")])).toEqual(["hello world"]);
  });
});
