// A process that ingests an endless known share stream into a database (a SQLite file or a
// postgres:// URL) and reports each committed batch on stdout ("batch <total shares written>").
// The crash test kills it with SIGKILL mid-stream and checks what survived.
// Run: bun src/mining/ingest-child.ts <file or URL> <flushMs>
import { openStorage } from "../db/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { silentLogger } from "../log.ts";
import { Ingest } from "./ingest.ts";

const [path, flushMs] = [process.argv[2]!, Number(process.argv[3] ?? 200)];
const storage = await openStorage(path);
const bus: PoolBus = createEventBus();
const ingest = new Ingest({
  target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: Date.now, shareRetentionMs: 86_400_000, flushIntervalMs: flushMs,
  onBatch: ({ totalShares }) => process.stdout.write(`batch ${totalShares}\n`),
});
ingest.attach(bus);
ingest.start();

const T0 = Date.now();
let i = 0;
// Share i has difficulty 1 and achieves difficulty i+1, so the best survived share names the
// last share stored and gaps would show.
// About 20,000 shares/s: fast enough that a kill lands mid-batch, and well inside what either
// engine writes, so no raw row is ever shed for a writer that fell behind (past its cap the
// batch keeps counting shares without raw rows; that is tested on its own, not here).
const feed = () => {
  for (let k = 0; k < 20; k++, i++) {
    bus.publish("share_submitted", {
      source: "hosted", address: "bc1qcrashtest", worker: `w${i % 4}`, userAgent: "child/1", ip: "127.0.0.1", sessionId: "s", jobId: "j",
      height: 1, accepted: true, targetDifficulty: 1, shareDifficulty: i + 1, rejectCode: null, rejectReason: null, isBlock: false, timestamp: T0 + i * 10,
    });
  }
  setTimeout(feed, 1);
};
feed();
