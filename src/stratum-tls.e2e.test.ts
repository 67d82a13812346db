// Stratum over TLS (TBG_STRATUM_TLS_PORT): a miner on stratum+ssl:// checks the pool's
// certificate (self-signed, made here with openssl), mines real shares and blocks a regtest node
// accepts; the plain port keeps working beside it; a client that does not speak TLS gets nothing.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMiner } from "../stratum/index.ts";
import { connectLines } from "../stratum/e2e/line-client.ts";
import { NODE_TEST_TIMEOUT_MS, startBitcoind, type TestNode } from "../test/bitcoind.ts";
import { testDatabaseEnv } from "../test/storage.ts";
import { until } from "../test/until.ts";
import { loadConfig } from "./config.ts";
import { silentLogger } from "./log.ts";
import { startServer, type Running } from "./server.ts";

let node: TestNode | undefined;
let server: Running | undefined;
afterAll(async () => {
  await server?.stop();
  await node?.destroy();
});

function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, "stratum.crt");
  const key = join(dir, "stratum.key");
  const p = Bun.spawnSync(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`openssl failed: ${p.stderr.toString()}`);
  return { cert, key };
}

test(
  "a miner on stratum+ssl:// verifies the certificate and mines blocks the node accepts; the plain port works beside it",
  async () => {
    node = await startBitcoind({ chain: "regtest" });
    const dir = mkdtempSync(join(tmpdir(), "tbg-tls-"));
    const { cert, key } = selfSigned(dir);
    const cfg = loadConfig({
      TBG_DATA_DIR: dir, TBG_HTTP_HOST: "127.0.0.1", TBG_HTTP_PORT: "0", TBG_STRATUM_HOST: "127.0.0.1", TBG_STRATUM_PORT: "0",
      TBG_STRATUM_TLS_PORT: "0", TBG_STRATUM_TLS_CERT: cert, TBG_STRATUM_TLS_KEY: key,
      TBG_NETWORK: "regtest", TBG_BITCOIN_RPC_URL: node.rpcUrl, TBG_BITCOIN_RPC_USER: node.rpcUser, TBG_BITCOIN_RPC_PASSWORD: node.rpcPassword, TBG_MIN_DIFF: "0.00001",
      ...(await testDatabaseEnv("tls")),
    });
    if (!cfg.ok) throw new Error(cfg.errors.join("\n"));
    server = await startServer(cfg.config, silentLogger);
    const web = `http://127.0.0.1:${server.httpPort}`;
    await until("node ready", 20_000, async () => ((await fetch(`${web}/health/ready`)).status === 200 ? true : null));
    const tlsPort = server.stratumTlsPort!;
    expect(tlsPort).toBeGreaterThan(0);
    expect(tlsPort).not.toBe(server.stratumPort);

    const before = await node.rpc<number>("getblockcount");
    const address = await node.getNewAddress("bech32");
    const ca = await Bun.file(cert).text();
    const tls = await runMiner({ url: `stratum+ssl://localhost:${tlsPort}`, tlsCa: ca, user: `${address}.tls`, password: "d=0.00001", maxShares: 10 });
    expect(tls.reason).toBe("max shares");
    expect(tls.accepted).toBeGreaterThanOrEqual(10);
    expect(await node.rpc<number>("getblockcount")).toBeGreaterThan(before);

    // Without trusting the self-signed certificate the connection is refused by the miner.
    const untrusted = await runMiner({ url: `stratum+ssl://localhost:${tlsPort}`, user: `${address}.x`, maxShares: 1 });
    expect(untrusted.accepted).toBe(0);
    expect(untrusted.reason).toMatch(/certificate|TLS|closed/);

    // The plain port is unchanged.
    const plain = await runMiner({ url: `stratum+tcp://127.0.0.1:${server.stratumPort}`, user: `${address}.plain`, password: "d=0.00001", maxShares: 3 });
    expect(plain.accepted).toBeGreaterThanOrEqual(3);

    // A plain-text stratum line on the TLS port is not a session: no JSON comes back.
    const c = await connectLines(tlsPort);
    c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
    await expect(c.nextLine(1500)).rejects.toThrow();
    c.end();

    const workers = await until("both workers stored", 10_000, async () => {
      const r = (await (await fetch(`${web}/api/v1/mining/workers?address=${address}`)).json()) as { data?: { name: string }[] };
      const names = (r.data ?? []).map((w) => w.name).sort();
      return names.includes("tls") && names.includes("plain") ? names : null;
    });
    expect(workers).toContain("tls");
  },
  NODE_TEST_TIMEOUT_MS,
);
