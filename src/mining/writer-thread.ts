// The main thread's handle on the mining writer thread (./writer-worker.ts): starts it, sends
// requests and matches the answers. If the thread dies, every open request fails (the caller
// keeps its events and retries) and the next request starts a new thread.
import type { MiningWriterTarget } from "../db/mining-writer.ts";
import type { FromWriter, ToWriter, WriteReport } from "./writer-protocol.ts";

export interface WriterThreadOptions {
  target: MiningWriterTarget;
  startedAt: number;
  shareRetentionMs: number;
}

/**
 * Where the worker's code is. In a checkout it sits next to this file. In the single binary
 * (scripts/build.ts lists it as an entry point) it is embedded under the bundle's root, the
 * repository's top directory (the pool thread's entry is in stratum/), and only a root-relative
 * path finds it there.
 */
const WORKER_URL = import.meta.url.includes("/$bunfs/") ? "./src/mining/writer-worker.ts" : new URL("./writer-worker.ts", import.meta.url).href;

type Pending = { resolve: (r: WriteReport | null) => void; reject: (e: Error) => void };
type WriterRequest = { type: "write"; log: string | null; now: number } | { type: "close" };

export class WriterThread {
  private worker: Bun.Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private started = false;
  /** How many times the thread was started (1 unless it died). */
  starts = 0;

  constructor(private readonly o: WriterThreadOptions) {}

  private spawn(): Bun.Worker {
    // The DOM typing of the global lacks Bun's unref().
    const w = new Worker(WORKER_URL) as unknown as Bun.Worker;
    w.addEventListener("message", (ev) => {
      const m = (ev as MessageEvent<FromWriter>).data;
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (m.type === "done") p.resolve(m.report);
      else p.reject(new Error(m.error));
    });
    const died = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.failAll(why);
    };
    w.addEventListener("error", (ev) => {
      died(`writer thread error: ${(ev as ErrorEvent).message ?? "unknown"}`);
      w.terminate();
    });
    w.addEventListener("close", () => died("writer thread exited"));
    // The thread must never keep the process alive on its own (shutdown closes it first).
    w.unref();
    const open: ToWriter = { type: "open", target: this.o.target, startedAt: this.o.startedAt, fresh: !this.started, shareRetentionMs: this.o.shareRetentionMs };
    w.postMessage(open);
    this.started = true;
    this.starts++;
    return w;
  }

  private failAll(why: string): void {
    const err = new Error(why);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private request(r: WriterRequest): Promise<WriteReport | null> {
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...r, id } satisfies ToWriter);
    });
  }

  /** Applies the logged events and writes the batch; resolves with what the thread did. */
  async write(log: string | null, now: number): Promise<WriteReport> {
    const r = await this.request({ type: "write", log, now });
    if (r === null) throw new Error("writer thread answered a write without a report");
    return r;
  }

  /** Closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    const w = this.worker;
    if (w === null) return;
    try {
      await this.request({ type: "close" });
    } finally {
      this.worker = null;
      w.terminate();
    }
  }
}
