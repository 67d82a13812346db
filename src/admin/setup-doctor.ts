// The setup doctor (`tbg doctor` and the admin Doctor page): every part a pool needs, checked
// from this machine, each with pass/fail and, when it fails, the one thing to do. Node RPC setup
// is where new operators get stuck most, so those checks come first and speak in settings.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { classifyFailure, createRpcClient, NODE_CHAIN, type RpcClient } from "../../stratum/index.ts";
import type { Config } from "../config.ts";
import { doctor as databaseDoctor } from "../db/doctor.ts";
import { openStorage } from "../db/storage.ts";
import { explainNode } from "./node-explain.ts";

export interface SetupCheck {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** When not ok: the one thing to do. */
  fix?: string;
}

export interface SetupDoctorOptions {
  /** The stratum port really listening (the configured one may be 0 in tests). */
  stratumPort?: number;
  /** Where the Telegram Bot API is (tests: a local server speaking it). */
  telegramApiRoot?: string;
  now?: () => number;
  /** Per RPC call; the doctor must answer quickly even when the node hangs. */
  rpcTimeoutMs?: number;
  /** The database checks; the page of a running pool passes its own (a second SQLite connection's full check would compete with the writer). */
  database?: () => Promise<SetupCheck[]>;
}

/** A tip further in the future than this means this machine's clock is behind (consensus allows blocks 2 h ahead). */
const MAX_FUTURE_MS = 2 * 3600_000;
const NETWORK_OF_CHAIN: Record<string, string> = { main: "mainnet", test: "testnet", testnet4: "testnet4", signet: "signet", regtest: "regtest" };

interface ChainInfo {
  chain: string;
  blocks: number;
  headers: number;
  initialblockdownload: boolean;
  verificationprogress: number;
  bestblockhash: string;
  mediantime: number;
}

export async function setupDoctor(config: Config, opts: SetupDoctorOptions = {}): Promise<SetupCheck[]> {
  const now = opts.now ?? Date.now;
  const checks: SetupCheck[] = [];
  const rpc = createRpcClient({ ...config.node, timeoutMs: opts.rpcTimeoutMs ?? 5_000 });
  checks.push(...(await nodeChecks(config, rpc, now)));
  checks.push(await stratumCheck(config, opts.stratumPort ?? config.stratum.port));
  checks.push(...(opts.database ? await opts.database() : await databaseChecks(config)));
  if (config.telegram.botToken) checks.push(await telegramCheck(config.telegram.botToken, opts.telegramApiRoot ?? "https://api.telegram.org"));
  return checks;
}

async function nodeChecks(config: Config, rpc: RpcClient, now: () => number): Promise<SetupCheck[]> {
  const auth = config.node.user !== undefined ? `user "${config.node.user}"` : `cookie ${config.node.cookieFile ?? "(none)"}`;
  const info = await rpc.call<ChainInfo>("getblockchaininfo");
  if (!info.ok) {
    const problem = classifyFailure(info);
    const fix = explainNode({ state: "down", problem, lastError: info.message }, config) ?? info.message;
    return [{ name: "node RPC", ok: false, detail: `${config.node.url} with ${auth}: ${info.message}`, fix }];
  }
  const out: SetupCheck[] = [{ name: "node RPC", ok: true, detail: `${config.node.url} answers with ${auth}` }];
  const c = info.result;
  const expected = NODE_CHAIN[config.network];
  if (c.chain !== expected) {
    const theirs = NETWORK_OF_CHAIN[c.chain] ?? c.chain;
    out.push({ name: "chain", ok: false, detail: `the node runs ${theirs}, TBG_NETWORK is ${config.network}`, fix: `Set TBG_NETWORK=${theirs}, or point TBG_BITCOIN_RPC_URL at a ${config.network} node.` });
    return out;
  }
  out.push({ name: "chain", ok: true, detail: `${config.network} on both sides` });
  const synced = !c.initialblockdownload && c.blocks >= c.headers;
  out.push(
    synced
      ? { name: "sync", ok: true, detail: `block ${c.blocks} of ${c.headers} headers` }
      : {
          name: "sync",
          ok: false,
          detail: `${c.initialblockdownload ? "initial block download, " : ""}block ${c.blocks} of ${c.headers} headers (${(c.verificationprogress * 100).toFixed(1)}% verified)`,
          fix: "Wait for the node to finish syncing (keep it running with peers); the pool hands out work as soon as it has.",
        },
  );
  const rules = config.network === "signet" ? ["segwit", "signet"] : ["segwit"];
  const gbt = await rpc.call<{ height: number; transactions: unknown[] }>("getblocktemplate", [{ rules }]);
  if (gbt.ok) out.push({ name: "getblocktemplate", ok: true, detail: `work for block ${gbt.result.height} with ${gbt.result.transactions.length} transactions (rules ${rules.join(", ")})` });
  else {
    const problem = classifyFailure(gbt);
    const fix =
      problem.kind === "syncing"
        ? "The node is in initial block download (or has no peers): wait for it to sync, and check that it has connections (getconnectioncount)."
        : (explainNode({ state: "down", problem, lastError: gbt.message }, config) ?? gbt.message);
    out.push({ name: "getblocktemplate", ok: false, detail: `${gbt.message}`, fix });
  }
  const header = await rpc.call<{ time: number }>("getblockheader", [c.bestblockhash]);
  if (header.ok) {
    const tip = header.result.time * 1000;
    const t = now();
    const age = t - tip;
    if (tip - t > MAX_FUTURE_MS) out.push({ name: "clock", ok: false, detail: `the node's tip is ${Math.round(-age / 60_000)} min ahead of this machine's clock`, fix: "This machine's clock is behind: enable time sync (systemd-timesyncd, chrony or ntpd)." });
    else out.push({ name: "clock", ok: true, detail: age < 0 ? `the tip is ${Math.round(-age / 1000)} s ahead of this machine's clock (within the 2 h the network allows)` : `the tip is ${age < 120_000 ? `${Math.round(age / 1000)} s` : age < 7_200_000 ? `${Math.round(age / 60_000)} min` : `${(age / 3_600_000).toFixed(1)} h`} old by this machine's clock` });
  }
  return out;
}

