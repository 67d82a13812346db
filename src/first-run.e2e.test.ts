// A first start against no node or the wrong node, as the operator and a miner see it: the
// status page and /health/ready say in words what to fix, and miners are told to wait.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../stratum/index.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../test/bitcoind.ts";
import { freePort } from "../test/ports.ts";
import { until } from "../test/until.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { startServer, type Running } from "./server.ts";

/** A testnet/testnet4/signet address (BIP-173's P2WSH vector). */
const TESTNET_ADDRESS = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7";

let server: Running | undefined;
let node: TestNode | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await node?.destroy();
  node = undefined;
});

async function start(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "tbg-firstrun-"));
  const cfg = loadConfig({
    HOME: dir,
    TBG_DATA_DIR: dir,
    TBG_HTTP_HOST: "127.0.0.1",
    TBG_HTTP_PORT: "0",
    TBG_STRATUM_HOST: "127.0.0.1",
    TBG_STRATUM_PORT: "0",
    TBG_MIN_DIFF: "0.00001",
    ...env,
  });
  if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
  const lines: string[] = [];
  server = await startServer(cfg.config, createLogger({ level: "info", write: (l) => lines.push(l) }));
  return { web: `http://127.0.0.1:${server.httpPort}`, stratumPort: server.stratumPort, lines, dir };
}

/** The status page's explanation of the node problem, as text, once it is `match`ing. */
async function statusText(web: string, match: RegExp): Promise<string> {
  return until(`status page matching ${match}`, 15_000, async () => {
    const page = await (await fetch(`${web}/`)).text();
    const m = /<p class="error" data-testid="node-problem">([^<]*)<\/p>/.exec(page);
    const text = m?.[1]?.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    return text !== undefined && match.test(text) ? text : null;
  });
}

async function nodeError(web: string): Promise<string> {
  const r = await fetch(`${web}/health/ready`);
  expect(r.status).toBe(503);
  const body = (await r.json()) as { error: { details: { node_error: string } } };
  return body.error.details.node_error;
}

describe("first run without a usable node", () => {
  test("nothing listening at the RPC URL: the page names TBG_BITCOIN_RPC_URL, not ECONNREFUSED", async () => {
    const url = `http://127.0.0.1:${freePort()}`;
    const { web } = await start({ TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: url, TBG_BITCOIN_RPC_USER: "u", TBG_BITCOIN_RPC_PASSWORD: "p" });
    const text = await statusText(web, /^Nothing answers/);
    expect(text).toBe(`Nothing answers at ${url}: start the Bitcoin node with its RPC server on (server=1), or set TBG_BITCOIN_RPC_URL to the address its RPC listens on.`);
    expect(await nodeError(web)).toBe(text);
    const page = await (await fetch(`${web}/`)).text();
    expect(page).not.toContain("ECONNREFUSED");
    expect(page).toContain(">unreachable<");
  });

  test("no cookie file where it is expected: the page gives the path and the settings to change", async () => {
    const { web, dir } = await start({ TBG_NETWORK: "testnet4", TBG_BITCOIN_RPC_URL: `http://127.0.0.1:${freePort()}` });
    // With no user/password the cookie is read from ~/.bitcoin/<network dir>/.cookie.
    const cookie = join(dir, ".bitcoin", "testnet4", ".cookie");
    const text = await statusText(web, /cookie/);
    expect(text).toStartWith(`The node's cookie file ${cookie} does not exist: the node is not running, or keeps its data elsewhere.`);
    expect(text).toContain("Set TBG_BITCOIN_RPC_COOKIE to the .cookie file in the node's data directory (for testnet4: <datadir>/testnet4/.cookie)");
    expect(text).toContain("TBG_BITCOIN_RPC_USER and TBG_BITCOIN_RPC_PASSWORD");
    expect(await nodeError(web)).toBe(text);
    expect(await (await fetch(`${web}/`)).text()).not.toContain("ENOENT");
  });

  test(
    "a regtest node while the pool is set for testnet4: refused with one ERROR line, said on the page and /health/ready, and miners get no work",
    async () => {
      node = await startBitcoind({ chain: "regtest" });
      const { web, stratumPort, lines } = await start({
        TBG_NETWORK: "testnet4",
        TBG_BITCOIN_RPC_URL: node.rpcUrl,
        TBG_BITCOIN_RPC_USER: node.rpcUser,
        TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword,
      });
      const text = await statusText(web, /TBG_NETWORK/);
      expect(text).toBe("The Bitcoin node runs regtest, but TBG_NETWORK is testnet4: no work is handed out until they match. Set TBG_NETWORK=regtest, or point TBG_BITCOIN_RPC_URL at a testnet4 node.");
      expect(await nodeError(web)).toBe(text);
      expect(await (await fetch(`${web}/`)).text()).toContain(">wrong network<");

      // A miner connects, is told the pool waits for the node (once), and gets nothing to mine.
      const said: string[] = [];
      const ctrl = new AbortController();
      const mining = runMiner({ url: `stratum+tcp://127.0.0.1:${stratumPort}`, user: `${TESTNET_ADDRESS}.rig`, password: "d=0.00001", signal: ctrl.signal, onLog: (l) => said.push(l) });
      await until("the waiting message", 5_000, () => (said.includes("pool says: waiting for the Bitcoin node…") ? true : null));
      await Bun.sleep(2_500); // the node client retries meanwhile; at d=0.00001 any job would give shares in ms
      ctrl.abort();
      const res = await mining;
      expect(res).toMatchObject({ accepted: 0, rejected: 0, blocks: 0 });
      expect(said.filter((l) => l.startsWith("pool says:"))).toEqual(["pool says: waiting for the Bitcoin node…"]);
      expect(await node.rpc<number>("getblockcount")).toBe(0);

      const errors = lines.filter((l) => / ERROR /.test(l));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain("[stratum] node down: the node runs the regtest chain, not testnet4: no work is handed out until they match");
    },
    NODE_TEST_TIMEOUT_MS,
  );
});
