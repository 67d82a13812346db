// /api/v1/social/* and the coop pages over the whole app (test/full-app.ts) on the suite's
// engine, with players signed in through Telegram: who may do what is checked on every route,
// refusals are clear 4xx that change nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, type FullApp } from "../../../test/full-app.ts";

let f: FullApp;
const base = "http://127.0.0.1";
let founder: string, friend: string, stranger: string;

async function telegramCookie(id: number, username: string): Promise<string> {
  const res = await f.app.handle(
    new Request(base + "/signin/telegram", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base }, body: new URLSearchParams({ init_data: f.initData(id, username) }).toString() }),
  );
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));
  if (!set.length) throw new Error(`sign-in failed: ${res.status}`);
  return set.join("; ");
}

beforeAll(async () => {
  f = await fullApp();
  [founder, friend, stranger] = [await telegramCookie(101, "ana"), await telegramCookie(102, "bo"), await telegramCookie(103, "cy")];
});
afterAll(() => f.close());

const call = async (method: string, path: string, cookie: string | null, body?: unknown) => {
  const headers: Record<string, string> = { origin: base };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await f.app.handle(new Request(base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
};

test("found, invite, join, roles and leave through the API", async () => {
  expect((await call("POST", "/api/v1/social/coops", null, { name: "Nope" })).status).toBe(401);
  expect((await call("POST", "/api/v1/social/coops", founder, { name: "x" })).status).toBe(422);
  const made = await call("POST", "/api/v1/social/coops", founder, { name: "Garage-Hash", description: "Two Bitaxes", join_mode: "invite" });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ name: "Garage-Hash", join_mode: "invite", my_role: "founder", stats: { members: 1 } });
  const id = made.body.id as number;
  const code = made.body.invite_code as string;
  expect((await call("POST", "/api/v1/social/coops", founder, { name: "Second" })).body.error.code).toBe("ALREADY_IN_COOP");
  expect((await call("POST", "/api/v1/social/coops", stranger, { name: "garage-hash" })).status).toBe(409);

  // Anyone can look; only admins see the code.
  const pub = await call("GET", `/api/v1/social/coops/${id}`, null);
  expect(pub.body).toMatchObject({ id, invite_code: null, my_role: null });
  expect((await call("GET", "/api/v1/social/coops/99999", null)).status).toBe(404);

  const refused = await call("POST", `/api/v1/social/coops/${id}/join`, friend, {});
  expect([refused.status, refused.body.error.code]).toEqual([403, "INVITE_REQUIRED"]);
  expect((await call("GET", `/api/v1/social/coops/invite/${code}`, null)).body.name).toBe("Garage-Hash");
  const joined = await call("POST", "/api/v1/social/coops/join", friend, { invite_code: code });
  expect(joined.body).toMatchObject({ my_role: "member", invite_code: null, stats: { members: 2 } });
  const friendId = joined.body.members.find((m: { role: string }) => m.role === "member").user_id as number;
  const founderId = made.body.founder_id as number;

  // A member cannot remove the founder or renew the code.
  expect((await call("DELETE", `/api/v1/social/coops/me/members/${founderId}`, friend)).body.error.code).toBe("CANNOT_REMOVE_FOUNDER");
  expect((await call("POST", "/api/v1/social/coops/me/invite-code", friend)).status).toBe(403);
  // The founder cannot leave while others are in it, until they hand it over.
  expect((await call("POST", "/api/v1/social/coops/me/leave", founder)).body.error.code).toBe("HANDOVER_REQUIRED");
  const promoted = await call("PUT", `/api/v1/social/coops/me/members/${friendId}/role`, founder, { role: "admin" });
  expect(promoted.body.members.map((m: { role: string }) => m.role)).toEqual(["founder", "admin"]);
  const handed = await call("POST", "/api/v1/social/coops/me/handover", founder, { user_id: friendId });
  expect(handed.body).toMatchObject({ founder_id: friendId, my_role: "admin" });
  expect((await call("POST", "/api/v1/social/coops/me/leave", founder)).body).toEqual({ dissolved: false });
  expect((await call("GET", "/api/v1/social/coops/me", founder)).body).toEqual({ coop: null });

  const board = await call("GET", "/api/v1/social/coops", null);
  expect(board.body.coops.map((c: { rank: number; name: string }) => [c.rank, c.name])).toEqual([[1, "Garage-Hash"]]);
  const badges = await call("GET", "/api/v1/gamification/badges", founder);
  expect(badges.body.earned.map((b: { slug: string }) => b.slug)).toContain("coop_founder");
});

test("the coop pages: found one from the form, see the invite link, and an invite link's page offers to join", async () => {
  const list = await call("GET", "/coops", stranger);
  expect(list.body).toContain('data-testid="coop-create"');
  const form = (path: string, cookie: string, fields: Record<string, string>) =>
    f.app.handle(new Request(base + path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie }, body: new URLSearchParams(fields).toString() }));
  const bad = await (await form("/coops", stranger, { name: "<script>" })).text();
  expect(bad).toContain("The name may contain only");
  expect(bad).toContain('value="&lt;script&gt;"');
  const made = await form("/coops", stranger, { name: "Cy-Pool", invite_only: "1" });
  expect([made.status, made.headers.get("location")]).toEqual([303, "/coops/mine"]);
  const mine = await (await call("GET", "/coops/mine", stranger)).body;
  const url = /data-testid="invite-url">([^<]+)</.exec(mine)![1]!;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1\/coops\/invite\/[a-z0-9]{10}$/);
  const landing = await call("GET", new URL(url).pathname, founder);
  expect(landing.body).toContain('data-testid="coop-join"');
  const joined = await form(new URL(url).pathname.replace(/\/invite\/.*/, "") + "/" + /href="\/coops\/(\d+)"/.exec(mine)![1] + "/join", founder, { invite_code: url.split("/").pop()! });
  expect(joined.headers.get("location")).toBe("/coops/mine");
  expect(await (await call("GET", "/coops/mine", founder)).body).toContain("Cy-Pool");
});
