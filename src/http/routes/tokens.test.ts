// Seed 000's token endpoints over HTTP on the whole app (test/full-app.ts): who may call them,
// bad input refused with the error shape and nothing changed, the tap clamp and the 10 a second
// limit, the shapes of wallet, status, daily rewards and characters, no collision with the
// pool's own /api/v1/mining/* reads, and the OpenAPI document listing every path.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, type FullApp } from "../../../test/full-app.ts";

let f: FullApp, cookie: string;
let clock = Date.UTC(2026, 11, 1, 12, 0, 0);

beforeAll(async () => {
  f = await fullApp({ now: () => clock });
  cookie = await f.adminCookie();
});
afterAll(async () => {
  await f?.close();
});

const call = (path: string, init: { method?: string; body?: unknown; auth?: boolean } = {}) =>
  f.app.handle(
    new Request(`http://127.0.0.1${path}`, {
      method: init.method ?? "GET",
      headers: { ...(init.auth === false ? {} : { cookie }), origin: "http://127.0.0.1", ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );

const ROUTES: [string, string, unknown?][] = [
  ["GET", "/api/v1/wallet"], ["GET", "/api/v1/wallet/balance"], ["GET", "/api/v1/wallet/transactions"],
  ["POST", "/api/v1/mining/tap", { count: 1, client_time: 1 }], ["GET", "/api/v1/mining/status"], ["GET", "/api/v1/mining/stats"], ["POST", "/api/v1/mining/claim"],
  ["POST", "/api/v1/mining/boost", { type: "refill" }], ["GET", "/api/v1/daily-rewards/status"], ["POST", "/api/v1/daily-rewards/claim"],
  ["GET", "/api/v1/characters"], ["GET", "/api/v1/characters/user"], ["GET", "/api/v1/characters/pleb"], ["POST", "/api/v1/characters/purchase", { character_id: "pleb" }],
  ["POST", "/api/v1/characters/upgrade", { character_id: 1 }], ["PUT", "/api/v1/characters/equip", { character_id: 1 }],
  ["POST", "/api/v1/wallet/stake", { amount: "100", lock_period: "FLEXIBLE" }], ["POST", "/api/v1/wallet/unstake", { stake_id: 1 }], ["GET", "/api/v1/wallet/staking-info"],
  ["GET", "/api/v1/users/referral-code"], ["GET", "/api/v1/users/referrals"],
  ["GET", "/api/v1/quests"], ["GET", "/api/v1/quests/user"], ["POST", "/api/v1/quests/block_party/start"], ["POST", "/api/v1/quests/daily_tapper/claim"],
  ["GET", "/api/v1/achievements"], ["GET", "/api/v1/achievements/user"], ["POST", "/api/v1/achievements/first_tap/claim"],
  ["GET", "/api/v1/airdrops"], ["GET", "/api/v1/airdrops/1"], ["GET", "/api/v1/airdrops/1/eligibility"], ["POST", "/api/v1/airdrops/1/claim"],
  ["GET", "/api/v1/admin/airdrops"], ["POST", "/api/v1/admin/airdrops/1/distribute"], ["GET", "/api/v1/airdrops/eligibility"],
  ["GET", "/api/v1/leaderboards"], ["GET", "/api/v1/leaderboards/user"], ["GET", "/api/v1/leaderboards/TOKENS"],
];

test("every token endpoint needs a signed-in caller: 401 with the error shape", async () => {
  for (const [method, path, body] of ROUTES) {
    const res = await call(path, { method, body, auth: false });
    expect([path, res.status]).toEqual([path, 401]);
    expect((await res.json()).error.code).toBeString();
  }
});

test("bad input is a 422 and changes nothing", async () => {
  for (const body of [{ count: 0, client_time: 1 }, { count: 1_000_001, client_time: 1 }, { count: 1.5, client_time: 1 }, { count: 5 }, { count: 5, client_time: 1, batch_id: "<script>" }]) {
    const res = await call("/api/v1/mining/tap", { method: "POST", body });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }
  expect((await call("/api/v1/mining/boost", { method: "POST", body: { type: "infinite" } })).status).toBe(422);
  expect((await call("/api/v1/wallet/transactions?type=FREE_MONEY")).status).toBe(422);
  expect((await call("/api/v1/characters/upgrade", { method: "POST", body: { character_id: 1, levels: 11 } })).status).toBe(422);
  expect((await call("/api/v1/characters/../admin")).status).not.toBe(200);
  expect((await (await call("/api/v1/mining/stats")).json()).taps_total).toBe(0);
});

test("a million taps are clamped to what a human could tap; the 11th batch within a second gets 429", async () => {
  const res = await call("/api/v1/mining/tap", { method: "POST", body: { count: 1_000_000, client_time: clock, batch_id: "script-attack-1" } });
  expect(res.status).toBe(200);
  const j = await res.json();
  expect(j).toMatchObject({ accepted: 36, requested: 1_000_000, clamped: { by_rate: 1_000_000 - 36 }, client_time: clock, duplicate: false });
  expect(j.status).toMatchObject({ energy: 1_000 - 36, max_energy: 1_000, regen_per_second: 3, decimals: 3, balance: { units: j.reward.units } });
  const codes: number[] = [];
  for (let i = 0; i < 10; i++) codes.push((await call("/api/v1/mining/tap", { method: "POST", body: { count: 1, client_time: clock } })).status);
  expect(codes.slice(0, 9).every((c) => c === 200)).toBe(true);
  expect(codes[9]).toBe(429);
  const limited = await call("/api/v1/mining/tap", { method: "POST", body: { count: 1, client_time: clock } });
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("1");
  expect((await limited.json()).error.code).toBe("TAP_RATE_LIMITED");
  clock += 1_000;
});

test("wallet, balance and history agree; the ledger rows page by cursor and filter by type", async () => {
  for (let i = 0; i < 3; i++) {
    clock += 1_000;
    expect((await (await call("/api/v1/mining/tap", { method: "POST", body: { count: 10, client_time: clock } })).json()).accepted).toBe(10);
  }
  const w = await (await call("/api/v1/wallet")).json();
  const b = await (await call("/api/v1/wallet/balance")).json();
  expect(b.balance).toEqual(w.balance);
  expect(w.balance.units).toBeGreaterThan(0);
  const page1 = await (await call("/api/v1/wallet/transactions?limit=2")).json();
  expect(page1.data).toHaveLength(2);
  expect(page1.pagination.has_more).toBe(true);
  expect(page1.data[0]).toMatchObject({ type: "MINING", status: "COMPLETED", balance_after: w.balance, metadata: { source: "tap" } });
  const page2 = await (await call(`/api/v1/wallet/transactions?limit=200&cursor=${page1.pagination.next_cursor}`)).json();
  const all = [...page1.data, ...page2.data];
  expect(all.reduce((s: number, r: { amount: { units: number } }) => s + r.amount.units, 0)).toBe(w.balance.units);
  expect((await (await call("/api/v1/wallet/transactions?type=DAILY_REWARD")).json()).data).toEqual([]);
});

test("daily reward: status, one claim, then 409 ALREADY_CLAIMED", async () => {
  const s = await (await call("/api/v1/daily-rewards/status")).json();
  expect(s).toMatchObject({ streak: 0, can_claim: true, next_streak: 1, next_reward: { units: 100_000, tokens: "100" } });
  expect(s.milestones.map((m: { days: number; multiplier: number }) => [m.days, m.multiplier])).toEqual([[1, 1], [7, 1.5], [14, 2], [30, 3], [60, 5], [90, 7]]);
  const c = await call("/api/v1/daily-rewards/claim", { method: "POST" });
  expect(c.status).toBe(200);
  expect(await c.json()).toMatchObject({ reward: { units: 100_000 }, streak: 1, multiplier: 1 });
  const again = await call("/api/v1/daily-rewards/claim", { method: "POST" });
  expect(again.status).toBe(409);
  expect((await again.json()).error.code).toBe("ALREADY_CLAIMED");
});

test("staking: info, a stake, bad amounts refused, a free flexible withdrawal", async () => {
  const info = await (await call("/api/v1/wallet/staking-info")).json();
  expect(info.lock_periods).toEqual([
    { id: "FLEXIBLE", days: 0, apy: 0.03 }, { id: "THIRTY_DAYS", days: 30, apy: 0.08 }, { id: "NINETY_DAYS", days: 90, apy: 0.15 }, { id: "ONE_EIGHTY_DAYS", days: 180, apy: 0.25 },
  ]);
  expect(info).toMatchObject({ minimum_stake: { tokens: "100" }, early_withdrawal_penalty: 0.1, stakes: [] });
  for (const amount of ["1e5", "-5", "10.1234", "abc", "99"]) {
    const res = await call("/api/v1/wallet/stake", { method: "POST", body: { amount, lock_period: "FLEXIBLE" } });
    expect([amount, res.status]).toEqual([amount, 422]);
  }
  expect((await call("/api/v1/wallet/stake", { method: "POST", body: { amount: "100", lock_period: "FOREVER" } })).status).toBe(422);
  const before = (await (await call("/api/v1/wallet")).json()).balance.units;
  const st = await call("/api/v1/wallet/stake", { method: "POST", body: { amount: "100", lock_period: "FLEXIBLE" } });
  expect(st.status).toBe(200);
  const stake = await st.json();
  expect(stake).toMatchObject({ lock_period: "FLEXIBLE", amount: { units: 100_000 }, apy: 0.03, status: "ACTIVE", unlocks_at: null });
  expect(await (await call("/api/v1/wallet")).json()).toMatchObject({ balance: { units: before - 100_000 }, staked_amount: { units: 100_000 } });
  const un = await (await call("/api/v1/wallet/unstake", { method: "POST", body: { stake_id: stake.id } })).json();
  expect(un).toMatchObject({ returned: { units: 100_000 }, penalty: { units: 0 }, stake: { status: "CLOSED" } });
  expect((await call("/api/v1/wallet/unstake", { method: "POST", body: { stake_id: stake.id } })).status).toBe(409);
});

test("characters: the catalog, one template, a purchase the balance cannot cover (409), nothing owned", async () => {
  const list = await (await call("/api/v1/characters")).json();
  expect(list.data.map((c: { rarity: string }) => c.rarity)).toEqual(["COMMON", "COMMON", "RARE", "RARE", "EPIC", "EPIC", "LEGENDARY", "MYTHIC"]);
  expect(await (await call("/api/v1/characters/satoshis_ghost")).json()).toMatchObject({ name: "Satoshi's Ghost", base_mining_rate: 5, price: { tokens: "2000000" } });
  expect((await call("/api/v1/characters/no_such_one")).status).toBe(404);
  const buy = await call("/api/v1/characters/purchase", { method: "POST", body: { character_id: "satoshis_ghost" } });
  expect(buy.status).toBe(409);
  expect((await buy.json()).error.code).toBe("INSUFFICIENT_BALANCE");
  expect((await (await call("/api/v1/characters/user")).json()).data).toEqual([]);
  expect((await call("/api/v1/characters/equip", { method: "PUT", body: { character_id: 999 } })).status).toBe(404);
});

test("the pool's /api/v1/mining/* reads still answer beside the tap routes; the OpenAPI document lists every token path", async () => {
  expect((await call("/api/v1/mining/blocks")).status).toBe(200);
  expect((await call("/api/v1/mining/difficulty")).status).not.toBe(404);
  expect((await call("/api/v1/mining/claim", { method: "POST" })).status).toBe(409); // nothing mined by this user: NOTHING_TO_CLAIM
  const doc = await (await call("/docs/json")).json();
  for (const [method, path] of ROUTES) {
    const p = path.replace(/\/(pleb|block_party|daily_tapper|first_tap|1)(?=\/|$)/, "/{id}").replace("/TOKENS", "/{type}");
    expect([p, method, doc.paths[p]?.[method.toLowerCase()] !== undefined]).toEqual([p, method, true]);
  }
  expect(doc.paths["/api/v1/mining/tap"].post.requestBody).toBeDefined();
});

test("referrals: the caller's code as a start parameter, and an empty list with the next milestone", async () => {
  const c = await (await call("/api/v1/users/referral-code")).json();
  expect(c.start_param).toBe(`ref_${c.code}`);
  expect(c).toMatchObject({ referrer_bonus: { tokens: "500" }, friend_bonus: { tokens: "250" } });
  expect((await (await call("/api/v1/users/referral-code")).json()).code).toBe(c.code);
  expect(await (await call("/api/v1/users/referrals")).json()).toMatchObject({ count: 0, data: [], next_milestone: { friends: 5, bonus: { tokens: "1000" } } });
});

test("admins see the players anti-cheat flagged (this caller posted a million taps and hammered the limit)", async () => {
  expect((await call("/api/v1/admin/tokens/risk", { auth: false })).status).toBe(401);
  const r = await (await call("/api/v1/admin/tokens/risk")).json();
  expect(r.thresholds).toEqual({ flag: 30, halve_rewards: 50, suspend_24h: 80 });
  expect(r.data).toHaveLength(1);
  expect(r.data[0].risk_score).toBeGreaterThan(30);
  expect(["impossible_count", "over_rate"]).toContain(r.data[0].last_signal);
});

test("quests and achievements: the catalogs, the caller's progress, a claim that pays once, clear 4xx for the rest", async () => {
  const quests = (await (await call("/api/v1/quests")).json()).data;
  expect(quests.map((q: { type: string }) => q.type)).toEqual(expect.arrayContaining(["DAILY", "WEEKLY", "SPECIAL"]));
  const mine = (await (await call("/api/v1/quests/user")).json()).data;
  const tapper = mine.find((q: { quest: { id: string } }) => q.quest.id === "daily_tapper");
  expect(tapper).toMatchObject({ status: "IN_PROGRESS", target: 100, expires_at: expect.any(String) });
  expect(tapper.progress).toBeGreaterThan(0); // this caller tapped in the tests above
  const notDone = await call("/api/v1/quests/daily_tapper/claim", { method: "POST" });
  expect([notDone.status, (await notDone.json()).error.code]).toEqual([409, "QUEST_NOT_COMPLETED"]);
  expect((await call("/api/v1/quests/nope/claim", { method: "POST" })).status).toBe(404);
  expect((await call("/api/v1/quests/Bad%20Id/claim", { method: "POST" })).status).toBe(422);
  expect((await call("/api/v1/quests/daily_tapper/start", { method: "POST" })).status).toBe(409);
  expect((await (await call("/api/v1/quests/block_party/start", { method: "POST" })).json())).toMatchObject({ status: "IN_PROGRESS", progress: 0 });

  const catalog = (await (await call("/api/v1/achievements")).json()).data;
  expect(catalog.find((a: { id: string }) => a.id === "first_tap")).toMatchObject({ name: "First Steps", category: "MINING" });
  expect(catalog.find((a: { id: string }) => a.id === "whale")).toMatchObject({ name: "???", secret: true, tiers: null });
  const before = (await (await call("/api/v1/wallet/balance")).json()).balance.units;
  const claim = await call("/api/v1/achievements/first_tap/claim", { method: "POST" });
  expect(claim.status).toBe(200);
  expect(await claim.json()).toMatchObject({ tiers: [1], reward: { tokens: "10" }, balance: { units: before + 10_000 } });
  const again = await call("/api/v1/achievements/first_tap/claim", { method: "POST" });
  expect([again.status, (await again.json()).error.code]).toEqual([409, "ALREADY_CLAIMED"]);
  const locked = await call("/api/v1/achievements/referral_king/claim", { method: "POST" });
  expect([locked.status, (await locked.json()).error.code]).toEqual([409, "ACHIEVEMENT_LOCKED"]);
  const user = (await (await call("/api/v1/achievements/user")).json()).data;
  expect(user.find((a: { id: string }) => a.id === "first_tap")).toMatchObject({ tiers_reached: 1, tiers_claimed: 1, claimable: false });
});

test("airdrops: an admin creates one over the API, the caller claims it once, eligibility is explained; admin pages list it and the risk list", async () => {
  const bad = await call("/api/v1/admin/airdrops", { method: "POST", body: { name: "x", distribution_method: "RAFFLE", total_amount_units: 1, max_participants: 1, starts_at: new Date(clock).toISOString(), ends_at: new Date(clock + 1).toISOString() } });
  expect(bad.status).toBe(422);
  const created = await call("/api/v1/admin/airdrops", {
    method: "POST",
    body: { name: "Genesis <Drop>", description: "Welcome", distribution_method: "EQUAL", total_amount_units: 100_000, max_participants: 10, min_transactions: 1, starts_at: new Date(clock - 1_000).toISOString(), ends_at: new Date(clock + 86_400_000).toISOString() },
  });
  expect(created.status).toBe(200);
  const drop = await created.json();
  expect(drop).toMatchObject({ distribution_method: "EQUAL", total_amount: { tokens: "100" }, participants: 0, eligibility_criteria: { min_transactions: 1 } });
  expect(await (await call(`/api/v1/airdrops/${drop.id}/eligibility`)).json()).toMatchObject({ is_eligible: true, checks: { transactions: true } });
  const claim = await call(`/api/v1/airdrops/${drop.id}/claim`, { method: "POST" });
  expect(claim.status).toBe(200);
  expect(await claim.json()).toMatchObject({ paid_now: { tokens: "10" }, airdrop: { my_claim: { status: "PAID" } } });
  const again = await call(`/api/v1/airdrops/${drop.id}/claim`, { method: "POST" });
  expect([again.status, (await again.json()).error.code]).toEqual([409, "ALREADY_CLAIMED"]);
  expect((await call("/api/v1/airdrops/999999")).status).toBe(404);
  const early = await call(`/api/v1/admin/airdrops/${drop.id}/distribute`, { method: "POST" });
  expect([early.status, (await early.json()).error.code]).toEqual([409, "AIRDROP_NOT_ENDED"]);
  const page = await (await call("/admin/airdrops")).text();
  expect(page).toContain("Genesis &lt;Drop&gt;");
  // Like other admin actions, the creation is in the audit log (the name escaped there too).
  expect(await (await call("/admin/audit")).text()).toContain("airdrop created “Genesis &lt;Drop&gt;”");
  expect(await (await call("/play/airdrops")).text()).toContain("+10");
  const risk = await (await call("/admin/risk")).text();
  expect(risk).toContain("Anti-cheat");
  expect(risk).toMatch(/Player #\d+/);
});

test("token leaderboards: four boards of a period, one board, the caller's ranks; the pool's singular /leaderboard is untouched", async () => {
  const all = await (await call("/api/v1/leaderboards?period=ALL_TIME")).json();
  expect(all.data.map((b: { type: string }) => b.type)).toEqual(["TOKENS", "POWER", "REFERRALS", "STREAK"]);
  const tokensBoard = all.data[0];
  expect(tokensBoard.entries[0]).toMatchObject({ rank: 1, score: { units: expect.any(Number) } });
  const one = await (await call("/api/v1/leaderboards/STREAK?period=DAILY&limit=5")).json();
  expect(one).toMatchObject({ type: "STREAK", period: "DAILY", period_key: expect.stringMatching(/^D:/) });
  expect((await call("/api/v1/leaderboards/WINS")).status).toBe(422);
  expect((await call("/api/v1/leaderboards?period=YEARLY")).status).toBe(422);
  const mine = (await (await call("/api/v1/leaderboards/user")).json()).data;
  expect(mine).toHaveLength(16);
  expect(mine.find((r: { type: string; period: string }) => r.type === "TOKENS" && r.period === "ALL_TIME").rank).toBe(1);
  expect((await call("/api/v1/leaderboard/weekly")).status).not.toBe(404);
  expect(await (await call("/play/boards?type=TOKENS&period=ALL_TIME")).text()).toContain("rank <strong>1</strong>");
});

test("the admin Airdrops page creates a drop from its form and refuses a bad one with the reason, changing nothing", async () => {
  const form = (fields: Record<string, string>) =>
    f.app.handle(new Request("http://127.0.0.1/admin/airdrops", { method: "POST", headers: { cookie, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }));
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const good = { name: "Form Drop", description: "From the form", method: "LOTTERY", total: "1000", max_participants: "50", winners: "5", min_account_age_days: "0", min_transactions: "0", min_level: "0", required_achievement: "first_tap", starts_at: at(clock), ends_at: at(clock + 86_400_000) };
  const before = (await (await call("/api/v1/admin/airdrops")).json()).data.length;
  const bad = await form({ ...good, total: "lots" });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("Write the total as a number of tokens");
  const res = await form(good);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("Form Drop created");
  const list = (await (await call("/api/v1/admin/airdrops")).json()).data;
  expect(list.length).toBe(before + 1);
  expect(list[0]).toMatchObject({ name: "Form Drop", distribution_method: "LOTTERY", winners: 5, total_amount: { tokens: "1000" }, eligibility_criteria: { required_achievements: ["first_tap"] } });
});
