// The admin pages over HTTP, with the whole app on the suite's engine: who may see them, and what
// every action does to the account and the audit log.
import { afterAll, beforeAll, beforeEach, expect, test } from "bun:test";
import { fullApp, MINER, type FullApp } from "../../../test/full-app.ts";
import { ADMIN_PAGES, adminPageFor } from "../../../views/admin-nav.ts";

let f: FullApp, admin: string, player: string, playerId: number;

const get = (path: string, cookie?: string) => f.app.handle(new Request(`http://127.0.0.1${path}`, { headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } }));
const post = (path: string, body: Record<string, string>, cookie: string) =>
  f.app.handle(new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", accept: "text/html", cookie }, body: new URLSearchParams(body).toString() }));
const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");

// Admin requests are limited to 30 a minute per admin: each test starts a minute later, so the
// number of registered pages never makes a test hit the limit.
let skew = 0;
beforeEach(() => {
  skew += 61_000;
});

beforeAll(async () => {
  f = await fullApp({ now: () => Date.now() + skew });
  admin = await f.adminCookie();
  const res = await post("/signin/telegram", { init_data: f.initData(4242, "satoshi_fan") }, "");
  player = cookieOf(res);
  expect(player).toContain("tbg_session=");
  playerId = (await f.storage.repos.users.findUserByTelegramId(4242))!.id;
}, 60_000);
afterAll(() => f?.close());

// From the registry: a page a later feature registers is checked without touching this file.
const PAGES = [...ADMIN_PAGES.map((p) => p.href), "/admin/users/1"];

test("every admin page the app serves is in the registry (its tab exists), and every registered page is served", () => {
  const served = f.app.routes.filter((r) => r.method === "GET" && (r.path === "/admin" || r.path.startsWith("/admin/"))).map((r) => r.path);
  expect(served.filter((p) => adminPageFor(p) === null)).toEqual([]);
  expect(ADMIN_PAGES.map((p) => p.href).filter((h) => !served.includes(h))).toEqual([]);
});

test("every admin page: the admin sees it, a player gets the Forbidden page, nobody is sent to sign in", async () => {
  for (const p of PAGES) {
    const a = await get(p, admin);
    expect([p, a.status]).toEqual([p, 200]);
    expect(await a.text()).toContain('aria-label="Admin"');
    const u = await get(p, player);
    expect([p, u.status]).toEqual([p, 403]);
    expect(await u.text()).toContain("Forbidden");
    const n = await get(p);
    expect([p, n.status]).toEqual([p, 303]);
    expect(n.headers.get("location")).toStartWith("/signin/renew?next=");
  }
  expect((await post(`/admin/users/${playerId}/ban`, {}, player)).status).toBe(403);
  expect((await f.storage.repos.users.findUserById(playerId))!.isBanned).toBe(false);
});

test("users are found by name, email, address and Telegram id", async () => {
  const miner = await f.storage.repos.users.findUserByAddress(MINER);
  expect(miner).toBeDefined();
  for (const [q, id] of [["4242", playerId], ["satoshi", null], ["admin@pool", 1], [MINER.slice(0, 12), miner!.id]] as const) {
    const html = await (await get(`/admin/users?q=${encodeURIComponent(q)}`, admin)).text();
    if (id !== null) expect(html).toContain(`data-user="${id}"`);
  }
  expect(await (await get(`/admin/users?q=nobody-like-this`, admin)).text()).toContain("No user matches.");
  const detail = await (await get(`/admin/users/${miner!.id}`, admin)).text();
  expect(detail).toContain("bitaxe-gamma-living-room");
  expect(detail).toContain("bitaxe/BM1366/v2.4.0");
  expect((await get("/admin/users/999999", admin)).status).toBe(404);
});

test("ban, unban, role, sign out everywhere: each changes the account and is in the audit log by name", async () => {
  let html = await (await post(`/admin/users/${playerId}/ban`, {}, admin)).text();
  expect(html).toContain("Banned: sessions ended");
  expect((await f.storage.repos.users.findUserById(playerId))!.isBanned).toBe(true);
  // The ban ended the player's sessions: their pages send them to sign in again.
  expect((await get("/account", player)).status).not.toBe(200);
  // Nor can they sign in again while banned.
  const again = await post("/signin/telegram", { init_data: f.initData(4242, "satoshi_fan") }, "");
  expect(cookieOf(again)).not.toContain("tbg_session=");
  expect(await again.text()).toContain("This account is banned");
  html = await (await post(`/admin/users/${playerId}/unban`, {}, admin)).text();
  expect(html).toContain("Unbanned.");
  expect((await f.storage.repos.users.findUserById(playerId))!.isBanned).toBe(false);
  await post(`/admin/users/${playerId}/role`, { role: "admin" }, admin);
  expect((await f.storage.repos.users.findUserById(playerId))!.role).toBe("admin");
  html = await (await post(`/admin/users/${playerId}/role`, { role: "owner" }, admin)).text();
  expect(html).toContain("role must be user or admin");
  await post(`/admin/users/${playerId}/role`, { role: "user" }, admin);
  // Admins cannot ban themselves (the page says why; nothing changes).
  html = await (await post(`/admin/users/1/ban`, {}, admin)).text();
  expect(html).toContain("You cannot ban yourself");
  expect((await f.storage.repos.users.findUserById(1))!.isBanned).toBe(false);

  const second = cookieOf(await post("/signin/telegram", { init_data: f.initData(4242, "satoshi_fan") }, ""));
  expect((await get("/account", second)).status).toBe(200);
  html = await (await post(`/admin/users/${playerId}/revoke-sessions`, {}, admin)).text();
  expect(html).toContain("Every session of this user ended.");
  expect((await get("/account", second)).status).not.toBe(200);

  const audit = await (await get(`/admin/audit?action=admin_action`, admin)).text();
  for (const op of ["ban for @satoshi_fan", "unban for @satoshi_fan", "set role → admin for @satoshi_fan", "revoke sessions for @satoshi_fan"]) expect(audit).toContain(op);
  expect(audit).toContain("admin@pool.lan (#1)");
  // The player's trail: their own sign-ins and what the admin did to them, by name.
  const byUser = await (await get(`/admin/audit?user=%23${playerId}`, admin)).text();
  expect(byUser).toContain("login");
  for (const op of ["ban for @satoshi_fan", "unban for @satoshi_fan", "set role → admin for @satoshi_fan", "revoke sessions for @satoshi_fan"]) expect(byUser).toContain(op);
  expect(byUser).toContain(">admin@pool.lan (#1)</a>");
  const detail = await (await get(`/admin/users/${playerId}`, admin)).text();
  const trail = detail.split("<h2>Audit trail</h2>")[1]!;
  for (const op of ["ban for @satoshi_fan", "set role → admin for @satoshi_fan", "revoke sessions for @satoshi_fan", "login (method: telegram)"]) expect(trail).toContain(op);
  expect(trail).toContain(">admin@pool.lan (#1)</a>");
  expect(trail).toMatch(/<time datetime="[^"]+" data-abs>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
  // The admin's own trail does not list the player's sign-ins.
  const adminTrail = (await (await get(`/admin/users/1`, admin)).text()).split("<h2>Audit trail</h2>")[1]!;
  expect(adminTrail).toContain("ban for @satoshi_fan");
  expect(adminTrail).not.toContain(">@satoshi_fan (#");
});

test("badges: grant and revoke through the game, with clear answers for a wrong user", async () => {
  let html = await (await post("/admin/badges", { user: "4242", slug: "first_share", op: "grant" }, admin)).text();
  expect(html).toContain("First Hash granted to @satoshi_fan");
  expect((await f.storage.repos.game.listBadges(playerId)).map((b) => b.slug)).toContain("first_share");
  html = await (await post("/admin/badges", { user: `#${playerId}`, slug: "first_share", op: "grant" }, admin)).text();
  expect(html).toContain("already holds First Hash");
  html = await (await post("/admin/badges", { user: `#${playerId}`, slug: "first_share", op: "revoke" }, admin)).text();
  expect(html).toContain("First Hash taken from");
  expect((await f.storage.repos.game.listBadges(playerId)).map((b) => b.slug)).not.toContain("first_share");
  const bad = await post("/admin/badges", { user: "no-such-user-anywhere", slug: "first_share", op: "grant" }, admin);
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain("No user matches");
  const audit = await (await get(`/admin/audit?action=admin_action`, admin)).text();
  expect(audit).toContain("badge granted first_share for @satoshi_fan");
  // Badge grants made through the game are in the player's trail on their page.
  const trail = (await (await get(`/admin/users/${playerId}`, admin)).text()).split("<h2>Audit trail</h2>")[1]!;
  expect(trail).toContain("badge granted first_share for @satoshi_fan");
  expect(trail).toContain("badge revoked first_share for @satoshi_fan");
});

test("the Pool page shows the node, workers, rejects by reason, bus queues and the configuration without secrets", async () => {
  const t = Date.now();
  f.bus.publish("share_submitted", { source: "hosted", address: MINER, worker: "nerdqaxe", userAgent: "NerdQAxe++/1.0", ip: "192.168.1.21", sessionId: "b", jobId: "2", height: 1, accepted: false, targetDifficulty: 1000, shareDifficulty: 0, rejectCode: 21, rejectReason: "Job not found (=stale)", isBlock: false, timestamp: t });
  f.bus.publish("miner_connected", { source: "hosted", address: MINER, worker: "nerdqaxe", userAgent: "NerdQAxe++/1.0", ip: "192.168.1.21", sessionId: "b", timestamp: t } as never);
  await f.bus.drain();
  const html = await (await get("/admin/pool", admin)).text();
  expect(html).toContain("ready");
  expect(html).toMatch(/data-label="stale">1</);
  // Per hour, from the stored rollups: the day of shares the app was seeded with (8 low-difficulty rejects).
  const hourRows = html.split('data-hour="total"')[1]!.split("</tr>").slice(1).join("</tr>").split("</tbody>")[0]!;
  const lowDiff = [...hourRows.matchAll(/data-label="low difficulty">(\d+)</g)].reduce((a, m) => a + Number(m[1]), 0);
  expect(lowDiff).toBeGreaterThan(0);
  expect(lowDiff).toBeLessThanOrEqual(8);
  expect(html).toContain('data-queue="ops-metrics:share_submitted"');
  expect(html).toContain('data-config="telegram.botToken"');
  expect(html).not.toContain(f.config.telegram.botToken!);
  expect(html).not.toContain(f.config.admin!.password);
  expect(html).toContain("set (hidden)");
});

test("the JSON API ends a user's sessions too (admin only, audited)", async () => {
  const fresh = cookieOf(await post("/signin/telegram", { init_data: f.initData(4242, "satoshi_fan") }, ""));
  const login = await f.app.handle(new Request("http://127.0.0.1/api/v1/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@pool.lan", password: "Admin-Pass-2026" }) }));
  const token = ((await login.json()) as { access_token: string }).access_token;
  const call = (auth: Record<string, string>) => f.app.handle(new Request(`http://127.0.0.1/api/v1/admin/users/${playerId}/sessions/revoke`, { method: "POST", headers: auth }));
  expect((await call({})).status).toBe(401);
  const r = await call({ authorization: `Bearer ${token}` });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { revoked_sessions: number }).revoked_sessions).toBeGreaterThanOrEqual(1);
  expect((await get("/account", fresh)).status).not.toBe(200);
  // The API's audit: about_user_id gives what the player did and what was done to them.
  const audit = await f.app.handle(new Request(`http://127.0.0.1/api/v1/admin/audit?about_user_id=${playerId}`, { headers: { authorization: `Bearer ${token}` } }));
  const rows = ((await audit.json()) as { data: { user_id: number; action: string; metadata: { action?: string } | null }[] }).data;
  expect(rows.some((e) => e.user_id === playerId && e.action === "login")).toBe(true);
  expect(rows.some((e) => e.user_id !== playerId && e.metadata?.action === "revoke_sessions")).toBe(true);
});

