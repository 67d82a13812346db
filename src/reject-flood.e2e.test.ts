// Item 5: a reject flood must cost the flooder its connections, never an honest miner's shares.
// Four connections that send nothing but bad shares (and reconnect when cut) run beside a real
// CPU miner through the whole process: pool → bus → mining storage → SQLite → /health/ready.
// Before: every bad share was answered and stored one row each, nothing was cut or logged, and
// honest accepted shares were lost when the bus's bounded queue overflowed.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../stratum/index.ts";
import { fixedNode } from "../stratum/e2e/fixed-node.ts";
import { REGTEST_ADDRESS as ADDR } from "../stratum/e2e/harness.ts";
import { REJECT_MIN_SHARES } from "../stratum/protocol/limits.ts";
import { until } from "../test/until.ts";
import { loadConfig } from "./config.ts";
import { silentLogger } from "./log.ts";
import { REJECT_ROWS_PER_WORKER_MINUTE } from "./mining/event-log.ts";
import { startServer, type Running } from "./server.ts";
import { testDatabaseEnv, testQueryOne } from "../test/storage.ts";

let server: Running | undefined;
afterAll(async () => {
  await server?.stop();
});

/** One flooding connection: subscribe, authorize, then `count` submits for a job that does not
 * exist, in one write. Resolves when the pool has closed it. (What it was told is counted on the
 * pool's side: a peer cut while still sending may lose the last replies to a TCP reset.) */
async function floodOnce(port: number, worker: string, count: number): Promise<void> {
  let closed!: () => void;
  const done = new Promise<void>((r) => (closed = r));
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data() {},
      close: () => closed(),
      error: () => closed(),
    },
  });
  const lines = [`{"id":1,"method":"mining.subscribe","params":["flood/1"]}`, `{"id":2,"method":"mining.authorize","params":["${ADDR}.${worker}","x"]}`];
  for (let i = 0; i < count; i++) lines.push(`{"id":${i + 3},"method":"mining.submit","params":["${ADDR}.${worker}","dead","0000000000000000","6b01ff11","00000000"]}`);
  socket.write(lines.join("\n") + "\n");
  await done;
}

test(
  "a reject flood from 4 connections is cut; every accepted share of an honest miner beside it is stored; the counters show it",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "tbg-flood-"));
    const cfg = loadConfig({
      TBG_DATA_DIR: dir,
      TBG_HTTP_HOST: "127.0.0.1",
      TBG_HTTP_PORT: "0",
      TBG_STRATUM_HOST: "127.0.0.1",
      TBG_STRATUM_PORT: "0",
      TBG_NETWORK: "regtest",
      TBG_MIN_DIFF: "0.00001",
      TBG_ADMIN_EMAIL: "ops@example.com",
      TBG_ADMIN_PASSWORD: "Adm1n!Password",
      ...(await testDatabaseEnv("flood")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger, { node: fixedNode() });
    const port = server.stratumPort;
    const web = `http://127.0.0.1:${server.httpPort}`;

    const floodSessions: number[] = [];
    server.pool.events.on("miner_disconnected", (e) => {
      if (e.worker.startsWith("flood")) floodSessions.push(e.sharesRejected);
    });
    // What the pool accepted from the honest miner: the miner may stop with a share in flight
    // whose reply it never counted, but that share was accepted and must be stored too.
    let honestAccepted = 0;
    server.pool.events.on("share_submitted", (e) => {
      if (e.worker === "honest" && e.accepted) honestAccepted++;
    });
    let honestDone = false;
    const started = Date.now();
    let rounds = 0;
    const flooders = [0, 1, 2, 3].map(async (k) => {
      // Keep flooding while the honest miner works (and at least 5 rounds each).
      for (let i = 0; !honestDone || i < 5; i++) {
        await floodOnce(port, `flood${k}`, 5_000);
        rounds++;
      }
    });
    const mined = await runMiner({ url: `stratum+tcp://127.0.0.1:${port}`, user: `${ADDR}.honest`, password: "d=0.00001", maxShares: 10 });
    honestDone = true;
    await Promise.all(flooders);
    const seconds = (Date.now() - started) / 1000;
    expect(mined.accepted).toBeGreaterThanOrEqual(10);
    // Each flooding connection was cut right after its first REJECT_MIN_SHARES bad shares.
    await until("flood sessions closed", 10_000, () => (floodSessions.length === rounds ? true : null));
    expect(new Set(floodSessions)).toEqual(new Set([REJECT_MIN_SHARES]));
    const rejectedTotal = rounds * REJECT_MIN_SHARES;
    const cutsTotal = rounds;

    const storage = server.storage;
    const count = async (sql: string) => (await testQueryOne<{ n: number | null }>(storage, sql)).n ?? 0;
    // Every share the pool accepted from the honest miner is a row (at least those it was told about).
    expect(honestAccepted).toBeGreaterThanOrEqual(mined.accepted);
    await until("honest shares stored", 20_000, async () =>
      (await count(`select count(*) n from shares s join workers w on w.id = s.worker_id where w.name = 'honest' and s.reject_code is null`)) === honestAccepted ? true : null,
    );
    // Every reject is counted in the rollups; raw rows stop at the per-worker allowance.
    await until("rejects counted", 20_000, async () =>
      (await count(`select sum(m.rejected) n from share_minutes m join workers w on w.id = m.worker_id where w.name like 'flood%'`)) === rejectedTotal ? true : null,
    );
    const minutes = Math.ceil(seconds / 60) + 1;
    const rejectRows = await count(`select count(*) n from shares s join workers w on w.id = s.worker_id where w.name like 'flood%'`);
    expect(rejectRows).toBeLessThanOrEqual(4 * REJECT_ROWS_PER_WORKER_MINUTE * minutes);

    const ready = await until("counters", 10_000, async () => {
      const body = (await (await fetch(`${web}/health/ready`)).json()) as {
        stratum: Record<string, number>;
        events: Record<string, number>;
      };
      return body.events.reject_rows_aggregated === rejectedTotal - rejectRows ? body : null;
    });
    expect(ready.stratum.reject_flood_cuts).toBe(cutsTotal);
    expect(ready.events.accepted_shares_dropped).toBe(0);
    expect(ready.events).toHaveProperty("bus_dropped");
    expect(ready.events).toHaveProperty("share_rows_dropped");
    // The operator sees the same counters on the admin page.
    const login = await fetch(`${web}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ops@example.com", password: "Adm1n!Password" }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const admin = await (await fetch(`${web}/admin`, { headers: { cookie: `tbg_session=${access_token}` } })).text();
    expect(admin).toContain("Pool health since start");
    expect(admin).toMatch(new RegExp(`data-counter="reject_flood_cuts"><td>[^<]+</td><td[^>]*>${cutsTotal}</td>`));
    expect(admin).toMatch(/data-counter="accepted_shares_dropped"><td>[^<]+<\/td><td[^>]*>0<\/td>/);
    console.log(
      `reject flood: ${rejectedTotal} rejects over ${cutsTotal} cut connections in ${seconds.toFixed(1)} s ` +
        `(${Math.round(rejectedTotal / seconds)}/s); honest ${mined.accepted}/${mined.accepted} stored; ${rejectRows} reject rows; bus dropped ${ready.events.bus_dropped}`,
    );
  },
  120_000,
);
