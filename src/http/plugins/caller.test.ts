// The caller plugin over a real server: one route per level, called with each kind of credential.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia, t } from "elysia";
import { createAccounts, type Accounts } from "../../auth/accounts.ts";
import { SECRET_A, SECRET_B } from "../../auth/crypto/testkit.ts";
import { FAST_COST, wallet } from "../../auth/test-harness.ts";
import { loadConfig } from "../../config.ts";
import type { Storage } from "../../db/storage.ts";
import { openTestStorage } from "../../../test/storage.ts";
import { silentLogger } from "../../log.ts";
import { createApp } from "../app.ts";
import { accountsFeature } from "../features/accounts.ts";
import { caller } from "./caller.ts";

const probe = (accounts: Accounts) => () =>
  new Elysia({ name: "caller-probe", prefix: "/probe" })
    .use(caller(accounts.guards))
    .get("/anonymous", ({ client }) => ({ client }))
    .get("/optional", ({ me }) => ({ id: me?.user.id ?? null }), { optionalUser: true })
    .get("/user", ({ me }) => ({ id: me.user.id, via: me.via }), { user: true })
    .post("/user", ({ me, body }) => ({ id: me.user.id, n: body.n }), { user: true, body: t.Object({ n: t.Integer() }) })
    .post("/session", ({ me }) => ({ id: me.user.id }), { session: true })
    .post("/recent", ({ me }) => ({ id: me.user.id }), { session: "recent" })
    .get("/admin", ({ me }) => ({ id: me.user.id }), { admin: true })
    .get("/page", ({ me }) => new Response(`page of ${me.user.id}`), { page: "user" });

let dir: string;
let storage: Storage;
let accounts: Accounts;
let server: { stop(): unknown };
let base: string;
const clock = { t: Date.UTC(2026, 2, 2, 12, 0, 0) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tbg-caller-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, TBG_ADMIN_EMAIL: "root@example.com", TBG_ADMIN_PASSWORD: "Adm!nPass1" });
  if (!r.ok) throw new Error(r.errors.join("; "));
  storage = await openTestStorage("caller");
  const now = () => clock.t;
  accounts = await createAccounts({ repos: storage.repos, log: silentLogger, config: r.config, now, passwordCost: FAST_COST });
  const pool = { status: () => ({ listening: false, port: 0, sessions: 0, workers: 0, node: { state: "connecting" as const, since: 0 }, blocksFound: 0 }) };
  const app = await createApp({ config: r.config, storage, log: silentLogger, pool, version: "test", startedAt: now(), now }, [accountsFeature(accounts), probe(accounts)]);
  const listening = app.listen({ hostname: "127.0.0.1", port: 0 });
  server = listening.server!;
  base = `http://127.0.0.1:${listening.server!.port}`;
});

afterAll(async () => {
  server.stop();
  accounts.stop();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text, location: res.headers.get("location") };
}

async function signIn(w: ReturnType<typeof wallet>) {
  const c = (await call("POST", "/api/v1/auth/challenge", {}, { btc_address: w.p2wpkh })).json;
  return (await call("POST", "/api/v1/auth/verify", {}, { btc_address: w.p2wpkh, nonce: c.nonce, signature: w.signLegacy(c.challenge) })).json;
}

