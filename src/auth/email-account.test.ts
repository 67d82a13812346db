import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSmtpTestServer, type SmtpTestServer } from "../mail/smtp-test-server.ts";
import { SECRET_A, SECRET_B } from "./crypto/testkit.ts";
import { createHarness, wallet, type Harness } from "./test-harness.ts";

let h: Harness;
let smtp: SmtpTestServer;
beforeEach(async () => {
  smtp = startSmtpTestServer();
  h = await createHarness({ TBG_SMTP_HOST: "127.0.0.1", TBG_SMTP_PORT: String(smtp.port), TBG_SMTP_FROM: "Pool <pool@example.test>", TBG_PUBLIC_URL: "http://pool.example.test" });
});
afterEach(async () => {
  await h.close();
  smtp.stop();
});

const A = wallet(SECRET_A);
const B = wallet(SECRET_B);
const PASSWORD = "S3cure!Pass123";

function tokenFrom(link: string): string {
  return new URL(link).searchParams.get("token")!;
}

describe("email accounts", () => {
  test("register sends a text+HTML verification mail over SMTP whose link verifies the address once", async () => {
    const r = await h.call("POST", "/api/v1/auth/register", { body: { email: "Miner@Example.com", password: PASSWORD, btc_address: A.p2wpkh, display_name: "SatoshiHunter" } });
    expect(r.status).toBe(201);
    expect(r.body.user.email).toBe("miner@example.com");
    expect(r.body.user.email_verified).toBe(false);
    const mail = await smtp.waitFor(1);
    expect(mail.to).toEqual(["miner@example.com"]);
    expect(mail.from).toBe("pool@example.test");
    expect(mail.subject).toContain("confirm your email");
    const link = /http:\/\/pool\.example\.test\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    expect(mail.html).toContain(`href="${link}"`);
    const v = await h.call("POST", "/api/v1/auth/verify-email", { body: { token: tokenFrom(link!) } });
    expect(v.status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: r.body.access_token })).body.user.email_verified).toBe(true);
    const twice = await h.call("POST", "/api/v1/auth/verify-email", { body: { token: tokenFrom(link!) } });
    expect(twice.status).toBe(400);
  });

  test("password policy, duplicate email, and typed-in addresses of other accounts are refused", async () => {
    const weak = await h.call("POST", "/api/v1/auth/register", { body: { email: "a@example.com", password: "password", btc_address: A.p2wpkh } });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe("WEAK_PASSWORD");
    expect(weak.body.error.message).toContain("an uppercase letter");
    expect((await h.call("POST", "/api/v1/auth/register", { body: { email: "a@example.com", password: PASSWORD, btc_address: A.p2wpkh } })).status).toBe(201);
    const dupEmail = await h.call("POST", "/api/v1/auth/register", { body: { email: "A@example.com", password: PASSWORD, btc_address: B.p2wpkh } });
    expect(dupEmail.body.error.code).toBe("EMAIL_TAKEN");
    const dupAddr = await h.call("POST", "/api/v1/auth/register", { body: { email: "b@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    expect(dupAddr.status).toBe(409);
    expect(dupAddr.body.error.code).toBe("ADDRESS_TAKEN");
  });

  test("SQL and HTML in display names are refused and change nothing", async () => {
    for (const name of ["Robert');DROP TABLE users;--", "<script>alert(1)</script>", "x' OR '1'='1", "Adm1n", "The_Operator"]) {
      const r = await h.call("POST", "/api/v1/auth/register", { body: { email: "n@example.com", password: PASSWORD, btc_address: A.p2wpkh, display_name: name } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe("INVALID_DISPLAY_NAME");
    }
    expect(await h.repos.users.listUsers({ limit: 10 })).toEqual([]);
  });

  test("login works; 10 wrong passwords lock the account for 15 minutes, even for the right password", async () => {
    await h.call("POST", "/api/v1/auth/register", { body: { email: "m@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    const ok = await h.call("POST", "/api/v1/auth/login", { body: { email: "m@example.com", password: PASSWORD } });
    expect(ok.status).toBe(200);
    // Space the attempts out so the per-minute limit and the IP backoff are not what stops them.
    let last: Awaited<ReturnType<Harness["call"]>> | undefined;
    for (let i = 1; i <= 10; i++) {
      h.clock.t += 61_000;
      last = await h.call("POST", "/api/v1/auth/login", { body: { email: "m@example.com", password: `Wrong${i}Pass` }, headers: {} });
      if (i < 10) expect(last.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
    }
    expect(last!.status).toBe(429);
    expect(last!.body.error.code).toBe("AUTH_ACCOUNT_LOCKED");
    h.clock.t += 61_000;
    const locked = await h.call("POST", "/api/v1/auth/login", { body: { email: "m@example.com", password: PASSWORD } });
    expect(locked.body.error.code).toBe("AUTH_ACCOUNT_LOCKED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    h.clock.t += 15 * 60_000;
    expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "m@example.com", password: PASSWORD } })).status).toBe(200);
  });

  test("login is limited to 5 per minute per address", async () => {
    await h.call("POST", "/api/v1/auth/register", { body: { email: "r@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    for (let i = 0; i < 5; i++) expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "r@example.com", password: PASSWORD } })).status).toBe(200);
    const r = await h.call("POST", "/api/v1/auth/login", { body: { email: "r@example.com", password: PASSWORD } });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("60");
  });

  test("forgot-password answers the same for unknown addresses; reset works once and signs out every session", async () => {
    const reg = await h.call("POST", "/api/v1/auth/register", { body: { email: "f@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    await smtp.waitFor(1);
    const unknown = await h.call("POST", "/api/v1/auth/forgot-password", { body: { email: "nobody@example.com" } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ status: "ok" });
    const known = await h.call("POST", "/api/v1/auth/forgot-password", { body: { email: "f@example.com" } });
    expect(known.body).toEqual({ status: "ok" });
    const mail = await smtp.waitFor(2);
    expect(mail.to).toEqual(["f@example.com"]);
    const link = /http:\/\/pool\.example\.test\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.html)?.[0];
    expect(link).toBeDefined();
    expect(mail.text).toContain(link!);
    const reset = await h.call("POST", "/api/v1/auth/reset-password", { body: { token: tokenFrom(link!), new_password: "N3w!Password" } });
    expect(reset.status).toBe(200);
    expect((await smtp.waitFor(3)).subject).toContain("password was changed");
    expect((await h.call("POST", "/api/v1/auth/refresh", { body: { refresh_token: reg.body.refresh_token } })).status).toBe(401);
    expect((await h.call("GET", "/api/v1/auth/me", { token: reg.body.access_token })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/auth/reset-password", { body: { token: tokenFrom(link!), new_password: "An0ther!Pass" } })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "f@example.com", password: PASSWORD } })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/auth/login", { body: { email: "f@example.com", password: "N3w!Password" } })).status).toBe(200);
    expect(smtp.mails.length).toBe(3);
  });

  test("an expired reset link is refused", async () => {
    await h.call("POST", "/api/v1/auth/register", { body: { email: "e@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    await h.call("POST", "/api/v1/auth/forgot-password", { body: { email: "e@example.com" } });
    const link = /reset-password\?token=([A-Za-z0-9_-]+)/.exec((await smtp.waitFor(2)).text)![1]!;
    h.clock.t += 60 * 60_000 + 1;
    const r = await h.call("POST", "/api/v1/auth/reset-password", { body: { token: link, new_password: "N3w!Password" } });
    expect(r.status).toBe(400);
  });

  test("change-password needs the current one and keeps only the current session", async () => {
    const reg = await h.call("POST", "/api/v1/auth/register", { body: { email: "c@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    const other = await h.call("POST", "/api/v1/auth/login", { body: { email: "c@example.com", password: PASSWORD } });
    const wrong = await h.call("POST", "/api/v1/auth/change-password", { token: reg.body.access_token, body: { current_password: "nope", new_password: "N3w!Password" } });
    expect(wrong.status).toBe(401);
    const ok = await h.call("POST", "/api/v1/auth/change-password", { token: reg.body.access_token, body: { current_password: PASSWORD, new_password: "N3w!Password" } });
    expect(ok.status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: reg.body.access_token })).status).toBe(200);
    expect((await h.call("GET", "/api/v1/auth/me", { token: other.body.access_token })).status).toBe(401);
  });

  test("resend is limited to 5 mails per hour per address", async () => {
    const reg = await h.call("POST", "/api/v1/auth/register", { body: { email: "s@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
    for (let i = 0; i < 4; i++) expect((await h.call("POST", "/api/v1/auth/resend-verification", { token: reg.body.access_token })).status).toBe(200);
    const r = await h.call("POST", "/api/v1/auth/resend-verification", { token: reg.body.access_token });
    expect(r.status).toBe(429);
    await smtp.waitFor(5);
  });
});

describe("mail without SMTP", () => {
  test("links go to the log and the admin list shows the pending account", async () => {
    const lines: string[] = [];
    const { createLogger } = await import("../log.ts");
    const h2 = await createHarness({ TBG_ADMIN_EMAIL: "root@example.com", TBG_ADMIN_PASSWORD: "Adm!nPass1" }, { log: createLogger({ level: "info", write: (l) => lines.push(l) }) });
    try {
      await h2.call("POST", "/api/v1/auth/register", { body: { email: "p@example.com", password: PASSWORD, btc_address: A.p2wpkh } });
      const line = lines.find((l) => l.includes("no SMTP configured"));
      expect(line).toContain("p@example.com");
      const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(line!)![1]!;
      const admin = await h2.call("POST", "/api/v1/auth/login", { body: { email: "root@example.com", password: "Adm!nPass1" } });
      expect(admin.body.user.role).toBe("admin");
      const pending = await h2.call("GET", "/api/v1/admin/verifications/pending", { token: admin.body.access_token });
      expect(pending.body.data.map((p: { email: string }) => p.email)).toEqual(["p@example.com"]);
      expect((await h2.call("POST", "/api/v1/auth/verify-email", { body: { token } })).status).toBe(200);
      expect((await h2.call("GET", "/api/v1/admin/verifications/pending", { token: admin.body.access_token })).body.data).toEqual([]);
    } finally {
      await h2.close();
    }
  });
});
