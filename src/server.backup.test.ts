// SQLite only (the WAL and a file copy are SQLite's; PostgreSQL is backed up with its own tools).
// A clean stop leaves a database whose main file alone is complete: the operator's backup is
// `cp data/tbg.sqlite`, taken after `systemctl stop tbg`. Real node (regtest), real `tbg`
// process, real CPU miner over TCP, real SIGTERM.
import { afterAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../test/bitcoind.ts";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";

const MAIN = join(import.meta.dir, "main.ts");
let node: TestNode | undefined;
let proc: ReturnType<typeof Bun.spawn> | undefined;
afterAll(async () => {
  proc?.kill("SIGKILL");
  await node?.destroy();
});

test(
  "after a clean stop the WAL is merged: a copy of tbg.sqlite alone holds every accepted share and block",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const dir = mkdtempSync(join(tmpdir(), "tbg-backup-"));
    const http = freePort();
    const stratum = freePort();
    proc = Bun.spawn(["bun", MAIN], {
      cwd: dir,
      env: {
        PATH: process.env.PATH!,
        HOME: dir,
        TBG_DATA_DIR: dir,
        TBG_HTTP_HOST: "127.0.0.1",
        TBG_HTTP_PORT: String(http),
        TBG_STRATUM_HOST: "127.0.0.1",
        TBG_STRATUM_PORT: String(stratum),
        TBG_NETWORK: "regtest",
        TBG_BITCOIN_RPC_URL: node.rpcUrl,
        TBG_BITCOIN_RPC_USER: node.rpcUser,
        TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword,
        TBG_MIN_DIFF: "0.00001",
      },
      stdout: "pipe",
      stderr: "pipe",
    });
    const stderr = new Response(proc.stderr as ReadableStream).text();
    await until("ready", 30_000, async () => ((await fetch(`http://127.0.0.1:${http}/health/ready`).catch(() => null))?.status === 200 ? true : null));

    const address = await node.getNewAddress("bech32");
    const mined = await runMiner({ url: `stratum+tcp://127.0.0.1:${stratum}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 60 });
    expect(mined.accepted).toBeGreaterThanOrEqual(60);
    const chainHeight = await node.rpc<number>("getblockcount"); // on regtest every such share is a block

    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    const log = await stderr;
    // What the process says it stored (every share row, stale ones too) is the reference.
    const written = Number(/mining data stored unstored_events=0 shares_written=(\d+)/.exec(log)?.[1]);
    expect(log).toContain("WAL merged into the database file");

    const main = join(dir, "tbg.sqlite");
    const wal = `${main}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    // The backup an operator makes: the main file alone, nothing else.
    const backupDir = mkdtempSync(join(tmpdir(), "tbg-backup-copy-"));
    const copy = join(backupDir, "tbg.sqlite");
    copyFileSync(main, copy);
    const b = new Database(copy, { readonly: true });
    const rows = b.query<{ n: number }, []>("SELECT count(*) AS n FROM shares").get()!.n;
    const accepted = b.query<{ n: number }, []>("SELECT count(*) AS n FROM shares WHERE reject_code IS NULL").get()!.n;
    const blocks = b.query<{ n: number }, []>("SELECT count(*) AS n FROM blocks WHERE status IN ('accepted', 'confirmed')").get()!.n;
    b.close();
    expect(written).toBeGreaterThanOrEqual(mined.accepted);
    expect(rows).toBe(written);
    // Every share the miner saw accepted (and any still in flight when it stopped, which the
    // pool accepted after the miner stopped counting).
    expect(accepted).toBeGreaterThanOrEqual(mined.accepted);
    expect(blocks).toBeGreaterThanOrEqual(chainHeight);
  },
  NODE_TEST_TIMEOUT_MS,
);