describe("caller plugin", () => {
  test("client is the socket's peer and the user agent; X-Forwarded-For from an untrusted peer changes nothing", async () => {
    const r = await call("GET", "/probe/anonymous", { "user-agent": "probe/1.0", "x-forwarded-for": "203.0.113.9" });
    expect(r.status).toBe(200);
    expect(r.json.client).toEqual({ ip: "127.0.0.1", userAgent: "probe/1.0" });
  });

  test("on its own, without the app's request hook, client still comes from the socket", async () => {
    const bare = new Elysia().use(caller(accounts.guards)).get("/ip", ({ client }) => client).listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const r = await fetch(`http://127.0.0.1:${bare.server!.port}/ip`, { headers: { "user-agent": "bare/1" } });
      expect(await r.json()).toEqual({ ip: "127.0.0.1", userAgent: "bare/1" });
    } finally {
      await bare.stop();
    }
  });

  test("each level answers each kind of caller as the guards decide", async () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const A = wallet(SECRET_A);
    const stale = await signIn(A);
    clock.t += 16 * 60_000;
    // A refreshed session keeps its sign-in time: fine for everyday use, too old for account security.
    const refreshed = (await call("POST", "/api/v1/auth/refresh", {}, { refresh_token: stale.refresh_token })).json;
    const a = await signIn(A);
    const admin = (await call("POST", "/api/v1/auth/login", {}, { email: "root@example.com", password: "Adm!nPass1" })).json;
    const key = async (token: string, permissions: string[]) => (await call("POST", "/api/v1/users/me/api-keys", bearer(token), { name: permissions.join("+"), permissions })).json.key as string;
    const readKey = await key(a.access_token, ["read"]);
    const writeKey = await key(a.access_token, ["read", "write"]);
    const b = await signIn(wallet(SECRET_B));
    const bannedKey = await key(b.access_token, ["read", "write"]);
    expect((await call("PATCH", `/api/v1/admin/users/${b.user.id}`, bearer(admin.access_token), { is_banned: true })).status).toBe(200);

    const anon = {};
    const user = bearer(a.access_token);
    const read = { "x-api-key": readKey };
    const write = { "x-api-key": writeKey };
    const banned = { "x-api-key": bannedKey };
    const cookie = { cookie: `tbg_session=${a.access_token}`, origin: base };
    const cases: [string, string, Record<string, string>, number, unknown?][] = [
      // optional: anyone, but bad credentials are still refused
      ["GET", "/probe/optional", anon, 200],
      ["GET", "/probe/optional", user, 200],
      ["GET", "/probe/optional", { authorization: "Bearer nope" }, 401],
      ["GET", "/probe/optional", banned, 403],
      // user: API keys by permission, read for GET and write for POST
      ["GET", "/probe/user", anon, 401],
      ["GET", "/probe/user", read, 200],
      ["POST", "/probe/user", read, 403, { n: 1 }],
      ["POST", "/probe/user", write, 200, { n: 1 }],
      ["POST", "/probe/user", user, 200, { n: 1 }],
      ["GET", "/probe/user", banned, 403],
      // session: never an API key; recent: a sign-in from the last 15 minutes
      ["POST", "/probe/session", write, 403],
      ["POST", "/probe/session", user, 200],
      ["POST", "/probe/session", cookie, 200],
      ["POST", "/probe/session", bearer(refreshed.access_token), 200],
      ["POST", "/probe/recent", bearer(refreshed.access_token), 403],
      ["POST", "/probe/recent", user, 200],
      ["POST", "/probe/recent", anon, 401],
      // admin
      ["GET", "/probe/admin", anon, 401],
      ["GET", "/probe/admin", user, 403],
      ["GET", "/probe/admin", bearer(admin.access_token), 200],
      // page: sent to sign in rather than a 401; an API key is refused
      ["GET", "/probe/page", anon, 303],
      ["GET", "/probe/page", { cookie: `tbg_session=${a.access_token}` }, 200],
      ["GET", "/probe/page", read, 403],
    ];
    const got = [];
    for (const [method, path, headers, , body] of cases) got.push(`${method} ${path} ${JSON.stringify(headers).slice(0, 24)} -> ${(await call(method, path, headers, body)).status}`);
    expect(got).toEqual(cases.map(([method, path, headers, status]) => `${method} ${path} ${JSON.stringify(headers).slice(0, 24)} -> ${status}`));

    // The principal reaches the handler.
    expect((await call("GET", "/probe/user", read)).json).toEqual({ id: a.user.id, via: "api_key" });
    expect((await call("GET", "/probe/admin", bearer(admin.access_token))).json.id).toBe(admin.user.id);
    expect((await call("GET", "/probe/optional")).json).toEqual({ id: null });
    const page = await call("GET", "/probe/page");
    expect(page.location).toBe("/signin/renew?next=%2Fprobe%2Fpage");
    expect((await call("GET", "/probe/page", { cookie: `tbg_session=${a.access_token}` })).text).toBe(`page of ${a.user.id}`);
    // Recent means the reason says so.
    expect((await call("POST", "/probe/recent", bearer(refreshed.access_token))).json.error.code).toBe("AUTH_REAUTH_REQUIRED");
    expect((await call("POST", "/probe/session", write)).json.error.code).toBe("AUTH_SESSION_REQUIRED");
  });

  test("as when handlers called the guards themselves, the body is parsed and validated before the caller is checked", async () => {
    expect((await call("POST", "/probe/user", {}, { n: "one" })).status).toBe(422);
    expect((await call("POST", "/probe/user", {}, { n: 1 })).status).toBe(401);
  });
});
