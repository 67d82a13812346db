// Miners first: the pool runs in its own thread, so a miner's reply never waits behind the web
// side or the database, and what the pool needs from storage (workers' best shares) is handed to
// it at start, so "New best share" survives a restart.
import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REGTEST_ADDRESS as ADDR, bestShareLine, findShare, notifyOf, type TestShare } from "../stratum/e2e/harness.ts";
import { startFixedRpc } from "../stratum/e2e/fixed-rpc.ts";
import { connectLines, type LineClient } from "../stratum/e2e/line-client.ts";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";
import { loadConfig } from "./config.ts";
import { silentLogger } from "./log.ts";
import { startServer } from "./server.ts";
import { testDatabaseEnv } from "../test/storage.ts";

/** Another regtest address (P2WPKH of twenty 0x07 bytes): the miner's own is taken once it mined. */
const SIGNUP_ADDRESS = "bcrt1qqurswpc8qurswpc8qurswpc8qurswpc8dxm0gk";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tbg-miners-first-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function env(dir: string, rpcUrl: string, ports: { http: number; stratum: number }): Record<string, string> {
  return {
    TBG_DATA_DIR: dir,
    TBG_HTTP_HOST: "127.0.0.1",
    TBG_HTTP_PORT: String(ports.http),
    TBG_STRATUM_HOST: "127.0.0.1",
    TBG_STRATUM_PORT: String(ports.stratum),
    TBG_NETWORK: "regtest",
    TBG_BITCOIN_RPC_URL: rpcUrl,
    // The recorded-template node ignores credentials; set so no cookie file is looked for.
    TBG_BITCOIN_RPC_USER: "tbg",
    TBG_BITCOIN_RPC_PASSWORD: "unused",
    TBG_MIN_DIFF: "0.00001",
    TBG_START_DIFF: "0.00001",
  };
}

/** The next line that is not new work or a difficulty change (vardiff may send those any time). */
async function nextReplyOrMessage(c: LineClient): Promise<string> {
  for (;;) {
    const line = await c.nextLine();
    if (!line.startsWith(`{"id":null,"method":"mining.`)) return line;
  }
}

