// A ban reaches the miner: the admin bans a user on the Users page, the pool closes that payout
// address's open connection with a message and refuses its next mining.authorize; unbanned, it
// mines again. Real regtest node, real server, real TCP stratum sessions.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BANNED_MESSAGE, runMiner } from "../../stratum/index.ts";
import { connectLines, type LineClient } from "../../stratum/e2e/line-client.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../../test/bitcoind.ts";
import { testDatabaseEnv } from "../../test/storage.ts";
import { until } from "../../test/until.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../log.ts";
import { startServer, type Running } from "../server.ts";

let node: TestNode | undefined;
let server: Running | undefined;
afterAll(async () => {
  await server?.stop();
  await node?.destroy();
});

async function authorize(port: number, user: string): Promise<{ c: LineClient; answer: { id: number; result: unknown; error: unknown } }> {
  const c = await connectLines(port);
  c.send(`{"id":1,"method":"mining.subscribe","params":["bitaxe/2.4"]}\n{"id":2,"method":"mining.authorize","params":["${user}","x"]}\n`);
  for (;;) {
    const m = JSON.parse(await c.nextLine(10_000)) as { id: number | null; result: unknown; error: unknown };
    if (m.id === 2) return { c, answer: m as { id: number; result: unknown; error: unknown } };
  }
}

test(
  "a banned miner's open connection is closed with a message, its next authorize refused; unbanned it mines again",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const cfg = loadConfig({
      TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-ban-")),
      TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0",
      TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword,
      TBG_MIN_DIFF: "0.00001", TBG_ADMIN_EMAIL: "op@pool.lan", TBG_ADMIN_PASSWORD: "Op3rator-Pass!",
      ...(await testDatabaseEnv("ban")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger);
    const web = `http://127.0.0.1:${server.httpPort}`;
    const port = server.stratumPort;
    await until("node ready", 20_000, async () => ((await fetch(`${web}/health/ready`)).status === 200 ? true : null));
    const address = await node.getNewAddress("bech32");

    // The miner's first shares make its user.
    const first = await runMiner({ url: `stratum+tcp://127.0.0.1:${port}`, user: `${address}.rig1`, password: "d=0.00001", maxShares: 2, signal: new AbortController().signal });
    expect(first.accepted).toBeGreaterThanOrEqual(2);
    const user = await until("the miner's user", 10_000, async () => (await server!.storage.repos.users.findUserByAddress(address)) ?? null);

    const open = await authorize(port, `${address}.rig2`);
    expect(open.answer.result).toBe(true);

    const signin = await fetch(`${web}/signin/password`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: web }, body: "email=op%40pool.lan&password=Op3rator-Pass%21" });
    const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("=")).join("; ");
    const ban = await fetch(`${web}/admin/users/${user.id}/ban`, { method: "POST", headers: { cookie, origin: web, accept: "text/html" } });
    expect(ban.status).toBe(200);
    expect(await ban.text()).toContain("the pool refuses this payout address");

    // The open session is told and closed.
    const seen: string[] = [];
    await until("the banned connection closed", 10_000, async () => {
      try {
        seen.push(await open.c.nextLine(200));
      } catch {
        // no line within 200 ms, or closed
      }
      return open.c.isClosed ? true : null;
    });
    // Lines that arrived just before the close are still to read.
    for (;;) {
      try {
        seen.push(await open.c.nextLine(100));
      } catch {
        break;
      }
    }
    expect(seen).toContain(`{"id":null,"method":"client.show_message","params":["This payout address is banned by the pool's operator."]}`);

    // Refused as unauthorized (24) with a reason that says it is a ban, not a mistyped address.
    const refused = await authorize(port, `${address}.rig3`);
    expect(refused.answer.result).not.toBe(true);
    expect(refused.answer.error).toEqual([24, BANNED_MESSAGE, null]);
    expect(BANNED_MESSAGE).toBe("this payout address is banned by the pool's operator");
    refused.c.end();

    // Another address still mines.
    const other = await authorize(port, `${await node.getNewAddress("bech32")}.rig`);
    expect(other.answer.result).toBe(true);
    other.c.end();

    await fetch(`${web}/admin/users/${user.id}/unban`, { method: "POST", headers: { cookie, origin: web, accept: "text/html" } });
    const again = await authorize(port, `${address}.rig4`);
    expect(again.answer.result).toBe(true);
    again.c.end();
  },
  NODE_TEST_TIMEOUT_MS,
);
