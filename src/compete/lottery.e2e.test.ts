// The weekly lottery against a real regtest node and the suite's storage engine: tickets frozen
// and committed at close naming block tip+6, drawn with that block's real hash once it has its
// confirmations, prizes paid once; the node down at draw time; a restart mid-draw; a second
// process never drawing a week again.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { createRpcClient } from "../../stratum/index.ts";
import { utcDay, WEEK_MS, weekStart } from "../core/time.ts";
import type { Storage } from "../db/storage.ts";
import { silentLogger } from "../log.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { openTestStorage, refuse, testQuery, testQueryOne } from "../../test/storage.ts";
import { chainFromRpc } from "./chain.ts";
import { commitmentOf } from "./fair-draw.ts";
import { createLeaderboards } from "./leaderboards.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia } from "elysia";
import { createAccounts } from "../auth/accounts.ts";
import { FAST_COST } from "../auth/test-harness.ts";
import { loadConfig } from "../config.ts";
import { lotteryRoutes } from "../http/routes/lottery.ts";
import { lotteryCommand } from "./verify-command.ts";
import { CONFIRMATIONS, createLottery, TARGET_OFFSET, type Lottery, type LotteryEventMap } from "./lottery.ts";

const THIS_MON = weekStart(Date.UTC(2026, 10, 25));
const LAST_MON = THIS_MON - WEEK_MS;
let node: TestNode;
let storage: Storage;
let made: { stop(): Promise<void> }[];
const clock = () => THIS_MON + 5 * 60_000;

