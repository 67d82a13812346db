// /metrics from a real pool: a CPU miner mines on a regtest node through tbg; the exposition is
// parsed by a strict Prometheus text-format parser and shows the shares, blocks, node, template,
// bus, HTTP and database numbers; the bearer token is enforced. The format itself is also
// checked against hand-written cases the parser must refuse.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../../../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../../test/bitcoind.ts";
import { parsePrometheus, valueOf } from "../../../test/prometheus.ts";
import { testDatabaseEnv } from "../../../test/storage.ts";
import { until } from "../../../test/until.ts";
import { loadConfig } from "../../config.ts";
import { silentLogger } from "../../log.ts";
import { startServer, type Running } from "../../server.ts";

const TOKEN = "metrics-token-9f8e7d";
let node: TestNode | undefined;
let server: Running | undefined;
afterAll(async () => {
  await server?.stop();
  await node?.destroy();
});

test("the strict parser refuses broken expositions", () => {
  expect(() => parsePrometheus("# TYPE a counter\na 1\n")).not.toThrow();
  for (const bad of ["a 1\n", "# TYPE a counter\na{x=\"1} 1\n", "# TYPE a counter\na one\n", "# TYPE a counter\na 1\na 1\n", "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "# TYPE a counter\na 1"])
    expect(() => parsePrometheus(bad)).toThrow();
});

test(
  "/metrics of a mining pool: shares, blocks, node, template age, bus, HTTP by route and DB batches; token required",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const cfg = loadConfig({
      TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-metrics-")), TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0",
      TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword,
      TBG_MIN_DIFF: "0.00001", TBG_METRICS_TOKEN: TOKEN, TBG_ADMIN_EMAIL: "op@pool.lan", TBG_ADMIN_PASSWORD: "Op3rator-Pass!", ...(await testDatabaseEnv("metrics")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger);
    const web = `http://127.0.0.1:${server.httpPort}`;
    await until("node ready", 20_000, async () => ((await fetch(`${web}/health/ready`)).status === 200 ? true : null));
    const address = await node.getNewAddress("bech32");
    // The miner keeps mining (connected) while the metrics are read.
    const ctrl = new AbortController();
    const mining = runMiner({ url: `stratum+tcp://127.0.0.1:${server.stratumPort}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 1_000_000, signal: ctrl.signal });
    for (let i = 0; i < 3; i++) expect((await fetch(`${web}/api/v1/public/stats`)).status).toBe(200);

    expect((await fetch(`${web}/metrics`)).status).toBe(401);
    expect((await fetch(`${web}/metrics`, { headers: { authorization: "Bearer wrong-token-xxxxxx" } })).status).toBe(401);
    const scrape = async () => {
      const r = await fetch(`${web}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
      return parsePrometheus(await r.text());
    };
    const fams = await until("shares and a batch in the metrics", 10_000, async () => {
      const f = await scrape();
      return (valueOf(f, "tbg_shares_accepted_total") ?? 0) >= 20 && (valueOf(f, "tbg_db_write_batch_seconds_count") ?? 0) > 0 && (valueOf(f, "tbg_blocks_stored") ?? 0) > 0 ? f : null;
    });
    expect(valueOf(fams, "tbg_blocks_found_total")).toBeGreaterThan(0); // regtest: most shares are blocks
    expect(valueOf(fams, "tbg_blocks_accepted_total")).toBeGreaterThan(0);
    expect(valueOf(fams, "tbg_shares_rejected_total", { reason: "stale" })).toBeGreaterThanOrEqual(0);
    expect(valueOf(fams, "tbg_node_up")).toBe(1);
    expect(valueOf(fams, "tbg_node_state", { state: "ready" })).toBe(1);
    expect(valueOf(fams, "tbg_chain_height")).toBeGreaterThan(0);
    expect(valueOf(fams, "tbg_template_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(valueOf(fams, "tbg_template_age_seconds")).toBeLessThan(120);
    expect(valueOf(fams, "tbg_pool_hashrate_hashes_per_second", { window: "5m" })).toBeGreaterThan(0);
    expect(valueOf(fams, "tbg_user_hashrate_hashes_per_second", { address })).toBeGreaterThan(0);
    expect(valueOf(fams, "tbg_bus_queue_depth", { subscriber: "ops-metrics", event: "share_submitted" })).toBeGreaterThanOrEqual(0);
    expect(valueOf(fams, "tbg_bus_dropped_total", { subscriber: "ops-metrics", event: "share_submitted" })).toBe(0);
    expect(valueOf(fams, "tbg_event_loss_total", { counter: "accepted_shares_dropped" })).toBe(0);
    expect(valueOf(fams, "tbg_http_requests_total", { route: "/api/v1/public/stats", status: "200", method: "GET" })).toBe(3);
    expect(valueOf(fams, "tbg_http_requests_total", { route: "/metrics", status: "401" })).toBe(2);
    expect(valueOf(fams, "tbg_http_request_duration_seconds_count", { route: "/api/v1/public/stats" })).toBe(3);
    expect(fams.get("tbg_http_request_duration_seconds")!.type).toBe("histogram");
    expect(valueOf(fams, "tbg_db_write_batch_seconds_sum")).toBeGreaterThan(0);
    expect(valueOf(fams, "tbg_workers_online")).toBe(1);
    // The Grafana dashboard in the repository only asks for series this exposition has.
    const dashboard = (await Bun.file(join(import.meta.dir, "../../../deploy/grafana-dashboard.json")).json()) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const samples = new Set([...fams.values()].flatMap((f) => f.samples.map((x) => x.name)));
    for (const e of exprs) for (const name of e.match(/tbg_[a-z0-9_]+/g) ?? []) expect([e, samples.has(name)]).toEqual([e, true]);

    // The admin Pool page shows the same live miner: its worker, software and difficulty.
    const signin = await fetch(`${web}/signin/password`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: web }, body: "email=op%40pool.lan&password=Op3rator-Pass%21" });
    const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");
    const pool = await (await fetch(`${web}/admin/pool`, { headers: { cookie, accept: "text/html" } })).text();
    expect(pool).toContain(`${address}.rig1`);
    expect(pool).toContain("tbg-miner/");
    expect(pool).toContain('data-stat="node"><div class="label">Node</div><div class="value"><span class="chip ok">ready</span>');
    expect(pool).not.toContain(node.rpcPassword);
    expect(pool).not.toContain(TOKEN);

    ctrl.abort();
    await mining.catch(() => {});
  },
  NODE_TEST_TIMEOUT_MS,
);
