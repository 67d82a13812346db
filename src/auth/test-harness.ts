// Builds the real account system for tests: a SQLite file in a temp dir, the real app, a clock
// the test moves, and helpers that sign like wallets and Telegram do. Used only by *.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { scriptToAddress } from "../../stratum/bitcoin/address.ts";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase, type Db } from "../db/client.ts";
import { createApp, type App } from "../http/app.ts";
import { silentLogger, type Logger } from "../log.ts";
import { createAccounts, type Accounts } from "./accounts.ts";
import { keyScripts, signBip322P2wpkh, signLegacy, toBase64 } from "./crypto/testkit.ts";
import { accountsFeature } from "../http/features/accounts.ts";

export const BOT_TOKEN = "123456789:TEST-bot-token-for-initdata";
export const FAST_COST = { memoryCost: 4096, timeCost: 1 };

export interface Harness {
  dir: string;
  db: Db;
  config: Config;
  accounts: Accounts;
  app: App;
  clock: { t: number };
  call(method: string, path: string, opts?: { body?: unknown; token?: string; apiKey?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): void;
}

export async function createHarness(env: Record<string, string> = {}, opts: { log?: Logger; keepDir?: string } = {}): Promise<Harness> {
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), "tbg-auth-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, TBG_TELEGRAM_BOT_TOKEN: BOT_TOKEN, ...env });
  if (!r.ok) throw new Error(r.errors.join("; "));
  const config = r.config;
  const db = openDatabase(config.databasePath);
  const clock = { t: Date.UTC(2026, 2, 2, 12, 0, 0) };
  const now = () => clock.t;
  const log = opts.log ?? silentLogger;
  const accounts = await createAccounts({ db, log, config, now, passwordCost: FAST_COST });
  const pool = { status: () => ({ listening: false, port: 0, sessions: 0, workers: 0, node: { state: "connecting" as const, since: 0 }, blocksFound: 0 }) };
  const app = await createApp({ config, storage: { engine: "sqlite", ping: async () => db.ping() }, log, pool, version: "test", startedAt: now(), now }, [accountsFeature(accounts)]);
  return {
    dir,
    db,
    config,
    accounts,
    app,
    clock,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.body !== undefined) headers["content-type"] = "application/json";
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      if (o.apiKey) headers["x-api-key"] = o.apiKey;
      const res = await app.handle(new Request(`http://localhost${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) }));
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, body, headers: res.headers };
    },
    close() {
      accounts.stop();
      db.close();
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A wallet with a key the test chooses: its addresses and the signatures real wallets make. */
export function wallet(secret: Uint8Array) {
  const s = keyScripts(secret);
  return {
    p2pkh: scriptToAddress(s.p2pkh, "mainnet")!,
    p2wpkh: scriptToAddress(s.p2wpkh, "mainnet")!,
    p2shP2wpkh: scriptToAddress(s.p2shP2wpkh, "mainnet")!,
    /** Electrum/Ledger style: header 31-34 for any address type of the key. */
    signLegacy: (message: string) => toBase64(signLegacy(secret, new TextEncoder().encode(message), 31).sig),
    signBip322: (message: string) => toBase64(signBip322P2wpkh(secret, new TextEncoder().encode(message))),
  };
}

/** initData signed the way Telegram signs it for the bot token. */
export function signInitData(fields: Record<string, string>, botToken = BOT_TOKEN): string {
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(botToken).digest();
  const hash = createHmac("sha256", secret).update(check).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

export function telegramUser(id: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, first_name: "Ana", username: `ana${id}`, language_code: "en", ...extra });
}
