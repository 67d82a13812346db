// A real bitcoind (Bitcoin Knots from Debian trixie-backports, see scripts/bitcoind.sh) for
// tests: a private datadir, loopback-only RPC on a free port, no peers.
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "./ports.ts";

export type TestChain = "regtest" | "signet";
export type AddressType = "legacy" | "p2sh-segwit" | "bech32" | "bech32m";

export interface TestNode {
  chain: TestChain;
  rpcUrl: string;
  rpcUser: string;
  rpcPassword: string;
  /** bitcoind writes a fresh cookie here on every start (rpcauth and cookie both work). */
  cookieFile: string;
  datadir: string;
  rpcPort: number;
  /** Calls the node; throws with the node's message on any error (test code only). */
  rpc<T = unknown>(method: string, params?: unknown[] | Record<string, unknown>): Promise<T>;
  getNewAddress(type?: AddressType): Promise<string>;
  /** generatetoaddress; a new address from the test wallet when none is given. */
  mine(n: number, address?: string): Promise<string[]>;
  /** Clean shutdown through RPC, SIGKILL if it lingers; the datadir stays for restart(). */
  stop(): Promise<void>;
  /** Abrupt death, for "node vanished" tests. */
  kill(): Promise<void>;
  /** Starts again on the same datadir and port. */
  restart(): Promise<void>;
  /** stop() and delete the datadir. */
  destroy(): Promise<void>;
  isRunning(): boolean;
}

const REPO_ROOT = resolve(import.meta.dir, "..");
/**
 * Timeout for a test or hook that starts a node: the first run on a fresh machine downloads
 * and unpacks bitcoind (about 10 s on a good line), far past bun's 5 s default.
 */
export const NODE_TEST_TIMEOUT_MS = 120_000;
const WALLET = "test";
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 20_000;
// bitcoind answers -28 (RPC_IN_WARMUP) while it loads the chain state.
const RPC_IN_WARMUP = -28;
const RPC_WALLET_NOT_FOUND = -18;
const RPC_WALLET_ALREADY_LOADED = -35;

const live = new Set<{ proc: Subprocess | null; datadir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A failing test must not leave a bitcoind behind: kill synchronously on the way out.
  process.on("exit", () => {
    for (const n of live) {
      try {
        n.proc?.kill("SIGKILL");
      } catch {}
      rmSync(n.datadir, { recursive: true, force: true });
    }
  });
}

let binaryPath: Promise<string> | null = null;

