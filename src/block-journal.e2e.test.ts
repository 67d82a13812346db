// The real server as a process, its node's RPC behind a proxy: a block found while the node is
// unreachable survives kill -9 of the pool, is submitted by the restarted pool, and the node
// (Bitcoin Knots, regtest) takes it. The admin API shows the candidate pending, then accepted.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../test/bitcoind.ts";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";
import { startFlakyProxy, type FlakyProxy } from "../stratum/node/flaky-proxy.ts";
import { findShare, notifyOf } from "../stratum/e2e/harness.ts";
import { connectLines } from "../stratum/e2e/line-client.ts";
import { testDatabaseEnv } from "../test/storage.ts";

const MAIN = resolve(import.meta.dir, "main.ts");
const ADMIN = { email: "ops@example.com", password: "Adm1n!Password" };
let node: TestNode | undefined;
let proxy: FlakyProxy | undefined;
let proc: Subprocess | undefined;
const dir = mkdtempSync(join(tmpdir(), "tbg-restart-"));
afterAll(async () => {
  proc?.kill("SIGKILL");
  await proc?.exited;
  proxy?.stop();
  await node?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

interface Candidate {
  hash: string;
  height: number;
  state: string;
  reason: string | null;
  unanswered_submits: number;
  worker: string;
}

test(
  "kill -9 while the node is down: the restarted pool submits the journaled block and the node accepts it",
  async () => {
    node = await startBitcoind();
    const n = node;
    proxy = startFlakyProxy({ url: n.rpcUrl, user: n.rpcUser, password: n.rpcPassword });
    const p = proxy;
    const address = await n.getNewAddress("bech32");
    const httpPort = freePort();
    const stratumPort = freePort();
    const web = `http://127.0.0.1:${httpPort}`;
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: dir,
      TBG_DATA_DIR: join(dir, "data"),
      TBG_LOG_LEVEL: "info",
      TBG_HTTP_HOST: "127.0.0.1",
      TBG_HTTP_PORT: String(httpPort),
      TBG_STRATUM_HOST: "127.0.0.1",
      TBG_STRATUM_PORT: String(stratumPort),
      TBG_NETWORK: "regtest",
      TBG_BITCOIN_RPC_URL: p.url,
      // The proxy signs in to the node itself; the pool only needs to send something.
      TBG_BITCOIN_RPC_USER: "pool",
      TBG_BITCOIN_RPC_PASSWORD: "pool",
      TBG_MIN_DIFF: "0.00001",
      TBG_START_DIFF: "0.00001",
      TBG_ADMIN_EMAIL: ADMIN.email,
      TBG_ADMIN_PASSWORD: ADMIN.password,
      // The same database across the restart, on the suite's engine.
      ...(await testDatabaseEnv("journal")),
    };
    const launch = (log: string) => Bun.spawn([process.execPath, MAIN], { cwd: dir, env, stdout: "ignore", stderr: Bun.file(join(dir, log)) });
    const logOf = (name: string) => Bun.file(join(dir, name)).text();
    const candidates = async (token: string) => {
      const r = await fetch(`${web}/api/v1/admin/blocks/candidates`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { data: Candidate[] }).data;
    };
    const signIn = async () => {
      const r = await fetch(`${web}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
      expect(r.status).toBe(200);
      return ((await r.json()) as { access_token: string }).access_token;
    };

    proc = launch("first.log");
    await until("first pool ready", 60_000, async () => ((await fetch(`${web}/health/ready`).catch(() => null))?.status === 200 ? true : null));
    const c = await connectLines(stratumPort);
    c.send(`{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5.1"]}\n{"id":2,"method":"mining.authorize","params":["${address}.rig","d=0.00001"]}\n`);
    const en1 = (JSON.parse(await c.nextLine()) as { result: [unknown, string] }).result[1];
    let line = await c.nextLine();
    while (!line.includes("mining.notify")) line = await c.nextLine();
    const job = notifyOf(line);
    const tipBefore = await n.rpc<string>("getbestblockhash");

    // The node's RPC goes away; the miner finds a block (any 0.00001 share is one on regtest).
    p.cut();
    const share = findShare(job, en1, 0.00001);
    c.send(`{"id":9,"method":"mining.submit","params":["${address}.rig","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`);
    let reply = await c.nextLine();
    while (!reply.startsWith(`{"id":9,`)) reply = await c.nextLine();
    expect(reply).toBe(`{"id":9,"result":true,"error":null}`);
    const token = await signIn();
    const [pending] = await candidates(token);
    expect(pending).toMatchObject({ state: "pending", worker: "rig" });
    await until("a submit round without verdict", 20_000, async () => ((await candidates(token))[0]!.unanswered_submits > 0 ? true : null));
    expect((await candidates(token))[0]!.reason).toContain("ECONNREFUSED");
    // The block is in the log whole, at error level.
    const first = await logOf("first.log");
    expect(first).toMatch(new RegExp(`ERROR .*BLOCK FOUND.*hash=${pending!.hash}.* hex=[0-9a-f]{300,}`));

    // No goodbye: the pool dies with the block still pending, the node still unreachable.
    proc.kill("SIGKILL");
    await proc.exited;
    c.end();
    expect(await n.rpc<string>("getbestblockhash")).toBe(tipBefore);

    proc = launch("second.log");
    await until("second pool answering", 60_000, async () => ((await fetch(`${web}/health`).catch(() => null))?.status === 200 ? true : null));
    const token2 = await signIn();
    expect((await candidates(token2))[0]).toMatchObject({ hash: pending!.hash, state: "pending" });
    expect(await n.rpc<string>("getbestblockhash")).toBe(tipBefore);

    p.restore();
    const restoredAt = performance.now();
    await until("the node has the block", 60_000, async () => ((await n.rpc<string>("getbestblockhash")) === pending!.hash ? true : null));
    console.info(`restarted pool: block accepted ${(performance.now() - restoredAt).toFixed(0)} ms after the RPC came back`);
    const header = await n.rpc<{ height: number }>("getblockheader", [pending!.hash]);
    expect(header.height).toBe(pending!.height);
    await until("accepted in the journal", 20_000, async () => ((await candidates(token2))[0]!.state === "accepted" ? true : null));
    expect(await logOf("second.log")).toContain("BLOCK CANDIDATE from an earlier run still pending");

    // The admin page lists it too.
    const page = await fetch(`${web}/admin`, { headers: { cookie: `tbg_session=${token2}` }, redirect: "manual" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Block candidates");
    // The hash's row says accepted (in the state cell right after the hash cell).
    expect(html).toMatch(new RegExp(`${pending!.hash}(?:</span>)?</td><td[^>]*>accepted</td>`));
  },
  NODE_TEST_TIMEOUT_MS + 180_000,
);
