// One TCP peer: framing in, bounded write queue out. Knows bytes and lines, never methods.
import type { Socket } from "bun";
import { LineDecoder } from "./framing.ts";

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/** What the protocol layer plugs into a connection. Called in arrival order, one line at a time. */
export interface LineHandler {
  onLine(line: string): void;
  onClose(reason: string): void;
}

export interface ConnectionLimits {
  maxLineBytes: number;
  /** Bytes we hold for a peer that does not read; past it the peer is dropped. */
  maxQueueBytes: number;
}

const encoder = new TextEncoder();


export class Connection {
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
  /** True while a received chunk's lines are handled: writes are gathered into `gathered`. */
  private gathering = false;
  private gathered = "";
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
    if (this.gathering) {
      this.gathered += text;
      return;
    }
    this.send(text);
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
    const lines = this.decoder.push(chunk);
    if (!Array.isArray(lines)) {
      this.close(`line longer than ${this.limits.maxLineBytes} bytes`);
      return;
    }
    if (lines.length > 0) this.lastRecvAt = this.now();
    const handler = this.handler;
    if (handler === null) return;
    this.gathering = true;
    try {
      for (const line of lines) {
        if (!this.isOpen) break;
        try {
          handler.onLine(line);
        } catch (err) {
          // A handler bug must cost only this peer, never the process.
          this.log.error("stratum handler threw; closing connection", { ip: this.ip, err: String(err) });
          this.sendGathered();
          this.close("internal error");
          return;
        }
      }
    } finally {
      this.sendGathered();
    }
  }

  /** Ends gathering and sends what was gathered (also when the handler closed the connection:
   * its last reply, e.g. the error before a cut, still goes out). */
  private sendGathered(): void {
    this.gathering = false;
    const text = this.gathered;
    this.gathered = "";
    if (this.closed) return;
    if (text.length > 0) this.send(text);
    if (this.closing !== null && this.queue === null) this.end();
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
