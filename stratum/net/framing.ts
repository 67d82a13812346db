// Line framing for Stratum V1: bytes in, complete newline-terminated lines out.
// Knows nothing of JSON or mining.* methods. A line is decoded only once it is
// complete, so a UTF-8 character split across TCP segments is never mangled.

/** Longest line we accept. A mining.submit is ~150 bytes and a configure ~300;
 * 16 KiB leaves room for any real miner while bounding what one peer can make us buffer. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export type LineOverflow = { error: "line too long"; bytes: number };

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Receives each complete line as a byte range of `bytes` (valid only during the call). */
export interface LineSink {
  line(bytes: Uint8Array, start: number, end: number): void;
}

export class LineDecoder {
  /** Bytes of an unfinished line; null when nothing is pending (the common case). */
  private pending: Uint8Array | null = null;
  private failed = false;
  /** Length of the line that failed the decoder. */
  private overflowBytes = 0;

  constructor(private readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {}

  /** Hands `sink` each complete line of this chunk in order (empty lines dropped, trailing CR
   * stripped), with no copy and no string. Returns false once a line passes the byte limit (the
   * lines before it in the chunk were handed over); after that the decoder stays failed. */
  feed(chunk: Uint8Array, sink: LineSink): boolean {
    if (this.failed) return false;
    let data = chunk;
    if (this.pending !== null) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending, 0);
      joined.set(chunk, this.pending.length);
      data = joined;
      this.pending = null;
    }
    let start = 0;
    for (;;) {
      const nl = data.indexOf(LF, start);
      if (nl === -1) break;
      if (nl - start > this.maxLineBytes) return this.fail(nl - start);
      let end = nl;
      if (end > start && data[end - 1] === CR) end--;
      if (end > start) sink.line(data, start, end);
      start = nl + 1;
    }
    const rest = data.length - start;
    if (rest > this.maxLineBytes) return this.fail(rest);
    // Copy the tail: the caller's chunk buffer may be reused by the runtime.
    if (rest > 0) this.pending = data.slice(start);
    return true;
  }

  /** The complete lines in this chunk as strings, or an overflow value once a line passes the
   * byte limit (then none of the chunk's lines). */
  push(chunk: Uint8Array): string[] | LineOverflow {
    const lines: string[] = [];
    const ok = this.feed(chunk, { line: (bytes, start, end) => void lines.push(decodeLine(bytes, start, end)) });
    return ok ? lines : { error: "line too long", bytes: this.overflowBytes };
  }

  /** Bytes held for an unfinished line. */
  get pendingBytes(): number {
    return this.pending === null ? 0 : this.pending.length;
  }

  private fail(bytes: number): false {
    if (!this.failed) this.overflowBytes = bytes;
    this.failed = true;
    this.pending = null;
    return false;
  }
}

/** A line's bytes as text (invalid UTF-8 becomes U+FFFD, as a miner's garbage should). */
export const decodeLine = (bytes: Uint8Array, start: number, end: number): string => utf8.decode(bytes.subarray(start, end));
