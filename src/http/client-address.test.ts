import { afterEach, describe, expect, test } from "bun:test";
import { createHarness, wallet, type Harness } from "../auth/test-harness.ts";
import { SECRET_A } from "../auth/crypto/testkit.ts";
import { loadConfig } from "../config.ts";
import { clientAddress, trustedProxies } from "./client-address.ts";

describe("client address", () => {
  const proxies = trustedProxies(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);

  test("the socket's peer, unless it is a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", proxies)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", null, proxies)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "198.51.100.1", null)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", null, proxies)).toBe("127.0.0.1");
  });

  test("behind trusted proxies: the nearest hop that is not one of them", () => {
    expect(clientAddress("127.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // A client cannot choose its address by sending its own header: the proxy appends the real one.
    expect(clientAddress("127.0.0.1", "1.2.3.4, 198.51.100.1", proxies)).toBe("198.51.100.1");
    expect(clientAddress("127.0.0.1", "198.51.100.1, 10.1.2.3", proxies)).toBe("198.51.100.1");
    expect(clientAddress("fd12::1", "2001:db8::7", proxies)).toBe("2001:db8::7");
    expect(clientAddress("::ffff:127.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1");
    // Every hop trusted: the farthest one.
    expect(clientAddress("127.0.0.1", "10.0.0.5, 10.0.0.6", proxies)).toBe("10.0.0.5");
  });

  test("a hop that is not an address stops the walk at the last trusted one", () => {
    expect(clientAddress("127.0.0.1", "198.51.100.1, <script>, 10.0.0.6", proxies)).toBe("10.0.0.6");
    expect(clientAddress("127.0.0.1", "unknown", proxies)).toBe("127.0.0.1");
  });

  test("TBG_TRUSTED_PROXIES takes addresses and ranges and names a bad entry", () => {
    const good = loadConfig({ TBG_DATA_DIR: "/tmp", TBG_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8,::1" });
    expect(good.ok && good.config.http.trustedProxies).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    for (const bad of ["10.0.0.0/33", "proxy.lan", "10.0.0.1/8/1", "::1/129"]) {
      const r = loadConfig({ TBG_DATA_DIR: "/tmp", TBG_TRUSTED_PROXIES: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join()).toContain("TBG_TRUSTED_PROXIES");
    }
  });
});

describe("rate limits behind a reverse proxy (real HTTP server)", () => {
  let h: Harness | undefined;
  let server: { stop(): unknown } | undefined;
  afterEach(async () => {
    server?.stop();
    await h?.close();
  });
  const A = wallet(SECRET_A);

  async function serve(env: Record<string, string>) {
    h = await createHarness(env);
    const listening = h.app.listen({ hostname: "127.0.0.1", port: 0 });
    server = listening.server!;
    const base = `http://127.0.0.1:${listening.server!.port}`;
    return (forwardedFor: string) =>
      fetch(`${base}/api/v1/auth/challenge`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ btc_address: A.p2wpkh }),
      }).then((r) => r.status);
  }

  test("with the proxy trusted, one client's limit is not another's", async () => {
    const challenge = await serve({ TBG_TRUSTED_PROXIES: "127.0.0.1" });
    for (let i = 0; i < 20; i++) expect(await challenge("198.51.100.1")).toBe(200);
    expect(await challenge("198.51.100.1")).toBe(429);
    expect(await challenge("198.51.100.2")).toBe(200);
    // A spoofed first hop does not escape: the proxy's appended address is the one counted.
    expect(await challenge("9.9.9.9, 198.51.100.1")).toBe(429);
  });

  test("without it, the header is ignored: everyone behind the peer shares one limit", async () => {
    const challenge = await serve({});
    for (let i = 0; i < 20; i++) expect(await challenge("198.51.100.1")).toBe(200);
    expect(await challenge("198.51.100.2")).toBe(429);
  });
});
