// The WebSocket hub on the real server (port 0): seed 003 §7's protocol, the limits of issue 16,
// and a real share from the CPU miner (what `tbg mine` runs) on a regtest node reaching its
// owner's socket and nobody else's.
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { upgradeStatus, wsClient, type WsClient } from "../../test/ws-client.ts";
import { JwtKeys } from "../auth/jwt.ts";
import { loadConfig, type Config } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running, type ServerOptions } from "../server.ts";

const servers: Running[] = [];
const sockets: WsClient[] = [];
let node: TestNode | undefined;
// Each test's servers stop when it ends: on PostgreSQL every instance holds a pool of connections.
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.stop();
});
afterAll(async () => {
  await node?.destroy();
});

async function boot(env: Record<string, string>, opts: ServerOptions & { clock?: () => number; keysFrom?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tbg-ws-"));
  // Instances of one pool share their JWT keys (README, "Several instances").
  if (opts.keysFrom) cpSync(join(opts.keysFrom, "keys"), join(dir, "keys"), { recursive: true });
  const cfg = loadConfig({ TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest", ...(await testDatabaseEnv("ws")), ...env });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
  const config: Config = cfg.config;
  const now = opts.clock ?? Date.now;
  const server = await startServer(config, silentLogger, { ...opts, now });
  servers.push(server);
  const keys = JwtKeys.open(dir, { issuer: config.jwt.issuer, audience: config.jwt.audience, now });
  const url = `ws://127.0.0.1:${server.httpPort}/api/ws`;
  /** A user with this payout address and an access token for it. */
  const user = async (address: string) => {
    const u = (await server.storage.repos.users.findUserByAddress(address)) ?? (await server.storage.repos.users.insertUser({ btcAddress: address, authMethod: "wallet" }, now()));
    const { token } = await keys.sign({ sub: String(u.id), btc: address, role: "user", jti: crypto.randomUUID() });
    return { id: u.id, token };
  };
  const open = async (token: string | null, o: { answerPings?: boolean } = {}) => {
    const c = wsClient(token ? `${url}?token=${encodeURIComponent(token)}` : url, o);
    sockets.push(c);
    await c.opened;
    return c;
  };
  return { server, url, user, open, dir, http: `http://127.0.0.1:${server.httpPort}` };
}

/** No node: the pool waits, the web side and the hub run. */
const NO_NODE = { TBG_BITCOIN_RPC_URL: "http://127.0.0.1:1", TBG_BITCOIN_RPC_USER: "x", TBG_BITCOIN_RPC_PASSWORD: "x" };
const ADDR_A = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
const ADDR_B = "bcrt1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qzf9a4l";

describe("protocol", () => {
  test("subscribe answers subscribed; unsubscribe stops the channel; anonymous sockets join public channels only", async () => {
    const s = await boot(NO_NODE, { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } });
    const a = await s.user(ADDR_A);
    const c = await s.open(a.token);
    c.send({ action: "subscribe", channels: ["shares", "workers", "blocks"] });
    expect(await c.next("subscribed", (m) => m.type === "subscribed")).toEqual({ type: "subscribed", channels: ["shares", "workers", "blocks"] });

    const push = () => s.server.hub.publish({ channel: "shares", type: "share_submitted", data: { worker: "w" } }, { userId: a.id });
    expect(push()).toBe(1);
    expect(await c.next("push", (m) => m.channel === "shares")).toEqual({ channel: "shares", type: "share_submitted", data: { worker: "w" } });
    c.send({ action: "unsubscribe", channels: ["shares"] });
    await c.next("unsubscribed", (m) => m.type === "unsubscribed");
    expect(push()).toBe(0);

    const anon = await s.open(null);
    anon.send({ action: "subscribe", channels: ["blocks", "shares", "notifications"] });
    expect(await anon.next("refusal", (m) => m.type === "error")).toMatchObject({ type: "error", channels: ["shares", "notifications"] });
    expect(await anon.next("subscribed", (m) => m.type === "subscribed")).toEqual({ type: "subscribed", channels: ["blocks"] });
    // A personal push with no owner is refused, never broadcast.
    expect(s.server.hub.publish({ channel: "notifications", type: "x", data: {} })).toBe(0);
    expect(s.server.hub.publish({ channel: "blocks", type: "block_found", data: { block_height: 1 } })).toBe(2);
    await anon.next("block", (m) => m.channel === "blocks");
    // The operator's /metrics counts both sockets and the one signed-in user.
    const metrics = await (await fetch(`${s.http}/metrics`)).text();
    expect(metrics).toMatch(/^tbg_websocket_sockets 2$/m);
    expect(metrics).toMatch(/^tbg_websocket_users 1$/m);
  });

  test("bad frames get an error on that socket only; the socket and the others stay open", async () => {
    const s = await boot(NO_NODE, { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } });
    const bad = await s.open(null);
    const good = await s.open(null);
    good.send({ action: "subscribe", channels: ["blocks"] });
    await good.next("subscribed", (m) => m.type === "subscribed");
    const frames = ["not json", "{broken", "[1,2]", "42", JSON.stringify({ action: "dance" }), JSON.stringify({ action: "subscribe", channels: ["nope"] }), JSON.stringify({ action: "subscribe", channels: [] })];
    for (const f of frames) bad.send(f);
    await until("errors", 5000, () => (bad.messages.filter((m) => m.type === "error").length === frames.length ? true : null));
    expect(bad.messages[0]).toEqual({ type: "welcome", signed_in: false, address: null, channels: ["blocks", "feed", "leaderboard", "competition", "pool"] });
    expect(bad.messages.slice(1).every((m) => m.type === "error" && typeof m.message === "string")).toBe(true);
    expect(good.messages.filter((m) => m.type === "error")).toEqual([]);
    // Both still work.
    bad.send({ action: "subscribe", channels: ["blocks"] });
    await bad.next("subscribed", (m) => m.type === "subscribed");
    s.server.hub.publish({ channel: "blocks", type: "block_found", data: {} });
    await good.next("block", (m) => m.channel === "blocks");
    await bad.next("block", (m) => m.channel === "blocks");
  });

  test("a ping every interval; a socket that never answers is closed after the pong timeout, one that answers stays", async () => {
    const s = await boot(NO_NODE, { realtime: { pingIntervalMs: 300, pongTimeoutMs: 3000, connectLimits: { perIp: 1000, perUser: 1000 } } });
    const silent = await s.open(null, { answerPings: false });
    const alive = await s.open(null);
    const closed = await silent.closed;
    expect(closed.code).toBe(4002);
    expect(silent.messages.filter((m) => m.type === "ping").length).toBeGreaterThan(0);
    // The answering socket saw pings past the timeout and is still open.
    await until("many pings", 10_000, () => (alive.messages.filter((m) => m.type === "ping").length >= 12 ? true : null));
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
  });

  test("a fourth socket of one user closes the oldest with a reason", async () => {
    const s = await boot(NO_NODE, { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } });
    const a = await s.user(ADDR_A);
    const first = await s.open(a.token);
    await s.open(a.token);
    await s.open(a.token);
    await s.open(a.token);
    const c = await first.closed;
    expect(c.code).toBe(4000);
    expect(c.reason).toContain("oldest");
    expect(s.server.hub.stats().sockets).toBe(3);
  });

  test("connects are limited to 5 a minute per user and 10 per IP (429 before the upgrade)", async () => {
    const s = await boot(NO_NODE);
    const a = await s.user(ADDR_A);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push(await upgradeStatus(`${s.url}?token=${a.token}`));
    expect(codes.slice(0, 5)).toEqual([101, 101, 101, 101, 101]);
    expect(codes[5]).toBe(429);
    const ip: number[] = [];
    for (let i = 0; i < 6; i++) ip.push(await upgradeStatus(s.url));
    // 6 for the user + 4 anonymous = 10 from this IP; the rest are refused.
    expect(ip.slice(0, 4)).toEqual([101, 101, 101, 101]);
    expect(ip.slice(4)).toEqual([429, 429]);
  });

  test("a bad token is refused before the upgrade; a socket closes when its token expires", async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const s = await boot(NO_NODE, { clock, realtime: { pingIntervalMs: 100, connectLimits: { perIp: 1000, perUser: 1000 } } });
    expect(await upgradeStatus(`${s.url}?token=forged.token.here`)).toBe(401);
    const a = await s.user(ADDR_A);
    const c = await s.open(a.token);
    offset = 16 * 60_000; // past the 15-minute access token
    const closed = await c.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toContain("expired");
    expect(await upgradeStatus(`${s.url}?token=${a.token}`)).toBe(401);
  });

  test("signing out closes the sockets that session opened at once (4004); another session's socket stays", async () => {
    const s = await boot(NO_NODE, { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } });
    const phone = await s.user(ADDR_A);
    const laptop = await s.user(ADDR_A);
    const onPhone = await s.open(phone.token);
    const onLaptop = await s.open(laptop.token);
    const out = await fetch(`${s.http}/api/v1/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${phone.token}` } });
    expect(out.status).toBe(200);
    const closed = await onPhone.closed;
    expect(closed).toEqual({ code: 4004, reason: "signed out: this session was revoked" });
    expect(await upgradeStatus(`${s.url}?token=${phone.token}`)).toBe(401);
    // The laptop's session was not signed out: its socket still gets pushes.
    onLaptop.send({ action: "subscribe", channels: ["shares"] });
    await onLaptop.next("subscribed", (m) => m.type === "subscribed");
    expect(s.server.hub.publish({ channel: "shares", type: "share_submitted", data: { worker: "w" } }, { userId: phone.id })).toBe(1);
    expect(await onLaptop.next("push", (m) => m.channel === "shares")).toEqual({ channel: "shares", type: "share_submitted", data: { worker: "w" } });
    expect(s.server.hub.stats().revoked).toBe(1);
  });
});

