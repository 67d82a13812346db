// Cooperatives on the engine the suite runs on (test/storage.ts), with shares stored by the real
// ingest and writer thread for the stats, and the real game for the badges.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ShareSubmittedEvent } from "../../stratum/index.ts";
import { openTestStorage, testQuery } from "../../test/storage.ts";
import type { Storage } from "../db/storage.ts";
import { createEventBus, type PoolBus } from "../events.ts";
import { createGame, type Game } from "../game/service.ts";
import { silentLogger } from "../log.ts";
import { Ingest } from "../mining/ingest.ts";
import { createCoops, type Coops, type SocialEventMap } from "./coops.ts";
import { leaveRefusal, removeRefusal } from "./roles.ts";

const T0 = Date.UTC(2026, 10, 25, 10);
let storage: Storage, game: Game, coops: Coops, pool: PoolBus, ingest: Ingest;
let clock = T0;
let ids: number[];
const id = (i: number) => ids[i]!;

const addr = (i: number) => `bc1qcooptest${String(i).padStart(30, "0")}`;
function share(i: number, at: number, diff: number, over: Partial<ShareSubmittedEvent> = {}): ShareSubmittedEvent {
  return {
    source: "hosted", address: addr(i), worker: "rig", userAgent: "bitaxe", ip: "10.0.0.2", sessionId: `s${i}`, jobId: "1", height: 900_000, accepted: true,
    targetDifficulty: diff, shareDifficulty: diff, rejectCode: null, rejectReason: null, isBlock: false, timestamp: at, ...over,
  };
}
async function mine(shares: ShareSubmittedEvent[]) {
  for (const s of shares) pool.publish("share_submitted", s);
  await pool.drain();
  await ingest.flush();
}

beforeEach(async () => {
  storage = await openTestStorage("coops");
  clock = T0;
  pool = createEventBus();
  ingest = new Ingest({ target: storage.writerTarget, where: storage.where, lastPoolBlockAt: 0, log: silentLogger, now: () => clock, shareRetentionMs: 86_400_000 * 30, flushIntervalMs: 3_600_000 });
  ingest.attach(pool);
  ingest.start();
  game = createGame({ repos: storage.repos, log: silentLogger, now: () => clock });
  coops = createCoops({ repos: storage.repos, game, log: silentLogger, now: () => clock, statsTtlMs: 0 });
  ids = [];
  for (let i = 0; i < 5; i++) ids.push((await storage.repos.users.insertUser({ btcAddress: addr(i), displayName: `miner${i}`, displayNameKey: `miner${i}` }, T0)).id);
});
afterEach(async () => {
  await ingest.stop();
  await game.stop();
  await storage.close();
});

const [A, B, C, D] = [0, 1, 2, 3];
const badges = async (user: number) => (await testQuery<{ slug: string }>(storage, "SELECT slug FROM user_badges WHERE user_id = ? ORDER BY slug", [user])).map((r) => r.slug);

describe("roles, as rules", () => {
  test("nobody removes the founder; members remove nobody; only the founder removes an admin", () => {
    expect(removeRefusal("admin", "founder")?.reason).toBe("CANNOT_REMOVE_FOUNDER");
    expect(removeRefusal("member", "founder")?.reason).toBe("CANNOT_REMOVE_FOUNDER");
    expect(removeRefusal("member", "member")?.reason).toBe("NOT_COOP_ADMIN");
    expect(removeRefusal("admin", "admin")?.reason).toBe("NOT_COOP_FOUNDER");
    expect(removeRefusal("admin", "member")).toBeNull();
    expect(removeRefusal("founder", "admin")).toBeNull();
    expect(leaveRefusal("founder", 2)?.reason).toBe("HANDOVER_REQUIRED");
    expect(leaveRefusal("founder", 1)).toBeNull();
    expect(leaveRefusal("admin", 3)).toBeNull();
  });
});