/** This machine's first LAN address (what miners on the LAN dial), else loopback. */
export function lanAddress(): { address: string; lan: boolean } {
  for (const list of Object.values(networkInterfaces()))
    for (const i of list ?? []) if (i.family === "IPv4" && !i.internal) return { address: i.address, lan: true };
  return { address: "127.0.0.1", lan: false };
}

async function stratumCheck(config: Config, port: number): Promise<SetupCheck> {
  const host = config.stratum.host;
  const loopbackOnly = host === "127.0.0.1" || host === "::1" || host === "localhost";
  const target = loopbackOnly ? { address: "127.0.0.1", lan: false } : lanAddress();
  const reached = await new Promise<string | null>((resolve) => {
    const s = connect({ host: target.address, port, timeout: 3_000 });
    s.once("connect", () => {
      s.destroy();
      resolve(null);
    });
    s.once("timeout", () => {
      s.destroy();
      resolve("no answer within 3 s");
    });
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
  const where = `stratum+tcp://${target.address}:${port}`;
  if (reached !== null) return { name: "stratum port", ok: false, detail: `${where}: ${reached}`, fix: `Start tbg (it listens on TBG_STRATUM_PORT=${config.stratum.port}), and let the firewall accept TCP ${config.stratum.port} from the LAN.` };
  if (loopbackOnly) return { name: "stratum port", ok: false, detail: `${where} answers, but TBG_STRATUM_HOST=${host} accepts only this machine`, fix: "Set TBG_STRATUM_HOST=0.0.0.0 so miners on the LAN can connect." };
  return { name: "stratum port", ok: true, detail: `${where} accepts connections${target.lan ? " from the LAN address" : " (no LAN interface found; checked on loopback)"}` };
}

async function databaseChecks(config: Config): Promise<SetupCheck[]> {
  if (config.database.engine === "sqlite") {
    return databaseDoctor(config.databasePath).map((c) => ({ name: c.name, ok: c.ok, detail: c.detail, ...(c.ok ? {} : { fix: c.detail.split("; ").slice(1).join("; ") || "See the detail." }) }));
  }
  try {
    const storage = await openStorage(config.database.url, { migrate: false });
    try {
      const ok = await storage.ping();
      return [ok ? { name: "database", ok: true, detail: `PostgreSQL at ${storage.where} answers` } : { name: "database", ok: false, detail: `PostgreSQL at ${storage.where} does not answer`, fix: "Start PostgreSQL or correct TBG_DATABASE_URL." }];
    } finally {
      await storage.close();
    }
  } catch (e) {
    return [{ name: "database", ok: false, detail: (e as Error).message, fix: "Start PostgreSQL or correct TBG_DATABASE_URL." }];
  }
}

/** Telegram's getMe: proves the token is one Telegram knows, and names the bot. */
export async function telegramCheck(token: string, apiRoot: string): Promise<SetupCheck> {
  try {
    const res = await fetch(`${apiRoot.replace(/\/$/, "")}/bot${token}/getMe`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json().catch(() => null)) as { ok?: boolean; result?: { username?: string; is_bot?: boolean }; description?: string } | null;
    if (res.ok && body?.ok && body.result?.is_bot) return { name: "Telegram bot", ok: true, detail: `the token belongs to @${body.result.username}` };
    if (res.status === 401 || res.status === 404)
      return { name: "Telegram bot", ok: false, detail: `Telegram refused the token (${body?.description ?? `HTTP ${res.status}`})`, fix: "Copy the token again from @BotFather into TBG_TELEGRAM_BOT_TOKEN (or /revoke and use the new one)." };
    return { name: "Telegram bot", ok: false, detail: `unexpected answer: HTTP ${res.status}`, fix: "Check that this machine reaches api.telegram.org." };
  } catch (e) {
    return { name: "Telegram bot", ok: false, detail: `api.telegram.org cannot be reached (${(e as Error).message.replaceAll(token, "***")})`, fix: "Let this machine reach api.telegram.org over HTTPS (DNS, firewall, proxy)." };
  }
}
