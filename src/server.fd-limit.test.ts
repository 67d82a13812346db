// The real process under a small open-file limit (ulimit -n 256): a flood of idle stratum
// sockets must leave file descriptors for the web server. Before TBG_MAX_CONNECTIONS, 1,100
// idle connections under a 1,024 limit left /health unanswered and nothing in the log.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseEnv } from "../test/storage.ts";
import type { Socket, Subprocess } from "bun";
import { defaultMaxConnections } from "./config.ts";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";

let child: Subprocess<"ignore", "pipe", "pipe"> | undefined;
const sockets: Socket<{ closed: boolean }>[] = [];
afterAll(async () => {
  for (const s of sockets) s.end();
  child?.kill();
  await child?.exited;
});

test(
  "over the derived connection cap stratum peers are refused (logged once) and /health keeps answering",
  async () => {
    const httpPort = freePort();
    const stratumPort = freePort();
    const deadRpc = freePort(); // no node: the pool waits, which is all this test needs
    child = Bun.spawn(["bash", "-c", `ulimit -n 256 && exec ${process.execPath} src/main.ts`], {
      cwd: join(import.meta.dir, ".."),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-fd-")),
        TBG_HTTP_HOST: "127.0.0.1",
        TBG_HTTP_PORT: String(httpPort),
        TBG_STRATUM_HOST: "127.0.0.1",
        TBG_STRATUM_PORT: String(stratumPort),
        TBG_NETWORK: "regtest",
        TBG_BITCOIN_RPC_URL: `http://127.0.0.1:${deadRpc}`,
        TBG_BITCOIN_RPC_USER: "u",
        TBG_BITCOIN_RPC_PASSWORD: "p",
        TBG_MAX_CONN_PER_IP: "10000",
        ...(await testDatabaseEnv("fd")),
      },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    let output = "";
    const decoder = new TextDecoder();
    void (async () => {
      for await (const chunk of child!.stdout) output += decoder.decode(chunk);
    })();
    void (async () => {
      for await (const chunk of child!.stderr) output += decoder.decode(chunk);
    })();
    const health = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${httpPort}/health`, { signal: AbortSignal.timeout(3_000) });
        return r.status === 200 ? true : null;
      } catch {
        return null;
      }
    };
    await until("web server up", 30_000, health, 100);

    const cap = defaultMaxConnections(256);
    expect(cap).toBe(192);
    const flood = 300;
    // A refused connection may be reset before connect() even resolves: that counts as closed.
    let resetOnConnect = 0;
    for (let i = 0; i < flood; i++) {
      const s = await Bun.connect<{ closed: boolean }>({
        hostname: "127.0.0.1",
        port: stratumPort,
        data: { closed: false },
        socket: {
          data() {},
          close(s) {
            s.data.closed = true;
          },
          error(s) {
            s.data.closed = true;
          },
        },
      }).catch(() => null);
      if (s === null) resetOnConnect++;
      else sockets.push(s);
    }
    const refused = await until("refusals", 30_000, () => {
      const n = resetOnConnect + sockets.filter((s) => s.data.closed).length;
      return n >= flood - cap ? n : null;
    });
    expect(refused).toBe(flood - cap);
    expect(await until("health under the flood", 15_000, health, 100)).toBe(true);
    // The pool runs in its own thread: its counters reach the web side with the next status
    // snapshot (at most a quarter second later).
    const refusedAtCap = async () => {
      const ready = (await (await fetch(`http://127.0.0.1:${httpPort}/health/ready`)).json()) as { error: { details: { stratum: { refused_at_cap: number } } } };
      return ready.error.details.stratum.refused_at_cap;
    };
    expect(await until("refusals counted", 10_000, async () => ((await refusedAtCap()) === flood - cap ? true : null))).toBe(true);
    expect(output.match(/connection cap reached/g)?.length).toBe(1);
  },
  90_000,
);
