// Two real `tbg` processes on one PostgreSQL database and one regtest node, a CPU miner on each:
// both instances show the pool as a whole, a block found through one is in the other's block
// list, and when the leader is killed (kill -9, no goodbye) the other takes the scheduled jobs.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { freePort } from "../../test/ports.ts";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { until } from "../../test/until.ts";

const MAIN = join(import.meta.dir, "..", "main.ts");

interface Instance {
  name: string;
  proc: ReturnType<typeof Bun.spawn>;
  web: string;
  stratum: string;
  log: string;
}

let node: TestNode | undefined;
const procs: Instance[] = [];
const miners: AbortController[] = [];
afterAll(async () => {
  for (const m of miners) m.abort();
  for (const p of procs) {
    p.proc.kill("SIGTERM");
    await p.proc.exited;
  }
  await node?.destroy();
});

async function start(name: string, env: Record<string, string>): Promise<Instance> {
  const dir = mkdtempSync(join(tmpdir(), `tbg-cluster-${name}-`));
  const httpPort = freePort();
  const stratumPort = freePort();
  const log = join(dir, "tbg.log");
  const proc = Bun.spawn(["bun", MAIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH!, HOME: dir, ...env, TBG_DATA_DIR: join(dir, "data"), TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: String(httpPort),
      TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: String(stratumPort), TBG_LOG_LEVEL: "info",
    },
    stdout: Bun.file(join(dir, "stdout.log")),
    stderr: Bun.file(log),
  });
  const i: Instance = { name, proc, web: `http://127.0.0.1:${httpPort}`, stratum: `stratum+tcp://127.0.0.1:${stratumPort}`, log };
  procs.push(i);
  await until(`${name} ready`, 60_000, async () => {
    if (proc.exitCode !== null) throw new Error(`${name} exited ${proc.exitCode}:\n${readFileSync(log, "utf8").slice(-3000)}`);
    const r = await fetch(`${i.web}/health/ready`).catch(() => null);
    return r?.status === 200 ? true : null;
  }, 200);
  return i;
}

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;
const ready = (i: Instance) => json<{ status: string; leader?: boolean }>(`${i.web}/health/ready`);
type Stats = { miners: { online: number }; workers: { online: number }; hashrate: Record<string, number>; instances?: number };

test(
  "two instances on one PostgreSQL: pool-wide numbers on both, shared blocks, the leader's jobs move when it dies",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const url = await freshPostgresUrl("two_instances");
    const env = {
      TBG_DATABASE_URL: url, TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser,
      TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001",
    };
    // A starts first and takes the leader lock; B finds it taken.
    const a = await start("a", env);
    const b = await start("b", env);
    expect((await ready(a)).leader).toBe(true);
    expect((await ready(b)).leader).toBe(false);

    const addrA = await node.getNewAddress("bech32");
    const addrB = await node.getNewAddress("bech32");
    const mine = (i: Instance, user: string) => {
      const ctrl = new AbortController();
      miners.push(ctrl);
      const shares = { accepted: 0, blocks: 0 };
      const done = runMiner({
        url: i.stratum, user, password: "d=0.001", signal: ctrl.signal,
        onShare: (s) => {
          if (s.accepted) shares.accepted++;
          if (s.accepted && s.block) shares.blocks++;
        },
      });
      return { ctrl, shares, done };
    };
    const ma = mine(a, `${addrA}.rig-a`);
    const mb = mine(b, `${addrB}.rig-b`);
    await until("shares on both instances", 60_000, () => (ma.shares.accepted >= 2 && mb.shares.accepted >= 2 ? true : null), 100);

    // Both instances report the pool: two miners online, hashrate from both.
    for (const i of [a, b]) {
      const s = await until(`${i.name}: both miners in the public stats`, 30_000, async () => {
        const s = await json<Stats>(`${i.web}/api/v1/public/stats`);
        // Each instance's row is rewritten every 5 s: its hashrate shows from its next heartbeat on.
        return s.miners.online === 2 && s.workers.online === 2 && s.instances === 2 && (s.hashrate["5m"] ?? 0) > 0 ? s : null;
      }, 250);
      expect(s.hashrate["5m"]).toBeGreaterThan(0);
      const page = await (await fetch(`${i.web}/`)).text();
      expect(page).toMatch(/data-testid="pool-miners"[^>]*>2</);
      // Both instances are listed with their stratum URLs, the leader marked.
      expect(page).toContain(a.stratum);
      expect(page).toContain(b.stratum);
      expect(page).toMatch(/data-testid="instance-leader"/);
      // The pool page shows the pool as a whole too.
      expect(await (await fetch(`${i.web}/pool`)).text()).toMatch(/data-testid="pool-miners">2 \/ 2</);
    }

    // A block found through A is in B's block list (and B's public profile of A's miner).
    expect(ma.shares.blocks).toBeGreaterThan(0);
    const fromA = await until("A's block in B's list", 20_000, async () => {
      const list = await json<{ data: { address: string; hash: string; height: number }[] }>(`${b.web}/api/v1/mining/blocks?limit=100`);
      return list.data.find((x) => x.address === addrA) ?? null;
    }, 250);
    expect(await node.rpc<{ confirmations: number }>("getblockheader", [fromA.hash, true])).toMatchObject({ confirmations: expect.any(Number) });
    // B heard of it through PostgreSQL (LISTEN/NOTIFY), not only through the shared table.
    await until("B told of A's block", 10_000, () => (readFileSync(b.log, "utf8").includes(`block found through another instance instance=`) ? true : null), 100);
    const profile = await json<{ blocks: { address: string }[] }>(`${b.web}/api/v1/public/miners/${addrA}`);
    expect(profile.blocks.some((x) => x.address === addrA)).toBe(true);
    ma.ctrl.abort();
    mb.ctrl.abort();
    await Promise.all([ma.done, mb.done]);

    // The leader dies without a word: B leads within a minute (5 s retry in practice).
    const t0 = Date.now();
    a.proc.kill("SIGKILL");
    await a.proc.exited;
    await until("B to lead", 60_000, async () => ((await ready(b)).leader === true ? true : null), 250);
    // The lock goes with the dead process's session; B retries every 5 s.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(readFileSync(b.log, "utf8")).toContain("this instance is now the leader");
    // B's pool-wide numbers drop A once its heartbeat is older than 30 s.
    await until("A gone from B's numbers", 60_000, async () => ((await json<Stats>(`${b.web}/api/v1/public/stats`)).instances === 1 ? true : null), 1000);
  },
  NODE_TEST_TIMEOUT_MS * 2,
);