beforeAll(async () => {
  node = await startBitcoind();
  await node.mine(10);
}, NODE_TEST_TIMEOUT_MS);
afterAll(() => node.destroy());
beforeEach(async () => {
  storage = await openTestStorage("lottery");
  made = [];
  for (let i = 1; i <= 5; i++) {
    const u = await storage.repos.users.insertUser({ btcAddress: `bc1qlottery${i}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, displayName: i === 3 ? null : `player${i}`, authMethod: "miner" }, LAST_MON);
    await testQuery(storage, "INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, total_shares, sum_diff) VALUES (?, ?, ?, ?, ?)", [u.id, LAST_MON, 1000 * i, 10 * i, 10 * i]);
  }
});
afterEach(async () => {
  for (const m of made) await m.stop();
  if (!node.isRunning()) await node.restart();
  await storage.close();
});

function lottery(): Lottery {
  const lb = createLeaderboards({ repos: storage.repos, log: silentLogger, now: clock });
  const chain = chainFromRpc(createRpcClient({ url: node.rpcUrl, user: node.rpcUser, password: node.rpcPassword, timeoutMs: 3000 }));
  const l = createLottery({ repos: storage.repos, log: silentLogger, chain, namer: () => lb.namer(), now: clock });
  made.push(l, lb);
  return l;
}

const tip = () => node.rpc<number>("getblockcount");

test("the week closes with a commitment naming tip+6, and is drawn with that block's real hash once it has its confirmations", async () => {
  const l = lottery();
  const won: LotteryEventMap["lottery.won"][] = [];
  l.events.on("lottery.won", (e) => void won.push(e));
  const height = await tip();
  await l.tick();
  const d = (await storage.repos.ranks.getDraw(LAST_MON))!;
  expect(d).toMatchObject({ status: "committed", targetHeight: height + TARGET_OFFSET, totalTickets: 150, totalParticipants: 5, blockHash: null });
  expect(d.commitment).toBe(commitmentOf(d.ticketFile));
  expect(d.ticketFile).not.toContain("bc1qlottery3xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  expect(JSON.parse(d.ticketFile).entries[0]).toEqual({ name: "player1", first: 0, last: 9 });
  // The block exists but is not deep enough yet.
  await node.mine(TARGET_OFFSET);
  await l.tick();
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.status).toBe("committed");
  expect(l.waiting()[0]!.reason).toContain(`waiting for block ${d.targetHeight}`);
  await node.mine(CONFIRMATIONS - 1);
  await l.tick();
  const drawn = (await storage.repos.ranks.getDraw(LAST_MON))!;
  expect(drawn.status).toBe("drawn");
  expect(drawn.blockHash).toBe(await node.rpc<string>("getblockhash", [d.targetHeight]));
  const results = await storage.repos.ranks.results(d.id);
  expect(results.map((r) => [r.position, r.xpPrize])).toEqual([[1, 500], [2, 200], [3, 100]]);
  expect(new Set(results.map((r) => r.userId)).size).toBe(3);
  const xp = await testQuery(storage, "SELECT user_id, amount, ref FROM xp_ledger WHERE source = 'lottery' ORDER BY amount DESC");
  expect(xp.map((x) => [x.user_id, x.amount, x.ref])).toEqual(results.map((r) => [r.userId, r.xpPrize, `${utcDay(LAST_MON)}:${r.position}`]));
  expect((await testQueryOne(storage, "SELECT total_xp FROM user_gamification WHERE user_id = ?", [results[0]!.userId])).total_xp).toBe(500);
  await (l as { stop(): Promise<void> }).stop();
  expect(won.map((w) => w.position)).toEqual([1, 2, 3]);
  const v = await l.verify(LAST_MON);
  expect(v.ok).toBe(true);
  // Anyone: the public record and file over HTTP, re-run by `tbg lottery verify`.
  const config = loadConfig({ TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-lot-")) });
  if (!config.ok) throw new Error(config.errors.join());
  const accounts = await createAccounts({ repos: storage.repos, log: silentLogger, config: config.config, now: clock, passwordCost: FAST_COST });
  const app = new Elysia().use(lotteryRoutes(l, storage.repos, accounts.guards, clock));
  const out: string[] = [];
  const io = { out: (x: string) => void out.push(x), err: (x: string) => void out.push(x) };
  let tamper = false;
  const fetcher = (async (url: string) => {
    const res = await app.handle(new Request(url));
    if (!tamper || !url.endsWith("tickets.json")) return res;
    return new Response((await res.text()).replace('"last": 9', '"last": 8'));
  }) as unknown as typeof fetch;
  expect(await lotteryCommand(["verify", utcDay(LAST_MON)], io, fetcher)).toBe(0);
  expect(out.at(-1)).toBe("OK: the winners match");
  expect(out[0]).toContain(drawn.blockHash!);
  tamper = true;
  expect(await lotteryCommand(["verify", utcDay(LAST_MON)], io, fetcher)).toBe(1);
  expect(out.at(-1)).toContain("MISMATCH");
  expect((await app.handle(new Request("http://x/api/v1/games/lottery/results/2026-11-24"))).status).toBe(404);
  accounts.stop();
  // An admin's re-run verifies; it never draws again.
  await lottery().tick();
  expect(await storage.repos.ranks.results(d.id)).toHaveLength(3);
}, NODE_TEST_TIMEOUT_MS);

test("with the node down at draw time the draw waits and says so, then draws when the node is back", async () => {
  const l = lottery();
  await l.tick();
  const d = (await storage.repos.ranks.getDraw(LAST_MON))!;
  await node.mine(TARGET_OFFSET + CONFIRMATIONS);
  await node.stop();
  await l.tick();
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.status).toBe("committed");
  expect(l.waiting()).toEqual([{ weekStart: LAST_MON, reason: `the Bitcoin node is not answering; the draw waits for block ${d.targetHeight}`, since: clock() }]);
  await node.restart();
  await l.tick();
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.status).toBe("drawn");
  expect(l.waiting()).toEqual([]);
}, NODE_TEST_TIMEOUT_MS);

test("with the node down when the week closes nothing is committed until it can name the seeding block", async () => {
  const l = lottery();
  await node.stop();
  await l.tick();
  expect(await storage.repos.ranks.getDraw(LAST_MON)).toBeUndefined();
  expect(l.waiting().map((w) => w.reason)).toEqual(["waiting for the Bitcoin node to name the block that will seed the draw"]);
  await node.restart();
  await l.tick();
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.targetHeight).toBe((await tip()) + TARGET_OFFSET);
  expect(l.waiting()[0]!.reason).toContain("waiting for block");
}, NODE_TEST_TIMEOUT_MS);

test("a draw that fails half-way leaves nothing; after a restart it is drawn exactly once", async () => {
  const first = lottery();
  await first.tick();
  const d = (await storage.repos.ranks.getDraw(LAST_MON))!;
  await node.mine(TARGET_OFFSET + CONFIRMATIONS);
  const undo = await refuse(storage, "xp_ledger", "INSERT", "disk full");
  await expect(first.tick()).rejects.toThrow();
  await undo();
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.status).toBe("committed");
  expect(await storage.repos.ranks.results(d.id)).toHaveLength(0);
  // "Restart": two new processes race for the same week.
  await Promise.all([lottery().tick(), lottery().tick()]);
  expect((await storage.repos.ranks.getDraw(LAST_MON))!.status).toBe("drawn");
  expect(await storage.repos.ranks.results(d.id)).toHaveLength(3);
  expect((await testQueryOne(storage, "SELECT count(*) AS n FROM xp_ledger WHERE source = 'lottery'")).n).toBe(3);
  expect((await testQueryOne(storage, "SELECT count(*) AS n FROM lottery_draws")).n).toBe(1);
}, NODE_TEST_TIMEOUT_MS);
