// The admin page Competitions over HTTP, with the whole app on the suite's engine: an admin
// schedules a World Cup and moves it, a refused move changes nothing, every change is audited
// (also through the JSON API), and a player is refused.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, type FullApp } from "../../../test/full-app.ts";

let f: FullApp, admin: string, player: string;

const HOUR = 3_600_000;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const headers = (cookie: string, type: string) => ({ "content-type": type, origin: "http://127.0.0.1", accept: "text/html", cookie });
const get = (path: string, cookie: string) => f.app.handle(new Request(`http://127.0.0.1${path}`, { headers: { accept: "text/html", cookie } }));
const post = (path: string, body: Record<string, string>, cookie: string) =>
  f.app.handle(new Request(`http://127.0.0.1${path}`, { method: "POST", headers: headers(cookie, "application/x-www-form-urlencoded"), body: new URLSearchParams(body).toString() }));
const postJson = (path: string, body: unknown, cookie: string) =>
  f.app.handle(new Request(`http://127.0.0.1${path}`, { method: "POST", headers: { ...headers(cookie, "application/json"), accept: "application/json" }, body: JSON.stringify(body) }));
const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");

const competitions = () => f.storage.repos.compete.listCompetitions(100);
const auditOps = async () =>
  (await f.storage.repos.auth.listAudit({ action: "admin_action", limit: 100 })).map((r) => JSON.parse(r.metadata ?? "{}") as { op: string; competition_id?: number; name?: string; from?: string; to?: string }).filter((m) => m.op.startsWith("competition_"));

beforeAll(async () => {
  f = await fullApp();
  admin = await f.adminCookie();
  player = cookieOf(await post("/signin/telegram", { init_data: f.initData(5151, "cup_fan") }, ""));
  expect(player).toContain("tbg_session=");
}, 60_000);
afterAll(() => f?.close());

const reg = Math.ceil((Date.now() + 2 * 86_400_000) / HOUR) * HOUR;
const form = { name: "Winter <Cup>", registration_at: local(reg), starts_at: local(reg + 7 * 86_400_000), round_hours: "12", min_miners: "2" };

test("an admin schedules a World Cup with the form and sees it listed, name escaped; the audit log has it", async () => {
  const page = await get("/admin/competitions", admin);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Schedule a World Cup");

  const res = await post("/admin/competitions", form, admin);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("Winter &lt;Cup&gt; scheduled");
  expect(html).not.toContain("<Cup>");
  const [c] = await competitions();
  expect(c).toMatchObject({ name: "Winter <Cup>", status: "upcoming", registrationAt: reg, startsAt: reg + 7 * 86_400_000, roundHours: 12, minMiners: 2 });
  expect(html).toContain(`data-competition="${c!.id}"`);
  expect(html).toContain("Open registration");
  expect(html).toContain(new Date(reg).toISOString().slice(0, 16).replace("T", " ") + " UTC");
  expect(await auditOps()).toContainEqual({ op: "competition_created", competition_id: c!.id, name: "Winter <Cup>" });
});

test("bad input: the form again with a clear message and 422, nothing scheduled", async () => {
  const before = (await competitions()).length;
  const audits = (await auditOps()).length;
  for (const [bad, message] of [
    [{ starts_at: local(reg + 7 * 86_400_000 + 30 * 60_000) }, "on the hour"],
    [{ name: "ab" }, "name must be 3 to 64 characters"],
    [{ starts_at: local(reg - HOUR) }, "registration must open before kick-off"],
    [{ round_hours: "0" }, "round_hours must be 1 to 168"],
    [{ min_miners: "many" }, "Min miners per team must be a whole number"],
    [{ registration_at: "" }, "as dates and times"],
  ] as const) {
    const res = await post("/admin/competitions", { ...form, ...bad }, admin);
    expect([message, res.status]).toEqual([message, 422]);
    expect(await res.text()).toContain(message);
  }
  expect((await competitions()).length).toBe(before);
  expect((await auditOps()).length).toBe(audits);
});

test("moving: to registration is done and audited; an illegal move is refused with 409 and changes nothing", async () => {
  const [c] = await competitions();
  const ok = await post(`/admin/competitions/${c!.id}/transition`, { to: "registration" }, admin);
  expect(ok.status).toBe(200);
  const html = await ok.text();
  expect(html).toContain("moved to registration");
  expect(html).toContain("Kick off");
  expect((await f.storage.repos.compete.findCompetition(c!.id))!.status).toBe("registration");
  expect(await auditOps()).toContainEqual({ op: "competition_moved", competition_id: c!.id, from: "upcoming", to: "registration" });

  const audits = (await auditOps()).length;
  const transitions = (await f.worldCup.transitions(c!.id)).length;
  const bad = await post(`/admin/competitions/${c!.id}/transition`, { to: "completed" }, admin);
  expect(bad.status).toBe(409);
  expect(await bad.text()).toContain("A competition in registration can only move to active, not completed");
  expect((await f.storage.repos.compete.findCompetition(c!.id))!.status).toBe("registration");
  expect((await f.worldCup.transitions(c!.id)).length).toBe(transitions);
  expect((await auditOps()).length).toBe(audits);
  // Kick-off without enough registered countries is refused the same way.
  const early = await post(`/admin/competitions/${c!.id}/transition`, { to: "active" }, admin);
  expect(early.status).toBe(409);
  expect(await early.text()).toContain("A World Cup needs at least");
  expect((await f.storage.repos.compete.findCompetition(c!.id))!.status).toBe("registration");
  expect((await post(`/admin/competitions/999999/transition`, { to: "registration" }, admin)).status).toBe(404);

  const audit = await (await get("/admin/audit", admin)).text();
  expect(audit).toContain(`World Cup scheduled #${c!.id} Winter &lt;Cup&gt;`);
  expect(audit).toContain(`World Cup moved #${c!.id} → registration`);
});

test("the JSON API's admin create and move are audited the same way", async () => {
  const res = await postJson("/api/v1/competitions", { name: "API Cup", registration_at: new Date(reg).toISOString(), starts_at: new Date(reg + 2 * 86_400_000).toISOString(), round_hours: 6 }, admin);
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: number };
  expect((await postJson(`/api/v1/competitions/${id}/transition`, { to: "registration" }, admin)).status).toBe(200);
  const ops = await auditOps();
  expect(ops).toContainEqual({ op: "competition_created", competition_id: id, name: "API Cup" });
  expect(ops).toContainEqual({ op: "competition_moved", competition_id: id, from: "upcoming", to: "registration" });
});

test("a player is refused the page and its actions, and nothing changes", async () => {
  const before = await competitions();
  const audits = (await auditOps()).length;
  const page = await get("/admin/competitions", player);
  expect(page.status).toBe(403);
  expect(await page.text()).toContain("Forbidden");
  expect((await post("/admin/competitions", { ...form, name: "Player Cup" }, player)).status).toBe(403);
  expect((await post(`/admin/competitions/${before[0]!.id}/transition`, { to: "active" }, player)).status).toBe(403);
  expect(await competitions()).toEqual(before);
  expect((await auditOps()).length).toBe(audits);
});