test("create: the founder's coop with coop_founder; names checked like display names and unique ignoring case; one coop per user", async () => {
  const created: SocialEventMap["social.coop_created"][] = [];
  coops.events.on("social.coop_created", (e) => void created.push(e));
  const d = await coops.create(id(A), { name: "Hash-Garage", description: "Bitaxes in a garage", countryCode: "pt" });
  expect(d).toMatchObject({ myRole: "founder", coop: { name: "Hash-Garage", countryCode: "PT", joinMode: "open", founderId: id(A) } });
  expect(d.inviteCode).toMatch(/^[a-z0-9]{10}$/);
  expect(d.members.map((m) => [m.userId, m.role])).toEqual([[id(A), "founder"]]);
  await game.idle();
  expect(await badges(id(A))).toEqual(["coop_founder"]);

  await expect(coops.create(id(B), { name: "hash-garage" })).rejects.toMatchObject({ reason: "COOP_NAME_TAKEN" });
  await expect(coops.create(id(B), { name: "<b>x</b>" })).rejects.toMatchObject({ reason: "INVALID_COOP_NAME" });
  await expect(coops.create(id(B), { name: "Adm1n-Club" })).rejects.toMatchObject({ reason: "INVALID_COOP_NAME" });
  await expect(coops.create(id(B), { name: "Fine", description: "x".repeat(281) })).rejects.toMatchObject({ reason: "INVALID_DESCRIPTION" });
  await expect(coops.create(id(A), { name: "Second" })).rejects.toMatchObject({ reason: "ALREADY_IN_COOP" });
  expect((await coops.leaderboard(10)).map((e) => e.coop.name)).toEqual(["Hash-Garage"]);
  await coops.idle();
  expect(created.map((e) => e.name)).toEqual(["Hash-Garage"]);
});

test("join: open coops by anyone, invite-only ones only with the code; a renewed code stops the old link", async () => {
  const joined: SocialEventMap["social.coop_joined"][] = [];
  coops.events.on("social.coop_joined", (e) => void joined.push(e));
  const open = await coops.create(id(A), { name: "OpenPit" });
  const closed = await coops.create(id(B), { name: "Inner-Circle", joinMode: "invite" });
  await coops.join(id(C), open.coop.id);
  await expect(coops.join(id(D), closed.coop.id)).rejects.toMatchObject({ reason: "INVITE_REQUIRED" });
  await expect(coops.join(id(C), closed.coop.id, closed.inviteCode)).rejects.toMatchObject({ reason: "ALREADY_IN_COOP" });
  const old = closed.inviteCode!;
  const renewed = await coops.renewInvite(id(B));
  await expect(coops.joinByCode(id(D), old)).rejects.toMatchObject({ reason: "INVALID_INVITE" });
  const d = await coops.joinByCode(id(D), renewed);
  expect(d).toMatchObject({ myRole: "member", inviteCode: null });
  expect(d.members.map((m) => m.role)).toEqual(["founder", "member"]);
  await coops.idle();
  expect(joined.map((e) => [e.userId, e.via])).toEqual([[id(C), "open"], [id(D), "invite"]]);
  await game.idle();
  expect(await badges(id(D))).toEqual(["coop_member"]);
  // A member cannot renew the code or change the coop.
  await expect(coops.renewInvite(id(D))).rejects.toMatchObject({ reason: "NOT_COOP_ADMIN" });
  await expect(coops.update(id(D), { joinMode: "open" })).rejects.toMatchObject({ reason: "NOT_COOP_ADMIN" });
});

test("the same user joining two coops at once ends up in one", async () => {
  const a = await coops.create(id(A), { name: "Alpha" });
  const b = await coops.create(id(B), { name: "Bravo" });
  const r = await Promise.allSettled([coops.join(id(C), a.coop.id), coops.join(id(C), b.coop.id)]);
  expect(r.filter((x) => x.status === "fulfilled").length).toBe(1);
  expect(await testQuery(storage, "SELECT count(*) AS n FROM cooperative_members WHERE user_id = ?", [id(C)])).toEqual([{ n: 1 }]);
});

test("roles: a member cannot remove the founder; admins remove members; the founder cannot leave without handing over", async () => {
  const c = await coops.create(id(A), { name: "Roles" });
  for (const i of [B, C, D]) await coops.join(ids[i]!, c.coop.id);
  await expect(coops.remove(id(C), id(A))).rejects.toMatchObject({ reason: "CANNOT_REMOVE_FOUNDER" });
  await expect(coops.remove(id(C), id(D))).rejects.toMatchObject({ reason: "NOT_COOP_ADMIN" });
  await expect(coops.setRole(id(B), id(C), "admin")).rejects.toMatchObject({ reason: "NOT_COOP_FOUNDER" });
  await coops.setRole(id(A), id(B), "admin");
  await expect(coops.remove(id(B), id(A))).rejects.toMatchObject({ reason: "CANNOT_REMOVE_FOUNDER" });
  await coops.remove(id(B), id(D));
  expect((await coops.mine(id(D)))).toBeNull();

  // The founder is the last one who runs it: leaving takes a hand-over first.
  await expect(coops.leave(id(A))).rejects.toMatchObject({ code: "CONFLICT", reason: "HANDOVER_REQUIRED" });
  expect((await coops.detail(c.coop.id, null)).members.length).toBe(3);
  await expect(coops.handOver(id(B), id(C))).rejects.toMatchObject({ reason: "NOT_COOP_FOUNDER" });
  await coops.handOver(id(A), id(C));
  const after = await coops.detail(c.coop.id, id(A));
  expect(after.coop.founderId).toBe(id(C));
  expect(after.members.map((m) => [m.userId, m.role])).toEqual([[id(C), "founder"], [id(A), "admin"], [id(B), "admin"]]);
  await coops.leave(id(A));
  await expect(coops.remove(id(B), id(C))).rejects.toMatchObject({ reason: "CANNOT_REMOVE_FOUNDER" });
  await coops.leave(id(B));
  // The last member leaving dissolves the coop and frees its name.
  expect(await coops.leave(id(C))).toEqual({ dissolved: true });
  await expect(coops.detail(c.coop.id, null)).rejects.toMatchObject({ reason: "COOP_NOT_FOUND" });
  await coops.create(id(D), { name: "roles" });
});