async function miner(port: number, worker: string) {
  const c = await connectLines(port);
  cleanups.push(() => c.end());
  c.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.${worker}","d=0.00001"]}\n`);
  const lines: string[] = [];
  let job = null;
  while (job === null) {
    const line = await c.nextLine();
    lines.push(line);
    if (line.startsWith('{"id":null,"method":"mining.notify"')) job = notifyOf(line);
  }
  const en1 = (JSON.parse(lines[0]!) as { result: [unknown, string] }).result[1];
  let id = 100;
  return {
    c,
    /** Submits a share and returns what the pool said after its (accepted) reply, if anything. */
    async submit(share: { extranonce2: string; ntime: string; nonce: string }): Promise<string | null> {
      const n = ++id;
      c.send(`{"id":${n},"method":"mining.submit","params":["${ADDR}.${worker}","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
      expect(await nextReplyOrMessage(c)).toBe(`{"id":${n},"result":true,"error":null}`);
      // Anything said about this share comes before the reply to a request sent now.
      c.send(`{"id":${++id},"method":"mining.extranonce.subscribe","params":[]}\n`);
      const next = await nextReplyOrMessage(c);
      if (next === `{"id":${id},"result":true,"error":null}`) return null;
      expect(await nextReplyOrMessage(c)).toBe(`{"id":${id},"result":true,"error":null}`);
      return next;
    },
    share: (k: number) => findShare(job, en1, 0.00001, k.toString(16).padStart(16, "0")),
  };
}

test("a worker's best share survives a restart: only a share above the stored best is announced", async () => {
  const rpc = startFixedRpc();
  cleanups.push(() => rpc.stop());
  const dir = tempDir();
  // The suite's engine; the same database for both runs.
  const cfg = loadConfig({ ...env(dir, rpc.url, { http: 0, stratum: 0 }), ...(await testDatabaseEnv("bests")) });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));

  // First run: shares until the worker's best is well above the minimum.
  const first = await startServer(cfg.config, silentLogger);
  cleanups.push(() => first.stop());
  await until("the pool's first template", 10_000, () => (first.pool.status().height === 102 ? true : null));
  const m1 = await miner(first.stratumPort, "rig");
  let best = 0;
  let k = 1;
  for (; best < 0.0001; k++) {
    const s = m1.share(k);
    await m1.submit(s);
    best = Math.max(best, s.difficulty);
  }
  m1.c.end();
  await first.stop();

  // Second run on the same data dir: the stored best is the bar from the first share on.
  const second = await startServer(cfg.config, silentLogger);
  cleanups.push(() => second.stop());
  await until("the pool's first template", 10_000, () => (second.pool.status().height === 102 ? true : null));
  const m2 = await miner(second.stratumPort, "rig");
  // Shares are found before they are sent, so the order is chosen: a low one, then one above it
  // but not above the stored best (without the restored best that one would be a new record),
  // then one above the stored best.
  const stored = best;
  const below: TestShare[] = [];
  let high: TestShare | null = null;
  for (k = 1; (below.length < 2 || high === null) && k < 20_000; k++) {
    const s = m2.share(k);
    if (s.difficulty > stored) high ??= s;
    else if (below.length < 2 && below.every((b) => b.difficulty !== s.difficulty)) below.push(s);
  }
  if (below.length < 2 || high === null) throw new Error("no fitting shares found");
  const [low, mid] = below.sort((x, y) => x.difficulty - y.difficulty) as [TestShare, TestShare];
  expect(low.difficulty).toBeLessThan(mid.difficulty);
  expect(mid.difficulty).toBeLessThanOrEqual(stored);
  expect(await m2.submit(low)).toBeNull();
  expect(await m2.submit(mid)).toBeNull();
  expect(await m2.submit(high)).toBe(bestShareLine(high.difficulty));
});

// SQLite only: the lock is SQLite's (an outside connection holding the file's write lock).
test("while the database is locked and an HTTP write waits for it, a miner's share still gets its reply", async () => {
  const rpc = startFixedRpc();
  cleanups.push(() => rpc.stop());
  const dir = tempDir();
  const ports = { http: freePort(), stratum: freePort() };
  // The server is its own process: a blocked main thread there must not block this test.
  const proc = Bun.spawn(["bun", join(import.meta.dir, "main.ts")], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, TBG_LOG_LEVEL: "warn", ...env(dir, rpc.url, ports) },
    stdout: "ignore",
    stderr: "ignore",
  });
  cleanups.push(async () => {
    proc.kill("SIGKILL");
    await proc.exited;
  });
  const web = `http://127.0.0.1:${ports.http}`;
  await until("the node ready behind the server", 30_000, async () => ((await fetch(`${web}/health/ready`).catch(() => null))?.status === 200 ? true : null));
  const m = await miner(ports.stratum, "rig");

  // An outside connection takes the write lock and keeps it until this test lets go.
  const outside = new Database(join(dir, "tbg.sqlite"));
  cleanups.push(() => outside.close());
  outside.run("BEGIN EXCLUSIVE");
  let locked = true;
  cleanups.push(() => locked && outside.run("ROLLBACK"));

  let writeDone = false;
  const write = fetch(`${web}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "stuck@example.com", password: "Correct-Horse-7-Battery", btc_address: SIGNUP_ADDRESS }),
  }).then((r) => {
    writeDone = true;
    return r.status;
  });
  // The web side's thread is stuck in the write once even /health (a read, which the lock does
  // not stop) goes unanswered.
  await until("the server's main thread stuck behind the lock", 4_000, async () => {
    const answered = await Promise.race([fetch(`${web}/health`).then(() => true, () => true), Bun.sleep(250).then(() => false)]);
    return answered ? null : true;
  });

  const said = await m.submit(m.share(1));
  expect(said).toBeNull();
  // The share was answered while the HTTP write was still waiting for the database.
  expect(writeDone).toBe(false);

  outside.run("ROLLBACK");
  locked = false;
  expect(await write).toBe(201);
});