/** Runs scripts/bitcoind.sh once per process (it is itself cached on disk). */
export function bitcoindPath(): Promise<string> {
  binaryPath ??= (async () => {
    const proc = Bun.spawn(["bash", join(REPO_ROOT, "scripts/bitcoind.sh")], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    const path = out.trim().split("\n").pop() ?? "";
    if (code !== 0 || path === "") {
      binaryPath = null;
      throw new Error(`scripts/bitcoind.sh failed (exit ${code}):\n${err}`);
    }
    return path;
  })();
  return binaryPath;
}

/** A port the OS just handed out; bitcoind binds it moments later. */
export { freePort };

function rpcAuthLine(user: string, password: string): string {
  // bitcoind's -rpcauth format (share/rpcauth/rpcauth.py): user:salt$hmac_sha256(salt, password).
  const salt = randomBytes(16).toString("hex");
  const hash = createHmac("sha256", salt).update(password).digest("hex");
  return `${user}:${salt}$${hash}`;
}

class RpcError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

export async function startBitcoind(opts: { chain?: TestChain; extraArgs?: string[] } = {}): Promise<TestNode> {
  installExitHook();
  const chain = opts.chain ?? "regtest";
  const bin = await bitcoindPath();
  const datadir = mkdtempSync(join(tmpdir(), "tbg-bitcoind-"));
  const rpcPort = freePort();
  const rpcUser = "tbg";
  const rpcPassword = randomBytes(16).toString("hex");
  const cookieFile = join(datadir, ".cookie");
  const rpcUrl = `http://127.0.0.1:${rpcPort}/`;
  const args = [
    `-datadir=${datadir}`,
    ...(chain === "regtest" ? ["-regtest"] : ["-signet", "-signetchallenge=51"]),
    "-server=1",
    "-listen=0",
    "-connect=0",
    "-dnsseed=0",
    "-fixedseeds=0",
    "-rpcbind=127.0.0.1",
    "-rpcallowip=127.0.0.1",
    `-rpcport=${rpcPort}`,
    // rpcauth keeps cookie auth on as well (a plain -rpcpassword would switch it off).
    `-rpcauth=${rpcAuthLine(rpcUser, rpcPassword)}`,
    `-rpccookiefile=${cookieFile}`,
    "-fallbackfee=0.0002",
    "-printtoconsole=0",
    "-debuglogfile=debug.log",
    "-shrinkdebugfile=0",
    ...(opts.extraArgs ?? []),
  ];
  const entry: { proc: Subprocess | null; datadir: string } = { proc: null, datadir };
  live.add(entry);
  const auth = `Basic ${btoa(`${rpcUser}:${rpcPassword}`)}`;
  let walletReady = false;

  async function call<T>(method: string, params: unknown[] | Record<string, unknown> = []): Promise<T> {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { authorization: auth, "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "1.0", id: method, method, params }),
    });
    const text = await res.text();
    let body: { result?: T; error?: { code: number; message: string } | null };
    try {
      body = JSON.parse(text);
    } catch {
      throw new RpcError(`${method}: HTTP ${res.status} ${text.slice(0, 200)}`, null);
    }
    if (body.error) throw new RpcError(`${method}: ${body.error.message}`, body.error.code);
    return body.result as T;
  }

  async function launch(): Promise<void> {
    const proc = Bun.spawn([bin, ...args], { stdout: "ignore", stderr: "pipe" });
    entry.proc = proc;
    const stderr = new Response(proc.stderr).text();
    const deadline = Date.now() + START_DEADLINE_MS;
    let last = "";
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`bitcoind exited (${proc.exitCode ?? proc.signalCode}) at start:\n${await stderr}`);
      }
      try {
        await call("getblockchaininfo");
        return;
      } catch (e) {
        last = e instanceof Error ? e.message : String(e);
        if (e instanceof RpcError && e.code !== null && e.code !== RPC_IN_WARMUP) throw e;
      }
      // Polling with a deadline: bitcoind offers no readiness signal besides answering RPC.
      await Bun.sleep(50);
    }
    proc.kill("SIGKILL");
    throw new Error(`bitcoind did not answer RPC within ${START_DEADLINE_MS} ms: ${last}`);
  }

  async function waitExit(proc: Subprocess): Promise<void> {
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_DEADLINE_MS);
    await proc.exited;
    clearTimeout(timer);
  }

  async function ensureWallet(): Promise<void> {
    if (walletReady) return;
    try {
      await call("loadwallet", [WALLET]);
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      if (e.code === RPC_WALLET_NOT_FOUND) {
        await call("createwallet", { wallet_name: WALLET, load_on_startup: true });
      } else if (e.code !== RPC_WALLET_ALREADY_LOADED) {
        throw e;
      }
    }
    walletReady = true;
  }

  const node: TestNode = {
    chain,
    rpcUrl,
    rpcUser,
    rpcPassword,
    cookieFile,
    datadir,
    rpcPort,
    rpc: call,
    async getNewAddress(type = "bech32") {
      await ensureWallet();
      return call<string>("getnewaddress", ["", type]);
    },
    async mine(n, address) {
      const to = address ?? (await node.getNewAddress());
      // maxtries far above the default 1e6: a signet block at the minimum difficulty needs
      // about 4.8 million hashes on average.
      return call<string[]>("generatetoaddress", [n, to, 1_000_000_000]);
    },
    async stop() {
      const proc = entry.proc;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        await call("stop");
      } catch {
        proc.kill("SIGTERM");
      }
      await waitExit(proc);
      walletReady = false;
    },
    async kill() {
      const proc = entry.proc;
      if (!proc) return;
      proc.kill("SIGKILL");
      await proc.exited;
      walletReady = false;
    },
    async restart() {
      await node.stop();
      await launch();
    },
    async destroy() {
      await node.stop();
      live.delete(entry);
      rmSync(datadir, { recursive: true, force: true });
    },
    isRunning() {
      const proc = entry.proc;
      return proc !== null && proc.exitCode === null && proc.signalCode === null;
    },
  };

  try {
    await launch();
  } catch (e) {
    await node.kill();
    live.delete(entry);
    rmSync(datadir, { recursive: true, force: true });
    throw e;
  }
  return node;
}