test("stats come from stored mining data: members, shares, hashrate over the last hour, blocks; the leaderboard ranks by hashrate", async () => {
  const small = await coops.create(id(A), { name: "Small" });
  const big = await coops.create(id(B), { name: "Big" });
  await coops.join(id(C), big.coop.id);
  // Outside any coop: counts for nobody.
  await mine([share(D, T0 - 30 * 60_000, 1_000_000)]);
  await mine([
    share(A, T0 - 20 * 60_000, 1000), share(A, T0 - 10 * 60_000, 1000),
    share(B, T0 - 20 * 60_000, 50_000), share(C, T0 - 15 * 60_000, 50_000), share(C, T0 - 5 * 60_000, 50_000),
    // Two hours ago: counts in shares, not in the last hour's hashrate.
    share(B, T0 - 2 * 3_600_000, 9_000_000),
    share(C, T0 - 60_000, 1e12, { isBlock: true }),
  ]);
  const board = await coops.leaderboard(10);
  expect(board.map((e) => [e.rank, e.coop.name, e.stats.members, e.stats.acceptedShares])).toEqual([[1, "Big", 2, 5], [2, "Small", 1, 2]]);
  // Hashes per second = difficulty-weighted shares × 2³² ÷ 3600 s.
  expect(board[0]!.stats.hashrate / (((3 * 50_000 + 1e12) * 2 ** 32) / 3600)).toBeCloseTo(1, 9);
  expect(board[1]!.stats.hashrate / ((2000 * 2 ** 32) / 3600)).toBeCloseTo(1, 9);
  expect(board[0]!.stats.blocks).toBe(Number((await testQuery(storage, "SELECT count(*) AS n FROM blocks WHERE user_id = ?", [id(C)]))[0]!.n));
  expect((await coops.detail(small.coop.id, null)).stats).toMatchObject({ members: 1, acceptedShares: 2, blocks: 0 });
});

test("members are named as on every board: display name, else short address, else the pool's alias; a hidden profile shows only the alias (to others)", async () => {
  const noName = (await storage.repos.users.insertUser({ btcAddress: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" }, T0)).id;
  const telegramOnly = (await storage.repos.users.insertUser({ btcAddress: null }, T0)).id;
  const c = await coops.create(id(0), { name: "Names" });
  await coops.join(id(1), c.coop.id);
  await coops.join(noName, c.coop.id);
  await coops.join(telegramOnly, c.coop.id);
  await storage.repos.users.updateSettings(id(1), { privacyShowProfile: false }, T0);
  const seen = new Map((await coops.detail(c.coop.id, id(0))).members.map((m) => [m.userId, m.name]));
  expect(seen.get(id(0))).toBe("miner0");
  expect(seen.get(noName)).toBe("bc1qar…5mdq");
  expect(seen.get(telegramOnly)).toMatch(/^Miner [A-Z2-7]{8}$/);
  // Hidden: an alias to the others, never the display name; the same alias every time.
  expect(seen.get(id(1))).toMatch(/^Miner [A-Z2-7]{8}$/);
  expect(seen.get(id(1))).not.toBe(seen.get(telegramOnly));
  expect((await coops.detail(c.coop.id, id(2))).members.find((m) => m.userId === id(1))?.name).toBe(seen.get(id(1)));
  // Their own view names them.
  expect((await coops.detail(c.coop.id, id(1))).members.find((m) => m.userId === id(1))?.name).toBe("miner1");
});
