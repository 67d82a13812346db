// Costs on the request path of accounts: verifying an access token (every authenticated request),
// signing one (every sign-in/refresh), and argon2id at the seed's cost (every password sign-in).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JwtKeys } from "../src/auth/jwt.ts";
import { Passwords } from "../src/auth/passwords.ts";
import { RateLimiter } from "../src/auth/rate-limit.ts";

const dir = mkdtempSync(join(tmpdir(), "tbg-bench-auth-"));
const keys = JwtKeys.open(dir, { issuer: "i", audience: "a", now: Date.now });

async function rate(label: string, n: number, fn: () => unknown | Promise<unknown>) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = performance.now() - t0;
  console.log(`${label}: ${Math.round((n / ms) * 1000)}/s (${(ms / n).toFixed(3)} ms each)`);
}

const { token } = await keys.sign({ sub: "1", btc: null, role: "user", jti: crypto.randomUUID() });
await rate("jwt verify (RS256)", 5000, () => keys.verify(token));
await rate("jwt sign (RS256)", 500, () => keys.sign({ sub: "1", btc: null, role: "user", jti: crypto.randomUUID() }));
const limiter = new RateLimiter(Date.now);
let i = 0;
await rate("rate limiter hit", 200_000, () => limiter.hit("mining", { user: i++ % 1000, ip: "10.0.0.1" }));
const pw = new Passwords();
const hash = await pw.hash("S3cure!Pass123");
await rate("argon2id verify (64 MiB, t=3)", 10, () => pw.verify("S3cure!Pass123", hash));
rmSync(dir, { recursive: true, force: true });
