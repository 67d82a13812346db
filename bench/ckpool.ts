// ckpool (the C reference solo pool) beside our pool in bench/stratum-limit.ts: CKPOOL=path to a
// ckpool binary built from its source (the benchmark does not fetch or build it). It takes its
// work from the same recorded template our pool gets (difficulty-1 bits: no random share is a
// block), over a node of our own that speaks HTTP the way ckpool writes it (bare LF line ends,
// one call per connection), runs in BTCSOLO mode (-B) at difficulty 1 (its minimum), and is
// pinned to the same core with the same priority as our pool.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordedTemplate } from "../stratum/e2e/fixed-node.ts";
import { fixedReply } from "../stratum/e2e/fixed-rpc.ts";
import { freePort } from "../test/ports.ts";

export interface PoolUnderTest {
  port: number;
  /** CPU used so far (all threads; sysMs the kernel's part, mostly socket calls) and RSS. */
  ask(cmd?: string): Promise<{ cpuMs: number; sysMs: number; rss: number }>;
  stop(): Promise<void>;
}

interface NodeConn {
  buf: string;
}

/** A JSON-RPC node answering from the recorded template, tolerant of ckpool's bare-LF requests. */
function startNode(): { port: number; stop(): void } {
  const template = recordedTemplate();
  const server = Bun.listen<NodeConn>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { buf: "" };
      },
      data(s, chunk) {
        s.data.buf += chunk.toString("latin1");
        const m = /\r?\n\r?\n/.exec(s.data.buf);
        if (m === null) return;
        const head = s.data.buf.slice(0, m.index);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        const body = s.data.buf.slice(m.index + m[0].length);
        if (body.length < length) return;
        const call = JSON.parse(body.slice(0, length)) as { id?: unknown; method: string; params?: unknown[] };
        const json = `${JSON.stringify(fixedReply(template, call))}\n`;
        s.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
      },
    },
  });
  return { port: server.port, stop: () => server.stop(true) };
}

/** CPU (ms, all threads: ckpool's connector, stratifier and generator are threads of one
 * process) and RSS (bytes), from /proc. */
function procStats(pid: number): { cpuMs: number; sysMs: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
  return { cpuMs: (ticks * 1000) / 100, sysMs: (Number(fields[12]) * 1000) / 100, rss: rssPages * 4096 };
}

/** Starts ckpool with `wrap` in front of its command (pinning, priority) and waits until it hands out work. */
export async function startCkpool(binary: string, wrap: (argv: string[]) => string[]): Promise<PoolUnderTest> {
  const node = startNode();
  const dir = mkdtempSync(join(tmpdir(), "ckpool-bench-"));
  const port = freePort();
  writeFileSync(
    join(dir, "ckpool.conf"),
    JSON.stringify({
      btcd: [{ url: `127.0.0.1:${node.port}`, auth: "user", pass: "pass", notify: false }],
      serverurl: [`127.0.0.1:${port}`],
      mindiff: 1,
      startdiff: 1,
      // ckpool gives every port above 4000 its "highdiff" (default 1,000,000) instead of startdiff.
      highdiff: 1,
      logdir: join(dir, "logs"),
    }),
  );
  const name = `ckbench${process.pid}`;
  const proc = Bun.spawn(wrap([binary, "-B", "-k", "-c", join(dir, "ckpool.conf"), "-s", join(dir, "sock"), "-n", name, "-l", "4"]), {
    stdout: process.env.CKPOOL_LOG === "1" ? "inherit" : "ignore",
    stderr: process.env.CKPOOL_LOG === "1" ? "inherit" : "ignore",
  });
  // The wrappers (taskset, nice) exec ckpool in place: the pid is ckpool's. It must not outlive
  // a benchmark that fails half-way.
  const orphan = () => proc.kill("SIGKILL");
  process.on("exit", orphan);
  const stop = async () => {
    process.off("exit", orphan);
    proc.kill();
    await proc.exited;
    node.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`ckpool exited with ${proc.exitCode} (logs in ${dir})`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error("ckpool did not hand out work within 20 s");
    }
    if (await handsOutWork(port)) break;
    await Bun.sleep(200);
  }
  return {
    port,
    ask: async () => procStats(proc.pid),
    stop,
  };
}

/** True once a session on `port` gets a mining.notify. */
async function handsOutWork(port: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    let text = "";
    const done = (ok: boolean, s?: { end(): void }) => {
      clearTimeout(timer);
      resolve(ok); // first: ending the socket calls close(), which settles with false
      s?.end();
    };
    const timer = setTimeout(() => done(false), 3000);
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(s) {
          s.write(`{"id":1,"method":"mining.subscribe","params":["probe"]}\n`);
        },
        data(s, chunk) {
          const first = text === "";
          text += chunk.toString();
          // Authorize once subscribed: ckpool drops an authorize that overtakes the subscribe.
          if (first) s.write(`{"id":2,"method":"mining.authorize","params":["bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080.probe","x"]}\n`);
          if (text.includes(`"method":"mining.notify"`)) done(true, s);
        },
        close() {
          done(false);
        },
      },
    }).catch(() => done(false));
  });
}