test(
  "a real share from the CPU miner reaches its owner's socket on `shares`, never another user's; blocks reach everyone",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const address = await node.getNewAddress("bech32");
    const s = await boot({ TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001" }, { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } });
    await until("node ready", 20_000, async () => ((await fetch(`${s.http}/health/ready`)).status === 200 ? true : null));
    const owner = await s.user(address);
    const other = await s.user(ADDR_B);
    const mine = await s.open(owner.token);
    const theirs = await s.open(other.token);
    for (const c of [mine, theirs]) {
      c.send({ action: "subscribe", channels: ["shares", "workers", "blocks"] });
      await c.next("subscribed", (m) => m.type === "subscribed");
    }
    const mined = await runMiner({ url: `stratum+tcp://127.0.0.1:${s.server.stratumPort}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 3 });
    expect(mined.accepted).toBeGreaterThanOrEqual(3);
    const share = await mine.next("share", (m) => m.channel === "shares" && m.type === "share_submitted");
    expect(share.data).toMatchObject({ worker: "rig1", accepted: true });
    await mine.next("worker online", (m) => m.channel === "workers" && m.type === "worker_online");
    // On regtest a share is often a block: everyone hears of it, only the finder as theirs.
    if (mined.blocks > 0) {
      expect((await mine.next("own block", (m) => m.channel === "blocks")).data).toMatchObject({ is_mine: true });
      expect((await theirs.next("their block", (m) => m.channel === "blocks")).data).toMatchObject({ is_mine: false });
    }
    // Give the other socket every chance to (wrongly) get the owner's pushes: a ping round trip later, still nothing personal.
    s.server.hub.publish({ channel: "blocks", type: "marker", data: {} });
    await theirs.next("marker", (m) => m.type === "marker");
    expect(theirs.messages.filter((m) => m.channel === "shares" || m.channel === "workers")).toEqual([]);
  },
  NODE_TEST_TIMEOUT_MS,
);

test("with several instances on one PostgreSQL database, a worker connecting to one instance reaches its owner's socket on another", async () => {
  const db = await testDatabaseEnv("ws-cluster", "postgres");
  const limits = { realtime: { connectLimits: { perIp: 1000, perUser: 1000 } } };
  const a = await boot({ ...NO_NODE, ...db }, limits);
  const b = await boot({ ...NO_NODE, ...db }, { ...limits, keysFrom: a.dir });
  const owner = await a.user(ADDR_A);
  const c = await a.open(owner.token);
  c.send({ action: "subscribe", channels: ["workers"] });
  await c.next("subscribed", (m) => m.type === "subscribed");
  // A miner authorizes on instance B (no node needed for that).
  const sock = connect(b.server.stratumPort, "127.0.0.1");
  await new Promise<void>((r) => sock.once("connect", () => r()));
  sock.write(`{"id":1,"method":"mining.subscribe","params":["test/1.0"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR_A}.far-rig","x"]}\n`);
  const online = await c.next("worker online from the other instance", (m) => m.channel === "workers" && m.type === "worker_online", 20_000);
  expect(online.data).toMatchObject({ worker: "far-rig" });
  sock.destroy();
  await c.next("worker offline from the other instance", (m) => m.channel === "workers" && m.type === "worker_offline", 20_000);
}, 60_000);
