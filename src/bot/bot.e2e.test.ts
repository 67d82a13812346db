// The bot against a local server speaking the Bot API (test/bot-api-server.ts), asserting on the
// requests Telegram would receive. Blocks come from a real regtest node and the CPU miner.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../../stratum/index.ts";
import { fakeBotApi, type FakeBotApi } from "../../test/bot-api-server.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { openTestStorage } from "../../test/storage.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { loadConfig } from "../config.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus, type PoolBus, type PoolEventMap } from "../events.ts";
import type { Relayed } from "../cluster/relay.ts";
import type { GameEventMap } from "../game/service.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running } from "../server.ts";
import { createBot, type TelegramBot } from "./bot.ts";

const TOKEN = "424242:TEST-token-for-the-local-bot-api";
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

test(
  "/start records the referral; /subscribe then a regtest block sends the alert (after a 429's retry_after); a 403 marks the chat and is not retried",
  async () => {
    const api = fakeBotApi(TOKEN);
    cleanup.push(() => api.stop());
    const node: TestNode = await startBitcoind({ chain: "regtest" });
    cleanup.push(() => node.destroy());
    const address = await node.getNewAddress("bech32");
    const dir = mkdtempSync(join(tmpdir(), "tbg-bot-"));
    const cfg = loadConfig({
      TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest",
      TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001",
      TBG_TELEGRAM_BOT_TOKEN: TOKEN, TBG_TELEGRAM_API_ROOT: api.url, ...(await testDatabaseEnv("bot")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    const server: Running = await startServer(cfg.config, silentLogger, { bot: { maxRetryAfterS: 10 } });
    cleanup.push(() => server.stop());
    expect((await server.botReady)?.mode).toBe("polling");
    const repo = server.storage.repos.bot;

    api.message(1001, "/start ref_alice42", { username: "bob" });
    await until("greeting", 10_000, () => (api.sent(1001).length > 0 ? true : null));
    expect((await repo.findChat(1001))?.referral).toBe("ref_alice42");
    // A second /start with another code keeps the first referral.
    api.message(1001, "/start ref_mallory");
    await until("second greeting", 10_000, () => (api.sent(1001).length > 1 ? true : null));
    expect((await repo.findChat(1001))?.referral).toBe("ref_alice42");

    api.message(1001, `/subscribe ${address}`);
    api.message(1002, `/subscribe ${address}`);
    api.message(1003, "/subscribe not-an-address");
    await until("subscribed", 10_000, () => (api.sent(1001).some((c) => String(c.body.text).startsWith("Subscribed")) && api.sent(1002).length > 0 && api.sent(1003).length > 0 ? true : null));
    expect(String(api.sent(1003)[0]!.body.text)).toContain("cannot be used");
    expect(await repo.chatsFollowing(address)).toEqual(expect.arrayContaining([1001, 1002]));

    // The next message to 1001 meets a 429 (retry after 1 s); 1002 has blocked the bot.
    api.program(1001, { status: 429, retryAfter: 1 });
    api.program(1002, { status: 403 });
    await until("node ready", 20_000, async () => ((await fetch(`http://127.0.0.1:${server.httpPort}/health/ready`)).status === 200 ? true : null));
    const mined = await runMiner({ url: `stratum+tcp://127.0.0.1:${server.stratumPort}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 40 });
    expect(mined.blocks).toBeGreaterThan(0);
    const alert = await until("block alert", 20_000, () => api.sent(1001).find((c) => String(c.body.text).includes("Block")) ?? null);
    expect(String(alert.body.text)).toContain("rig1");
    // The first try got the 429; the next went through after waiting retry_after.
    const tries = await until("the retried alert", 20_000, () => {
      const t = api.sent(1001).filter((c) => c.body.text === alert.body.text);
      return t.length >= 2 ? t : null;
    });
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
    await until("blocked chat marked", 10_000, async () => ((await repo.findChat(1002))?.blockedAt ? true : null));
    await server.bot!.outbox.idle();
    // One attempt for the blocked chat, then nothing more to it.
    expect(api.sent(1002).filter((c) => String(c.body.text).includes("Block")).length).toBe(1);
    expect(await repo.chatsFollowing(address)).toEqual([1001]);
  },
  NODE_TEST_TIMEOUT_MS,
);

test("worker offline is judged by its own share rate: a silent fast worker alerts (and comes back), a slow one that is alive does not", async () => {
  const api = fakeBotApi(TOKEN);
  cleanup.push(() => api.stop());
  const storage: Storage = await openTestStorage("bot-offline");
  cleanup.push(() => storage.close());
  let t = Date.UTC(2026, 10, 2, 12, 0, 0);
  const now = () => t;
  const pool: PoolBus = createEventBus();
  const poolWide = createEventBus<{ block_found: Relayed<PoolEventMap["block_found"]> }>();
  const game = createEventBus<GameEventMap>();
  const bot: TelegramBot = await createBot({
    token: TOKEN, apiRoot: api.url, repos: storage.repos, log: silentLogger, now, sources: { pool, poolWide, game }, sweepMs: 3_600_000,
    checkAddress: () => null, poolNumbers: () => ({ hashrate: 0, miners: 0, workers: 0, blocksFound: 0, height: null }), addressNumbers: () => null,
  });
  cleanup.push(() => bot.stop());
  const FAST = "bc1qfastfastfastfastfastfastfastfastfast0";
  const SLOW = "bc1qslowslowslowslowslowslowslowslowslow0";
  await storage.repos.bot.touchChat({ chatId: 2001, userId: null, username: null, referral: null }, t);
  await storage.repos.bot.subscribe(2001, FAST, t);
  await storage.repos.bot.touchChat({ chatId: 2002, userId: null, username: null, referral: null }, t);
  await storage.repos.bot.subscribe(2002, SLOW, t);
  const share = (address: string, worker: string) =>
    pool.publish("share_submitted", { source: "hosted", address, worker, userAgent: "x", ip: "1.2.3.4", sessionId: "s", jobId: "j", height: 1, accepted: true, targetDifficulty: 1, shareDifficulty: 2, rejectCode: null, rejectReason: null, isBlock: false, timestamp: t });
  // The Bitaxe sends a share every 10 s; the NerdMiner one every 4 minutes.
  for (let i = 0; i <= 24; i++) {
    share(FAST, "bitaxe");
    if (i % 24 === 0) share(SLOW, "nerdminer");
    await pool.drain();
    t += 10_000;
  }
  share(SLOW, "nerdminer"); // t = 0 + 250 s
  await pool.drain();
  for (let i = 0; i < 3; i++) {
    t += 240_000;
    share(SLOW, "nerdminer");
    await pool.drain();
  }
  // 12 min since the Bitaxe's last share (> 5 × 10 s and ≥ 10 min); the NerdMiner's last share is 0 s old but its
  // 4-minute pace would need 20 min of silence anyway.
  t += 11 * 60_000;
  await bot.sweep();
  await bot.outbox.idle();
  const offline = await until("offline alert", 10_000, () => api.sent(2001).find((c) => String(c.body.text).includes("offline")) ?? null);
  expect(String(offline.body.text)).toContain("bitaxe");
  expect(api.sent(2002)).toEqual([]);
  // Swept again: one alert per outage, not one per sweep.
  t += 60_000;
  await bot.sweep();
  await bot.outbox.idle();
  expect(api.sent(2001).filter((c) => String(c.body.text).includes("offline")).length).toBe(1);
  // 11 minutes of NerdMiner silence is still within its pace.
  expect(api.sent(2002)).toEqual([]);
  share(FAST, "bitaxe");
  await pool.drain();
  await until("back online", 10_000, () => api.sent(2001).find((c) => String(c.body.text).includes("back online")) ?? null);
});

test("with several instances on one PostgreSQL database only the leader polls Telegram and sends; a message queued elsewhere goes out once, and the next leader takes over", async () => {
  const db = await testDatabaseEnv("bot-cluster", "postgres");
  // One Bot API stand-in per instance, to see which instance asks Telegram for what.
  const boot = async () => {
    const api = fakeBotApi(TOKEN);
    cleanup.push(() => api.stop());
    const cfg = loadConfig({
      TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-bot-cluster-")), TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0", TBG_NETWORK: "regtest",
      TBG_BITCOIN_RPC_URL: "http://127.0.0.1:1", TBG_BITCOIN_RPC_USER: "x", TBG_BITCOIN_RPC_PASSWORD: "x",
      TBG_TELEGRAM_BOT_TOKEN: TOKEN, TBG_TELEGRAM_API_ROOT: api.url, ...db,
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    const server: Running = await startServer(cfg.config, silentLogger);
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    };
    cleanup.push(stop);
    const bot = await server.botReady;
    if (bot === null) throw new Error("bot did not start");
    return { api, server, bot, stop, polls: () => api.calls.filter((c) => c.method === "getUpdates").length };
  };
  const a = await boot();
  const b = await boot();
  await until("the leader polls", 10_000, () => (a.polls() > 0 ? true : null));

  // Queued on the follower: the leader delivers it, once.
  await b.bot.outbox.send(4242, "queued on the follower", "test");
  await until("delivered by the leader", 15_000, () => (a.api.sent(4242).length === 1 ? true : null));
  // An update sent to the leader's Telegram is answered there; the follower never polled.
  a.api.message(4243, "/help");
  await until("help answered", 10_000, () => (a.api.sent(4243).length > 0 ? true : null));
  expect(b.polls()).toBe(0);
  expect(b.api.sent()).toEqual([]);

  // The leader stops: the other instance takes over polling and sending.
  await a.stop();
  await until("the next leader polls", 30_000, () => (b.polls() > 0 ? true : null));
  await b.bot.outbox.send(4242, "after the hand-over", "test");
  await until("delivered by the new leader", 15_000, () => (b.api.sent(4242).length === 1 ? true : null));
  expect(a.api.sent(4242).map((c) => c.body.text)).toEqual(["queued on the follower"]);
}, 90_000);
