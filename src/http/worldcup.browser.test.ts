// The World Cup in a real browser at phone size, over the whole app: an admin schedules one
// through the API (a non-admin cannot), registration opens, the player registers for their
// country on the hub page, kick-off draws the teams, and the hub shows their team's live score
// from the shares their country's miners are submitting; the bracket and match pages fit a phone.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { MINER, share, type FullApp } from "../../test/full-app.ts";
import { contrastFailures } from "../../test/page-checks.ts";
import { openBrowserApp, SHOTS } from "../../test/browser-app.ts";

const HOUR = 3_600_000;
let browser: Browser, f: FullApp, base: string, close: () => Promise<void>, cookie: string;

beforeAll(async () => {
  ({ browser, f, base, close } = await openBrowserApp());
  cookie = await f.adminCookie();
});
afterAll(async () => {
  await close?.();
});

const api = async (method: string, path: string, body?: unknown, auth: string | null = cookie) => {
  const res = await f.app.handle(new Request("http://127.0.0.1" + path, { method, headers: { origin: "http://127.0.0.1", ...(auth ? { cookie: auth } : {}), ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) }));
  return { status: res.status, body: await res.json() };
};

test("register for a World Cup on the hub page and see your team's live score", async () => {
  const startsAt = Math.floor(Date.now() / HOUR) * HOUR;
  const input = { name: "Pool World Cup", registration_at: new Date(startsAt - HOUR).toISOString(), starts_at: new Date(startsAt).toISOString(), round_hours: 1, min_miners: 1 };
  expect((await api("POST", "/api/v1/competitions", input, null)).status).toBe(401);
  const made = await api("POST", "/api/v1/competitions", input);
  expect(made.status).toBe(201);
  const id = made.body.id as number;
  expect((await api("POST", `/api/v1/competitions/${id}/transition`, { to: "active" })).body.error.code).toBe("ILLEGAL_TRANSITION");
  expect((await api("POST", `/api/v1/competitions/${id}/transition`, { to: "registration" })).body.moved).toBe(true);

  // The admin mines for Portugal (with the pool's miner); three other countries have a miner each.
  await api("PATCH", "/api/v1/users/me", { country_code: "PT" });
  const miner = (await f.storage.repos.users.findUserByAddress(MINER))!;
  await f.storage.repos.users.updateUser(miner.id, { countryCode: "PT" }, Date.now());
  await f.worldCup.register(miner.id, id);
  for (const [i, country] of ["DE", "JP", "FR"].entries()) {
    const u = await f.storage.repos.users.insertUser({ btcAddress: `bc1qwcbrowser${i}`, countryCode: country }, Date.now());
    await f.worldCup.register(u.id, id);
  }

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await context.addCookies([{ name: "tbg_session", value: /tbg_session=([^;]+)/.exec(cookie)![1]!, url: base }]);
  await context.route("https://telegram.org/**", (r) => r.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/worldcup");
  await page.click("[data-testid=wc-register]");
  await page.waitForSelector("[data-testid=my-team]");
  expect(await page.textContent("[data-testid=my-team]")).toContain("PT");

  // Kick-off (by the admin here; the schedule does it at starts_at), then Portugal's miner mines.
  expect((await api("POST", `/api/v1/competitions/${id}/transition`, { to: "active" })).body.competition.status).toBe("active");
  const ptScore = async () => {
    const m = (await api("GET", `/api/v1/competitions/${id}/matches`, undefined, null)).body.matches.find((x: { status: string; team_a: string; team_b: string }) => x.status === "live" && (x.team_a === "PT" || x.team_b === "PT"));
    return m.team_a === "PT" ? m.score_a : m.score_b;
  };
  const before = await ptScore();
  const now = Date.now();
  for (let i = 0; i < 5; i++) f.bus.publish("share_submitted", { ...share("bitaxe", now - i * 1000), targetDifficulty: 50_000, shareDifficulty: 60_000 });
  await f.flush();
  // Five accepted shares at difficulty 50,000 (credited at their target, as hashrate is).
  expect((await ptScore()) - before).toBe(250_000);
  await page.goto(base + "/worldcup");
  const live = page.locator("[data-testid^=match-]", { has: page.locator("strong", { hasText: "PT" }) }).filter({ has: page.locator("[data-testid=live-score]") });
  await live.first().waitFor();
  expect(await live.first().locator("[data-testid=live-score]").textContent()).toMatch(/^[\d.]+[KMGT]? : [\d.]+[KMGT]?$/);
  expect(await live.first().locator("[data-testid=live-score]").textContent()).not.toMatch(/^0 : /);
  await page.screenshot({ path: join(SHOTS, "worldcup-hub.png"), fullPage: true });

  const problems: string[] = [];
  for (const path of ["/worldcup", `/worldcup/${id}/bracket`, `/worldcup/${id}/match/${encodeURIComponent((await api("GET", `/api/v1/competitions/${id}/matches`)).body.matches[0].key)}`]) {
    await page.goto(base + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) problems.push(`${path}: ${width}px wide`);
    for (const c of await page.evaluate(contrastFailures, 4.5)) problems.push(`${path}: contrast ${c.ratio} "${c.text}"`);
  }
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  const v = (await api("GET", `/api/v1/competitions/${id}`, undefined, null)).body;
  expect(v.teams.map((t: { country_code: string }) => t.country_code).sort()).toEqual(["DE", "FR", "JP", "PT"]);
  expect((await api("GET", `/api/v1/competitions/${id}/transitions`, undefined, null)).body.transitions.map((t: { to: string }) => t.to)).toEqual(["registration", "active"]);
  await context.close();
}, 120_000);