test("an admin going faster than the pages' limit gets a Too many requests page (not the sign-in page); a minute later they answer again", async () => {
  let last: Response | null = null;
  for (let i = 0; i < 200 && last?.status !== 429; i++) last = await get("/admin/audit", admin);
  expect(last!.status).toBe(429);
  expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await last!.text()).toContain("Too many requests");
  skew += 61_000;
  expect((await get("/admin/audit", admin)).status).toBe(200);
});

test("confirm email from the user's page: the email is verified, the page says so, the trail records who did it; a user without email gets a 404 that says why", async () => {
  const u = await f.storage.repos.users.insertUser({ email: "waiting@example.org", emailVerified: false, authMethod: "email" }, Date.now());
  let html = await (await get(`/admin/users/${u.id}`, admin)).text();
  expect(html).toContain(`hx-post="/admin/users/${u.id}/confirm-email"`);
  const res = await post(`/admin/users/${u.id}/confirm-email`, {}, admin);
  expect(res.status).toBe(200);
  html = await res.text();
  expect(html).toContain("Email marked verified.");
  expect(html).toContain("waiting@example.org (verified)");
  expect(html).not.toContain(`/admin/users/${u.id}/confirm-email`);
  expect(html.split("<h2>Audit trail</h2>")[1]).toContain(`verify email for waiting@example.org (#${u.id})`);
  expect((await f.storage.repos.users.findUserById(u.id))!.emailVerified).toBe(true);

  const none = await post(`/admin/users/${playerId}/confirm-email`, {}, admin);
  expect(none.status).toBe(404);
  expect(await none.text()).toContain("User with an email not found");
  // The old overview-only route is gone (it redirected and hid failures).
  expect((await post(`/admin/users/${u.id}/verify`, {}, admin)).status).toBe(404);
});
