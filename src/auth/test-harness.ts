// Builds the real account system for tests: storage on the engine of this test run (a SQLite file
// in the temp data dir, or with TBG_TEST_DATABASE=postgres a fresh PostgreSQL database: see
// test/storage.ts), the real app, a clock the test moves, and helpers that sign like wallets and
// Telegram do. Used only by *.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHmac } from "node:crypto";
import { scriptToAddress } from "../../stratum/bitcoin/address.ts";
import { TEST_ENGINE, testDatabaseTarget, testQuery } from "../../test/storage.ts";
import { loadConfig, type Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Repos } from "../db/repos.ts";
import { openStorage, type Storage } from "../db/storage.ts";
import { createApp, type App } from "../http/app.ts";
import { silentLogger, type Logger } from "../log.ts";
import { createAccounts, type Accounts } from "./accounts.ts";
import { keyScripts, signBip322P2wpkh, signLegacy, toBase64 } from "./crypto/testkit.ts";
import { accountsFeature } from "../http/features/accounts.ts";

export const BOT_TOKEN = "123456789:TEST-bot-token-for-initdata";
export const FAST_COST = { memoryCost: 4096, timeCost: 1 };

export interface Harness {
  dir: string;
  storage: Storage;
  /** The SQLite file or postgres:// URL of the storage: createHarness(…, { reopen }) opens it again. */
  target: string;
  repos: Repos;
  /**
   * The SQLite handle for what still takes one (createApp's health check, the mining service
   * until it takes the storage); on PostgreSQL only a stand-in that answers ping (appDb).
   */
  db: Db;
  config: Config;
  accounts: Accounts;
  app: App;
  clock: { t: number };
  call(method: string, path: string, opts?: { body?: unknown; token?: string; apiKey?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Raw SQL both engines speak, `?` placeholders, for rows no repository hands out (test/storage.ts testQuery). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * What createApp's deps still type as the SQLite handle (only its health check uses it) when the
 * test runs on PostgreSQL: an object that answers ping, with the database's URL as its path (so
 * openStorage(h.db.path) opens the same database). Goes once AppDeps takes the storage.
 */
export function appDb(storage: Storage, target: string): Db {
  if (storage.engine === "sqlite") return storage.sqlite;
  return { path: target, ping: () => true } as unknown as Db;
}

/**
 * Storage comes from test/storage.ts: the engine of this test run. `reopen`: the target of an
 * earlier harness (its `target`), to start again on the same data as a restarted process would;
 * with `keepDir` the data dir (signing keys) stays too.
 */
export async function createHarness(env: Record<string, string> = {}, opts: { log?: Logger; keepDir?: string; reopen?: string } = {}): Promise<Harness> {
  const dir = opts.keepDir ?? mkdtempSync(join(tmpdir(), "tbg-auth-"));
  const r = loadConfig({ TBG_DATA_DIR: dir, TBG_TELEGRAM_BOT_TOKEN: BOT_TOKEN, ...env });
  if (!r.ok) throw new Error(r.errors.join("; "));
  const config = r.config;
  // On SQLite the file lives in the data dir, as in a real install (keepDir keeps both).
  const target = opts.reopen ?? (TEST_ENGINE === "sqlite" ? config.databasePath : await testDatabaseTarget("auth"));
  // A small pool: many test files each keep a harness open on the one test server.
  const storage = await openStorage(target, { postgres: { max: 4 } });
  const clock = { t: Date.UTC(2026, 2, 2, 12, 0, 0) };
  const now = () => clock.t;
  const log = opts.log ?? silentLogger;
  const accounts = await createAccounts({ repos: storage.repos, log, config, now, passwordCost: FAST_COST });
  const pool = { status: () => ({ listening: false, port: 0, sessions: 0, workers: 0, node: { state: "connecting" as const, since: 0 }, blocksFound: 0 }) };
  const db = appDb(storage, target);
  const app = await createApp({ config, storage, log, pool, version: "test", startedAt: now(), now }, [accountsFeature(accounts)]);
  let closed = false;
  return {
    dir,
    storage,
    target,
    repos: storage.repos,
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
    query: (sql, params) => testQuery(storage, sql, params),
    async close() {
      if (closed) return;
      closed = true;
      accounts.stop();
      await storage.close();
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
