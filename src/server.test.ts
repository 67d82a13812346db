// The whole process as an operator runs it: zero-config start, one log line per component,
// the pool reachable over TCP, and a clean exit on SIGTERM/SIGINT within 5 s.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";
import { TEST_ENGINE, testDatabaseEnv } from "../test/storage.ts";

const MAIN = join(import.meta.dir, "main.ts");


async function start(env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "tbg-serve-"));
  const http = freePort();
  const stratum = freePort();
  const node = freePort(); // nothing listens there: the node is "down"
  const proc = Bun.spawn(["bun", MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH!,
      HOME: cwd,
      TBG_HTTP_PORT: String(http),
      TBG_STRATUM_PORT: String(stratum),
      TBG_BITCOIN_RPC_URL: `http://127.0.0.1:${node}`,
      TBG_BITCOIN_RPC_USER: "u",
      TBG_BITCOIN_RPC_PASSWORD: "p",
      ...(await testDatabaseEnv("serve")),
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  return { proc, cwd, http, stratum, url: `http://127.0.0.1:${http}` };
}

describe("tbg serve", () => {
  test("an operator's own allocator setting is kept", async () => {
    const s = await start({ MIMALLOC_PURGE_DELAY: "0" });
    await until("/health", 10_000, async () => ((await fetch(`${s.url}/health`).catch(() => null))?.ok ? true : null));
    const env = readFileSync(`/proc/${s.proc.pid}/environ`, "utf8").split("\0");
    expect(env).toContain("MIMALLOC_PURGE_DELAY=0");
    s.proc.kill("SIGTERM");
    expect(await s.proc.exited).toBe(0);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`starts with no configuration and stops cleanly on ${signal}`, async () => {
      const s = await start();
      const health = await until("/health", 10_000, async () => {
        const r = await fetch(`${s.url}/health`).catch(() => null);
        return r?.ok ? ((await r.json()) as { status: string }) : null;
      });
      expect(health.status).toBe("ok");
      // The process restarted itself in place with the allocator setting (src/allocator.ts):
      // the pid we spawned now runs with it, and it still stops on the signal below.
      expect(readFileSync(`/proc/${s.proc.pid}/environ`, "utf8").split("\0")).toContain("MIMALLOC_PURGE_DELAY=1000");
      // Zero configuration is SQLite in ./data; with a PostgreSQL URL no SQLite file is made.
      expect(await Bun.file(join(s.cwd, "data", "tbg.sqlite")).exists()).toBe(TEST_ENGINE === "sqlite");
      // the pool answers a miner even while the node is down
      const reply = await new Promise<string>((resolve, reject) => {
        const sock = connect(s.stratum, "127.0.0.1", () => sock.write('{"id":1,"method":"mining.subscribe","params":["test/1.0"]}\n'));
        sock.setEncoding("utf8");
        let buf = "";
        sock.on("data", (d) => {
          buf += d;
          if (buf.includes("\n")) {
            sock.destroy();
            resolve(buf.split("\n")[0]!);
          }
        });
        sock.on("error", reject);
      });
      expect(JSON.parse(reply)).toMatchObject({ id: 1, error: null });
      const ready = await fetch(`${s.url}/health/ready`);
      expect(ready.status).toBe(503);

      const t0 = performance.now();
      s.proc.kill(signal);
      expect(await s.proc.exited).toBe(0);
      expect(performance.now() - t0).toBeLessThan(5000);
      const log = await new Response(s.proc.stderr).text();
      if (TEST_ENGINE === "sqlite") expect(log).toMatch(/\[db\] sqlite .*tbg\.sqlite/);
      else expect(log).toMatch(/\[db\] postgres 127\.0\.0\.1:\d+\/tbg_serve_\d+ /);
      expect(log).toContain(`[stratum] listening on stratum+tcp://0.0.0.0:${s.stratum}`);
      expect(log).toContain(`[http] listening on http://0.0.0.0:${s.http}`);
      expect(log).toContain(`${signal} received, shutting down`);
      expect(log).not.toContain("RPC_PASSWORD");
    });
  }

  test("a PostgreSQL server it cannot reach: one line naming the host, never the password, exit 1", async () => {
    const dead = freePort();
    const s = await start({ TBG_DATABASE_URL: `postgres://tbg:hunter2-secret@127.0.0.1:${dead}/pool` });
    expect(await s.proc.exited).toBe(1);
    const err = await new Response(s.proc.stderr).text();
    const lines = err.trim().split("\n").filter((l) => l.startsWith("tbg:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith(`tbg: cannot connect to PostgreSQL at 127.0.0.1:${dead}/pool:`);
    expect(err).not.toContain("hunter2");
    expect(err).not.toContain("    at "); // no stack trace
  });

  test("an unknown TBG_ variable is warned about with the nearest real name, one line each", async () => {
    const s = await start({ TBG_HTTP_PROT: "8081", TBG_STRATUM_PROT: "3334", TBG_FROBNICATE: "1" });
    await until("/health", 10_000, async () => ((await fetch(`${s.url}/health`).catch(() => null))?.ok ? true : null));
    s.proc.kill("SIGTERM");
    expect(await s.proc.exited).toBe(0);
    const warnings = (await new Response(s.proc.stderr).text()).split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toEqual([
      "tbg: warning: TBG_FROBNICATE is not a setting tbg knows and is ignored (tbg --help lists them)",
      "tbg: warning: TBG_HTTP_PROT is not a setting tbg knows and is ignored: did you mean TBG_HTTP_PORT?",
      "tbg: warning: TBG_STRATUM_PROT is not a setting tbg knows and is ignored: did you mean TBG_STRATUM_PORT?",
    ]);
  });

  for (const variable of ["TBG_HTTP_PORT", "TBG_STRATUM_PORT"] as const) {
    test(`a port in use (${variable}) stops start-up with one line naming it, exit 1`, async () => {
      const taken = Bun.listen({ hostname: "0.0.0.0", port: 0, socket: { data() {} } });
      try {
        const s = await start({ [variable]: String(taken.port) });
        expect(await s.proc.exited).toBe(1);
        const problems = (await new Response(s.proc.stderr).text()).split("\n").filter((l) => l.startsWith("tbg:"));
        expect(problems).toEqual([`tbg: port ${taken.port} is already in use (${variable}): stop the program that holds it, or set ${variable} to a free port`]);
      } finally {
        taken.stop(true);
      }
    });
  }
});
