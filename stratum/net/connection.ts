// One TCP peer: framing in, bounded write queue out. Knows bytes and lines, never methods.
import type { Socket } from "bun";
import { decodeLine, LineDecoder, type LineSink } from "./framing.ts";

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/** What the protocol layer plugs into a connection. Called in arrival order, one line at a time. */
export interface LineHandler {
  /** A line it can take from the bytes (the range is valid only during the call); false sends
   * it to onLine as text. */
  onLineBytes?(bytes: Uint8Array, start: number, end: number): boolean;
  onLine(line: string): void;
  onClose(reason: string): void;
}

export interface ConnectionLimits {
  maxLineBytes: number;
  /** Bytes we hold for a peer that does not read; past it the peer is dropped. */
  maxQueueBytes: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Replies gathered while a received chunk is handled, as bytes: one buffer for the thread, as
// one connection's chunk is handled at a time, sent with one socket write at the chunk's end.
let out = new Uint8Array(64 * 1024);
let outLen = 0;

function reserve(n: number): void {
  if (outLen + n <= out.length) return;
  const bigger = new Uint8Array(Math.max(out.length * 2, outLen + n));
  bigger.set(out.subarray(0, outLen));
  out = bigger;
}

/** Appends text as UTF-8 (ASCII byte by byte: stratum replies nearly always are). */
function appendText(text: string): void {
  reserve(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return appendBytes(encoder.encode(text.slice(i)));
    out[outLen++] = c;
  }
}

function appendBytes(bytes: Uint8Array): void {
  reserve(bytes.length);
  out.set(bytes, outLen);
  outLen += bytes.length;
}

/** Appends a safe non-negative integer's decimal digits. */
function appendInteger(v: number): void {
  reserve(16);
  const first = outLen;
  do {
    out[outLen++] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  } while (v > 0);
  for (let i = first, j = outLen - 1; i < j; i++, j--) {
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
}

export class Connection implements LineSink {
  readonly id: number;
  readonly ip: string;
  handler: LineHandler | null = null;
  /** Time of the last complete line received; the server's sweep closes peers idle too long.
   * Bytes without a newline do not count: a peer trickling one byte at a time is idle. */
  lastRecvAt: number;
  readonly openedAt: number;
  /** Set by the protocol once the peer has done what a miner does first (mining.subscribe);
   * until then the server's handshake deadline applies. */
  established = false;
  /** Since when unsent bytes have been waiting; 0 when the queue is empty. */
  stuckSince = 0;
  private queue: Uint8Array[] | null = null;
  private queuedBytes = 0;
  private readonly decoder: LineDecoder;
  private closing: string | null = null;
  /** True while a received chunk's lines are handled: writes are gathered into `out`. */
  private gathering = false;
  /** Set while a chunk is fed: whether a complete line came (the idle clock restarts once). */
  private sawLine = false;
  private ended = false;
  private closed = false;

  constructor(
    id: number,
    private readonly socket: Socket<Connection>,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {
    this.id = id;
    this.ip = socket.remoteAddress;
    this.decoder = new LineDecoder(limits.maxLineBytes);
    this.openedAt = this.lastRecvAt = now();
  }

  markEstablished(): void {
    this.established = true;
  }

  get isOpen(): boolean {
    return this.closing === null && !this.closed;
  }

  get queued(): number {
    return this.queuedBytes;
  }

  /** Queue-aware write: what the kernel does not take now is kept and flushed on drain. While
   * a received chunk is being handled, replies are gathered and sent with one syscall at its end
   * (a socket write is a sendto(2): one per reply was most of the pool's CPU at 20k shares/s). */
  write(text: string): void {
    if (!this.isOpen) return;
    if (this.gathering) return appendText(text);
    this.send(text);
  }

  /** `head`, the digits of `n` (a safe non-negative integer), `tail`: straight into the gathered
   * replies as bytes, with no string made (the protocol's true reply, messages.ts). */
  writeAround(head: Uint8Array, n: number, tail: Uint8Array): void {
    if (!this.isOpen) return;
    if (!this.gathering) return this.send(`${decoder.decode(head)}${n}${decoder.decode(tail)}`);
    appendBytes(head);
    appendInteger(n);
    appendBytes(tail);
  }

  private send(text: string): void {
    if (this.queue !== null) {
      this.enqueue(encoder.encode(text));
      return;
    }
    // A string goes to the kernel as is; bytes are made only for what it did not take.
    const n = this.socket.write(text);
    if (n < 0) {
      this.close("write failed");
      return;
    }
    if (n < text.length || n < Buffer.byteLength(text)) {
      const buf = encoder.encode(text);
      if (n < buf.length) {
        this.stuckSince = this.now();
        this.enqueue(buf.subarray(n));
      }
    }
  }

  /** Called by the server on the socket's drain event. */
  flush(): void {
    const queue = this.queue;
    if (queue === null || this.closed) return;
    while (queue.length > 0) {
      const head = queue[0]!;
      const n = this.socket.write(head);
      if (n < 0) {
        this.close("write failed");
        return;
      }
      this.queuedBytes -= Math.max(0, n);
      if (n < head.length) {
        queue[0] = head.subarray(n);
        return;
      }
      queue.shift();
    }
    this.queue = null;
    this.queuedBytes = 0;
    this.stuckSince = 0;
    if (this.closing !== null) this.end();
  }

  /** Called by the server with each received chunk. Lines are handed over strictly in order. */
  receive(chunk: Uint8Array): void {
    if (!this.isOpen) return;
    this.gathering = true;
    this.sawLine = false;
    outLen = 0;
    let ok = true;
    try {
      ok = this.decoder.feed(chunk, this);
    } finally {
      if (this.sawLine) this.lastRecvAt = this.now();
      this.sendGathered();
    }
    if (!ok) this.close(`line longer than ${this.limits.maxLineBytes} bytes`);
  }

  /** One complete line (LineSink): to the handler, from the bytes when it can take them. */
  line(bytes: Uint8Array, start: number, end: number): void {
    this.sawLine = true;
    const handler = this.handler;
    if (handler === null || !this.isOpen) return;
    try {
      if (handler.onLineBytes?.(bytes, start, end) !== true) handler.onLine(decodeLine(bytes, start, end));
    } catch (err) {
      // A handler bug must cost only this peer, never the process; its replies so far still go.
      this.log.error("stratum handler threw; closing connection", { ip: this.ip, err: String(err) });
      this.close("internal error");
    }
  }

  /** Ends gathering and sends what was gathered (also when the handler closed the connection:
   * its last reply, e.g. the error before a cut, still goes out). */
  private sendGathered(): void {
    this.gathering = false;
    const n = outLen;
    outLen = 0;
    if (!this.closed && n > 0) this.sendBytes(n);
    if (this.closing !== null && this.queue === null) this.end();
  }

  /** Sends out[0, n): the kernel takes what it can, the rest is copied to the queue. */
  private sendBytes(n: number): void {
    if (this.queue !== null) {
      this.enqueue(out.slice(0, n));
      return;
    }
    const sent = this.socket.write(out, 0, n);
    if (sent < 0) {
      this.close("write failed");
      return;
    }
    if (sent < n) {
      this.stuckSince = this.now();
      this.enqueue(out.slice(sent, n));
    }
  }

  private end(): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    this.socket.end();
  }

  /** Ends the connection after what is already queued has been sent (best effort). */
  close(reason: string): void {
    if (this.closing !== null || this.closed) return;
    this.closing = reason;
    // While gathering, the end follows the gathered replies (sendGathered).
    if (this.queue === null && !this.gathering) this.end();
  }

  /** Drops the connection without flushing (a peer that will not read). */
  abort(reason: string): void {
    if (this.closed) return;
    this.closing ??= reason;
    this.queue = null;
    this.queuedBytes = 0;
    this.socket.terminate();
  }

  /** Called by the server once the socket is gone; tells the handler exactly once. */
  closedBySocket(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = null;
    this.queuedBytes = 0;
    const reason = this.closing ?? "peer closed";
    const handler = this.handler;
    this.handler = null;
    if (handler === null) return;
    try {
      handler.onClose(reason);
    } catch (err) {
      this.log.error("stratum close handler threw", { ip: this.ip, err: String(err) });
    }
  }

  private enqueue(buf: Uint8Array): void {
    // Copy: an encoder buffer subarray must not pin a larger one for long.
    (this.queue ??= []).push(buf.byteOffset === 0 ? buf : buf.slice());
    this.queuedBytes += buf.length;
    if (this.queuedBytes > this.limits.maxQueueBytes) this.abort("write queue over limit");
  }
}
