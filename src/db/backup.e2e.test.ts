// `tbg backup` while shares flow, `tbg restore` refused while tbg runs, then a restore after the
// stop finds every row the backup holds — and the backup holds every share committed before it
// began. SQLite only (PostgreSQL is backed up with pg_dump, which tbg names). Real node
// (regtest), real `tbg` process, real CPU miner over TCP.
import { afterAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { freePort } from "../../test/ports.ts";
import { until } from "../../test/until.ts";

const MAIN = join(import.meta.dir, "../main.ts");
let node: TestNode | undefined;
let proc: ReturnType<typeof Bun.spawn> | undefined;
afterAll(async () => {
  proc?.kill("SIGKILL");
  await node?.destroy();
});

type Row = Record<string, unknown>;
const rows = (path: string, sql: string): Row[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.query<Row, []>(sql).all();
  } finally {
    db.close();
  }
};

test(
  "backup while a miner submits shares; restore refused while running; after the stop the restore brings back every row",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const dir = mkdtempSync(join(tmpdir(), "tbg-online-backup-"));
    const http = freePort();
    const stratum = freePort();
    const env = {
      PATH: process.env.PATH!, HOME: dir, TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: String(http), TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: String(stratum),
      TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001",
    };
    const tbg = async (args: string[]) => {
      const p = Bun.spawn(["bun", MAIN, ...args], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
      const [out, err, code] = [await new Response(p.stdout).text(), await new Response(p.stderr).text(), await p.exited];
      return { out, err, code };
    };
    proc = Bun.spawn(["bun", MAIN], { cwd: dir, env, stdout: "ignore", stderr: "pipe" });
    await until("ready", 30_000, async () => ((await fetch(`http://127.0.0.1:${http}/health/ready`).catch(() => null))?.status === 200 ? true : null));

    const live = join(dir, "tbg.sqlite");
    const ctrl = new AbortController();
    const address = await node.getNewAddress("bech32");
    const mining = runMiner({ url: `stratum+tcp://127.0.0.1:${stratum}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 1_000_000, signal: ctrl.signal });
    await until("shares stored", 20_000, () => ((rows(live, "SELECT count(*) AS n FROM shares")[0]!.n as number) >= 20 ? true : null));

    // Everything committed before the backup starts must be in it; shares keep flowing meanwhile.
    const before = rows(live, "SELECT * FROM shares ORDER BY id");
    const usersBefore = rows(live, "SELECT id, btc_address FROM users ORDER BY id");
    const blocksBefore = rows(live, "SELECT hash FROM blocks ORDER BY hash");
    const backup = join(mkdtempSync(join(tmpdir(), "tbg-backups-")), "pool.sqlite");
    const b = await tbg(["backup", backup]);
    expect(b.err).toBe("");
    expect(b.code).toBe(0);
    expect(b.out).toContain(`backup written: ${backup}`);
    await until("more shares after the backup", 20_000, () => ((rows(live, "SELECT count(*) AS n FROM shares")[0]!.n as number) > before.length ? true : null));
    expect((await tbg(["backup", backup])).err).toContain("exists: choose a new file name");

    const inBackup = rows(backup, "SELECT * FROM shares ORDER BY id");
    expect(inBackup.slice(0, before.length)).toEqual(before);
    expect(rows(backup, "SELECT id, btc_address FROM users ORDER BY id").slice(0, usersBefore.length)).toEqual(usersBefore);
    for (const blk of blocksBefore) expect(rows(backup, "SELECT hash FROM blocks")).toContainEqual(blk);
    expect(rows(backup, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);

    // A restore while tbg runs is refused and changes nothing.
    const sharesNow = rows(live, "SELECT count(*) AS n FROM shares")[0]!.n as number;
    const refused = await tbg(["restore", backup]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("tbg is running on this database");
    expect(rows(live, "SELECT count(*) AS n FROM shares")[0]!.n as number).toBeGreaterThanOrEqual(sharesNow);

    ctrl.abort();
    await mining.catch(() => {});
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    proc = undefined;

    // Not a database: refused, nothing changed.
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "not a database at all".repeat(100));
    const bad = await tbg(["restore", junk]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("nothing was changed");

    const r = await tbg(["restore", backup]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("the previous database is kept as");
    expect(readdirSync(dir).some((f) => f.startsWith("tbg.sqlite.before-restore-"))).toBe(true);
    expect(rows(live, "SELECT * FROM shares ORDER BY id")).toEqual(inBackup);
    expect(rows(live, "SELECT * FROM users ORDER BY id")).toEqual(rows(backup, "SELECT * FROM users ORDER BY id"));
    expect(rows(live, "SELECT * FROM workers ORDER BY id")).toEqual(rows(backup, "SELECT * FROM workers ORDER BY id"));
    expect(rows(live, "SELECT * FROM blocks ORDER BY id")).toEqual(rows(backup, "SELECT * FROM blocks ORDER BY id"));
    const doc = await tbg(["doctor", "--database"]);
    expect(doc.code).toBe(0);
  },
  NODE_TEST_TIMEOUT_MS,
);
