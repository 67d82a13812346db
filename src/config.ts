// The only reader of process.env. Every TBG_ variable is declared once here with its type,
// default and help text; start-up validates all of them and stops with one line per problem.
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseProxyEntry } from "./core/ip.ts";

export const NETWORKS = ["mainnet", "testnet", "testnet4", "signet", "regtest"] as const;
export type Network = (typeof NETWORKS)[number];
const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;
type Parsed<T> = { ok: true; value: T } | { ok: false; allowed: string };

interface Spec<T, D extends string | undefined = string | undefined> {
  help: string;
  /** Shown by --help; `undefined` means "unset". */
  def: D;
  parse(raw: string): Parsed<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (allowed: string): Parsed<never> => ({ ok: false, allowed });

const port = (help: string, def: number): Spec<number, string> => ({
  help,
  def: String(def),
  parse: (raw) => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= 0 && n <= 65535 ? ok(n) : bad("an integer port 0-65535");
  },
});
const str = (help: string, def: string): Spec<string, string> => ({ help, def, parse: (raw) => ok(raw) });
const opt = (help: string): Spec<string, undefined> => ({ help, def: undefined, parse: (raw) => ok(raw) });
const oneOf = <T extends string>(help: string, values: readonly T[], def: T): Spec<T, string> => ({
  help,
  def,
  parse: (raw) => ((values as readonly string[]).includes(raw) ? ok(raw as T) : bad(`one of ${values.join(", ")}`)),
});
const num = (help: string, def: number, min: number, max: number): Spec<number, string> => ({
  help,
  def: String(def),
  parse: (raw) => {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) && n >= min && n <= max ? ok(n) : bad(`a number from ${min} to ${max}`);
  },
});
const int = (help: string, def: number, min: number, max: number): Spec<number, string> => ({
  help,
  def: String(def),
  parse: (raw) => {
    const n = Number(raw);
    return /^-?\d+$/.test(raw) && n >= min && n <= max ? ok(n) : bad(`an integer from ${min} to ${max}`);
  },
});
const bool = (help: string, def: boolean): Spec<boolean, string> => ({
  help,
  def: String(def),
  parse: (raw) => {
    const v = raw.toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return ok(true);
    if (["0", "false", "no", "off"].includes(v)) return ok(false);
    return bad("true or false");
  },
});
const optInt = (help: string, min: number, max: number): Spec<number, undefined> => ({ ...int(help, 0, min, max), def: undefined });
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Durations are written `90s`, `15m`, `24h`, `7d` (or plain seconds); the value is milliseconds. */
const duration = (help: string, def: string): Spec<number, string> => ({
  help,
  def,
  parse: (raw) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
    if (!m) return bad("a duration such as 90s, 15m, 24h or 7d");
    return ok(Math.round(Number(m[1]) * DURATION_UNITS[m[2] ?? "s"]!));
  },
});
const hex32 = (help: string, def: string): Spec<number, string> => ({
  help,
  def,
  parse: (raw) => (/^[0-9a-fA-F]{1,8}$/.test(raw) ? ok(parseInt(raw, 16) >>> 0) : bad("a hex mask of up to 8 digits, e.g. 1fffe000")),
});
const url = (help: string): Spec<string, undefined> => ({
  help,
  def: undefined,
  parse: (raw) => {
    try {
      const u = new URL(raw);
      return u.protocol === "http:" || u.protocol === "https:" ? ok(raw.replace(/\/+$/, "")) : bad("an http:// or https:// URL");
    } catch {
      return bad("an http:// or https:// URL");
    }
  },
});
const list = (help: string): Spec<string[], undefined> => ({
  help,
  def: undefined,
  parse: (raw) => ok(raw.split(",").map((s) => s.trim()).filter(Boolean)),
});
const proxies = (help: string): Spec<string[], undefined> => ({
  help,
  def: undefined,
  parse: (raw) => {
    const entries = raw.split(",").map((s) => s.trim()).filter(Boolean);
    for (const e of entries) {
      const p = parseProxyEntry(e);
      if (typeof p === "string") return bad(`IP addresses or CIDR ranges, comma-separated (${p})`);
    }
    return ok(entries);
  },
});
const hosts = (help: string): Spec<string[], undefined> => ({
  help,
  def: undefined,
  parse: (raw) => {
    const entries = raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const bad1 = entries.find((e) => !/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(e));
    return bad1 === undefined ? ok(entries) : bad(`host names or host:port, comma-separated ("${bad1}" is not one)`);
  },
});
const email = (help: string): Spec<string, undefined> => ({
  help,
  def: undefined,
  parse: (raw) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? ok(raw.toLowerCase()) : bad("an email address")),
});

/** Declaration order is the order of `tbg --help` and of the README table. */
export const SPEC = {
  TBG_DATA_DIR: str("Directory for the SQLite database, keys and other state", "./data"),
  TBG_DATABASE_URL: opt(
    "Database: empty for SQLite in the data dir, sqlite:/path/file.db, or postgres://user:password@host:5432/dbname for PostgreSQL",
  ),
  TBG_LOG_LEVEL: oneOf("Log verbosity", LOG_LEVELS, "info"),
  TBG_LOG_FORMAT: oneOf("Log line format: text for people, json (one object per line) for log shippers", ["text", "json"] as const, "text"),
  TBG_HTTP_HOST: str("Address the web server binds to", "0.0.0.0"),
  TBG_HTTP_PORT: port("Web server port (pages, API, /docs)", 8080),
  TBG_PUBLIC_URL: url("Public base URL of the web app, used in links and emails (default: see TBG_ALLOWED_HOSTS)"),
  TBG_ALLOWED_HOSTS: hosts("Host names (host or host:port, comma-separated) mail links may use from the request's Host header when TBG_PUBLIC_URL is unset; other Hosts get links to the listen address"),
  TBG_STRATUM_HOST: str("Address the stratum server binds to", "0.0.0.0"),
  TBG_STRATUM_PORT: port("Stratum port miners connect to", 3333),
  TBG_STRATUM_TLS_PORT: optInt("Also serve stratum over TLS (stratum+ssl) on this port; needs TBG_STRATUM_TLS_CERT and TBG_STRATUM_TLS_KEY", 0, 65535),
  TBG_STRATUM_TLS_CERT: opt("PEM certificate (chain) file for stratum over TLS"),
  TBG_STRATUM_TLS_KEY: opt("PEM private key file for stratum over TLS"),
  TBG_STRATUM_PUBLIC_HOST: opt("Host name miners should use in their stratum URL (default: from the request)"),
  TBG_NETWORK: oneOf("Bitcoin network the node runs", NETWORKS, "mainnet"),
  TBG_BITCOIN_RPC_URL: url("Bitcoin node RPC URL (default: 127.0.0.1 with the network's RPC port)"),
  TBG_BITCOIN_RPC_USER: opt("Bitcoin node RPC user (or use the cookie file)"),
  TBG_BITCOIN_RPC_PASSWORD: opt("Bitcoin node RPC password"),
  TBG_BITCOIN_RPC_COOKIE: opt("Path of the node's .cookie file (default: ~/.bitcoin/<network dir>/.cookie)"),
  TBG_COINBASE_TAG: str("Text written into every coinbase this pool builds", "/TheBitcoinGame/"),
  TBG_POOL_FEE_PERCENT: num("Operator fee taken from a found block, percent", 0, 0, 50),
  TBG_POOL_FEE_ADDRESS: opt("Address paid the operator fee (required when the fee is above 0)"),
  TBG_VERSION_MASK: hex32("Version-rolling mask offered to miners (BIP 310)", "1fffe000"),
  TBG_START_DIFF: num("Share difficulty a new miner starts at", 1000, 1e-8, 1e15),
  TBG_MIN_DIFF: num("Lowest share difficulty vardiff may set", 0.0001, 1e-8, 1e15),
  TBG_MAX_DIFF: num("Highest share difficulty vardiff may set", 1e12, 1e-8, 1e18),
  TBG_SHARES_PER_MIN: num("Vardiff aim: shares per minute per worker", 6, 0.1, 600),
  TBG_MAX_CONN_PER_IP: int("Stratum connections allowed from one IP address", 256, 1, 100_000),
  TBG_MAX_CONNECTIONS: optInt(
    "Stratum connections open at once, all IPs together (default: 3/4 of the process's open-file limit, at most 100000, leaving the rest for the web server and database)",
    1,
    1_000_000,
  ),
  TBG_STRATUM_IDLE_TIMEOUT: duration("Close a stratum connection that sends no complete line for this long", "10m"),
  TBG_STRATUM_SUBSCRIBE_TIMEOUT: duration("Close a stratum connection that has not sent mining.subscribe this long after connecting", "10s"),
  TBG_SHARE_RETENTION: duration("How long raw share rows are kept (rollups are kept)", "24h"),
  TBG_CORS_ORIGINS: list("Comma-separated origins allowed to call the API from a browser"),
  TBG_TRUSTED_PROXIES: proxies("Reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For names the client"),
  TBG_JWT_ISSUER: str("Issuer claim of access tokens", "thebitcoingame"),
  TBG_JWT_AUDIENCE: str("Audience claim of access tokens", "thebitcoingame-api"),
  TBG_TELEGRAM_BOT_TOKEN: opt("Telegram bot token; the bot and Mini App sign-in are off until set"),
  TBG_TELEGRAM_API_ROOT: url("Bot API server the bot talks to (a self-hosted telegram-bot-api); default Telegram's own"),
  TBG_TELEGRAM_BOT_ID: int("Without a bot token: accept Mini App sign-ins by Telegram's Ed25519 signature for this bot id", 0, 0, Number.MAX_SAFE_INTEGER),
  TBG_TELEGRAM_AUTH_MAX_AGE: duration("Oldest Telegram initData accepted", "24h"),
  TBG_SMTP_HOST: opt("SMTP server for mail; unset: links are written to the log"),
  TBG_SMTP_PORT: port("SMTP port", 587),
  TBG_SMTP_USER: opt("SMTP user"),
  TBG_SMTP_PASSWORD: opt("SMTP password"),
  TBG_SMTP_SECURE: bool("Use TLS from the first byte (port 465); otherwise STARTTLS when offered", false),
  TBG_SMTP_FROM: str("Sender address of mail", "The Bitcoin Game <noreply@localhost>"),
  TBG_ADMIN_EMAIL: email("Create this admin account on first start (with TBG_ADMIN_PASSWORD)"),
  TBG_ADMIN_PASSWORD: opt("Password of the first admin account"),
  TBG_METRICS_TOKEN: opt("Bearer token /metrics requires (unset: /metrics is open, like /health)"),
  TBG_SHUTDOWN_TIMEOUT: duration("Longest a graceful shutdown may take", "5s"),
} as const;

type Vars = {
  -readonly [K in keyof typeof SPEC]: (typeof SPEC)[K] extends Spec<infer T, infer D> ? (D extends string ? T : T | undefined) : never;
};

/** Where data lives: a SQLite file (the default), or a PostgreSQL database. */
export type DatabaseConfig =
  | { engine: "sqlite"; path: string }
  /** `where`: host:port/database, for logs and errors (the URL may carry a password). */
  | { engine: "postgres"; url: string; where: string };

export interface Config {
  dataDir: string;
  /** The SQLite file (TBG_DATABASE_URL empty or sqlite:…); unused when `database` is PostgreSQL. */
  databasePath: string;
  database: DatabaseConfig;
  logLevel: LogLevel;
  logFormat: "text" | "json";
  /** /metrics asks for `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  http: { host: string; port: number; publicUrl?: string; allowedHosts: string[]; corsOrigins: string[]; trustedProxies: string[] };
  stratum: {
    host: string;
    port: number;
    publicHost?: string;
    coinbaseTag: string;
    feePercent: number;
    feeAddress?: string;
    versionMask: number;
    startDiff: number;
    minDiff: number;
    maxDiff: number;
    sharesPerMin: number;
    maxConnectionsPerIp: number;
    maxConnections: number;
    idleTimeoutMs: number;
    subscribeTimeoutMs: number;
    /** Stratum over TLS beside the plain port (TBG_STRATUM_TLS_*). */
    tls?: { port: number; certFile: string; keyFile: string };
  };
  network: Network;
  node: { url: string; user?: string; password?: string; cookieFile?: string };
  shareRetentionMs: number;
  jwt: { issuer: string; audience: string };
  /** botId: the bot's numeric id (from the token when one is set); 0 = unknown. */
  telegram: { botToken?: string; botId: number; authMaxAgeMs: number; apiRoot?: string };
  smtp?: { host: string; port: number; user?: string; password?: string; secure: boolean; from: string };
  mailFrom: string;
  admin?: { email: string; password: string };
  shutdownTimeoutMs: number;
}

/** `warnings`: one line per TBG_ variable that is set but not a setting (a typo, most likely). */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

/** Default RPC ports of Bitcoin Core per network. */
export const RPC_PORT: Record<Network, number> = { mainnet: 8332, testnet: 18332, testnet4: 48332, signet: 38332, regtest: 18443 };
/** Sub-directory of the node's datadir that holds the cookie. */
const NODE_DIR: Record<Network, string> = { mainnet: "", testnet: "testnet3", testnet4: "testnet4", signet: "signet", regtest: "regtest" };

/** The process environment as it is, to start this program again under it (src/allocator.ts). */
export function processEnvironment(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}

export function loadConfig(env: Env = process.env): ConfigResult {
  const warnings = unknownVariables(env);
  const r = readConfig(env);
  return { ...r, warnings };
}

/**
 * TBG_ variables the project's scripts and tests read (scripts/bitcoind.sh, scripts/build.ts,
 * the browser tests): set in a shell that also starts tbg, they are not typos.
 */
const TOOL_VARIABLES = new Set(["TBG_BITCOIND_CACHE", "TBG_DEBIAN_MIRROR", "TBG_BUILD_TARGET", "TBG_CHROMIUM"]);

/** One line per TBG_ variable that is set but unknown, with the nearest real name when one is close. */
export function unknownVariables(env: Env): string[] {
  const names = Object.keys(SPEC);
  return Object.keys(env)
    .filter((k) => k.startsWith("TBG_") && !(k in SPEC) && !TOOL_VARIABLES.has(k))
    .sort()
    .map((k) => {
      let best = "";
      let bestDistance = Infinity;
      for (const n of names) {
        const d = editDistance(k, n);
        if (d < bestDistance) [best, bestDistance] = [n, d];
      }
      const close = bestDistance <= Math.max(2, Math.floor(k.length / 4));
      return `${k} is not a setting tbg knows and is ignored${close ? `: did you mean ${best}?` : " (tbg --help lists them)"}`;
    });
}

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function readConfig(env: Env): { ok: true; config: Config } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const v = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(SPEC) as [string, Spec<unknown>][]) {
    const raw = env[name];
    const given = raw !== undefined && raw !== "";
    const source = given ? raw : spec.def;
    if (source === undefined) continue;
    const r = spec.parse(source);
    if (r.ok) v[name] = r.value;
    else errors.push(`${name}=${JSON.stringify(name === "TBG_DATABASE_URL" ? redactUrl(raw ?? "") : raw)} is invalid: expected ${r.allowed}`);
  }
  const vars = v as Vars;
  if (errors.length) return { ok: false, errors };

  if (vars.TBG_MIN_DIFF > vars.TBG_MAX_DIFF) errors.push(`TBG_MIN_DIFF=${vars.TBG_MIN_DIFF} is invalid: expected at most TBG_MAX_DIFF (${vars.TBG_MAX_DIFF})`);
  if (vars.TBG_POOL_FEE_PERCENT > 0 && !vars.TBG_POOL_FEE_ADDRESS)
    errors.push("TBG_POOL_FEE_ADDRESS is missing: expected an address when TBG_POOL_FEE_PERCENT is above 0");
  if (Boolean(vars.TBG_ADMIN_EMAIL) !== Boolean(vars.TBG_ADMIN_PASSWORD))
    errors.push("TBG_ADMIN_EMAIL and TBG_ADMIN_PASSWORD are invalid: expected both set or both unset");
  if (vars.TBG_STRATUM_TLS_PORT !== undefined && (!vars.TBG_STRATUM_TLS_CERT || !vars.TBG_STRATUM_TLS_KEY))
    errors.push("TBG_STRATUM_TLS_CERT and TBG_STRATUM_TLS_KEY are missing: expected both files when TBG_STRATUM_TLS_PORT is set");
  for (const name of ["TBG_STRATUM_TLS_CERT", "TBG_STRATUM_TLS_KEY"] as const) {
    const file = vars[name];
    if (vars.TBG_STRATUM_TLS_PORT !== undefined && file) {
      try {
        accessSync(file, constants.R_OK);
      } catch {
        errors.push(`${name}=${JSON.stringify(file)} is invalid: expected a readable PEM file`);
      }
    }
  }
  if (vars.TBG_BITCOIN_RPC_USER && !vars.TBG_BITCOIN_RPC_PASSWORD)
    errors.push("TBG_BITCOIN_RPC_PASSWORD is missing: expected a password when TBG_BITCOIN_RPC_USER is set");

  const dataDir = resolve(vars.TBG_DATA_DIR);
  const dirProblem = ensureWritableDir(dataDir);
  if (dirProblem) errors.push(`TBG_DATA_DIR=${JSON.stringify(vars.TBG_DATA_DIR)} is invalid: expected a writable directory (${dirProblem})`);

  let databasePath = resolve(dataDir, "tbg.sqlite");
  let database: DatabaseConfig = { engine: "sqlite", path: databasePath };
  if (vars.TBG_DATABASE_URL) {
    const raw = vars.TBG_DATABASE_URL;
    const m = /^sqlite:(.+)$/.exec(raw);
    if (m) database = { engine: "sqlite", path: (databasePath = resolve(m[1]!)) };
    else if (/^postgres(ql)?:/i.test(raw)) {
      const pg = parsePostgresUrl(raw);
      if (typeof pg === "string") errors.push(`TBG_DATABASE_URL=${JSON.stringify(redactUrl(raw))} is invalid: ${pg}`);
      else database = pg;
    } else
      errors.push(
        `TBG_DATABASE_URL=${JSON.stringify(redactUrl(raw))} is invalid: expected empty, sqlite:/path/to/file.db or postgres://user:password@host:5432/dbname`,
      );
  }
  if (errors.length) return { ok: false, errors };

  const network = vars.TBG_NETWORK;
  const home = env.HOME ?? "/root";
  const cookieFile =
    vars.TBG_BITCOIN_RPC_COOKIE ?? (vars.TBG_BITCOIN_RPC_USER ? undefined : resolve(home, ".bitcoin", NODE_DIR[network], ".cookie"));
  return {
    ok: true,
    config: {
      dataDir,
      databasePath,
      database,
      logLevel: vars.TBG_LOG_LEVEL,
      logFormat: vars.TBG_LOG_FORMAT,
      metricsToken: vars.TBG_METRICS_TOKEN,
      http: { host: vars.TBG_HTTP_HOST, port: vars.TBG_HTTP_PORT, publicUrl: vars.TBG_PUBLIC_URL, allowedHosts: vars.TBG_ALLOWED_HOSTS ?? [], corsOrigins: vars.TBG_CORS_ORIGINS ?? [], trustedProxies: vars.TBG_TRUSTED_PROXIES ?? [] },
      stratum: {
        host: vars.TBG_STRATUM_HOST,
        port: vars.TBG_STRATUM_PORT,
        publicHost: vars.TBG_STRATUM_PUBLIC_HOST,
        coinbaseTag: vars.TBG_COINBASE_TAG,
        feePercent: vars.TBG_POOL_FEE_PERCENT,
        feeAddress: vars.TBG_POOL_FEE_ADDRESS,
        versionMask: vars.TBG_VERSION_MASK,
        startDiff: vars.TBG_START_DIFF,
        minDiff: vars.TBG_MIN_DIFF,
        maxDiff: vars.TBG_MAX_DIFF,
        sharesPerMin: vars.TBG_SHARES_PER_MIN,
        maxConnectionsPerIp: vars.TBG_MAX_CONN_PER_IP,
        maxConnections: vars.TBG_MAX_CONNECTIONS ?? defaultMaxConnections(openFileLimit()),
        idleTimeoutMs: vars.TBG_STRATUM_IDLE_TIMEOUT,
        subscribeTimeoutMs: vars.TBG_STRATUM_SUBSCRIBE_TIMEOUT,
        tls:
          vars.TBG_STRATUM_TLS_PORT !== undefined && vars.TBG_STRATUM_TLS_CERT && vars.TBG_STRATUM_TLS_KEY
            ? { port: vars.TBG_STRATUM_TLS_PORT, certFile: resolve(vars.TBG_STRATUM_TLS_CERT), keyFile: resolve(vars.TBG_STRATUM_TLS_KEY) }
            : undefined,
      },
      network,
      node: {
        url: vars.TBG_BITCOIN_RPC_URL ?? `http://127.0.0.1:${RPC_PORT[network]}`,
        user: vars.TBG_BITCOIN_RPC_USER,
        password: vars.TBG_BITCOIN_RPC_PASSWORD,
        cookieFile,
      },
      shareRetentionMs: vars.TBG_SHARE_RETENTION,
      jwt: { issuer: vars.TBG_JWT_ISSUER, audience: vars.TBG_JWT_AUDIENCE },
      telegram: {
        botToken: vars.TBG_TELEGRAM_BOT_TOKEN,
        // A bot token starts with the bot's id ("123456789:AA…").
        botId: vars.TBG_TELEGRAM_BOT_ID || Number(/^(\d+):/.exec(vars.TBG_TELEGRAM_BOT_TOKEN ?? "")?.[1] ?? 0),
        authMaxAgeMs: vars.TBG_TELEGRAM_AUTH_MAX_AGE,
        apiRoot: vars.TBG_TELEGRAM_API_ROOT,
      },
      smtp: vars.TBG_SMTP_HOST
        ? {
            host: vars.TBG_SMTP_HOST,
            port: vars.TBG_SMTP_PORT,
            user: vars.TBG_SMTP_USER,
            password: vars.TBG_SMTP_PASSWORD,
            secure: vars.TBG_SMTP_SECURE,
            from: vars.TBG_SMTP_FROM,
          }
        : undefined,
      mailFrom: vars.TBG_SMTP_FROM,
      admin: vars.TBG_ADMIN_EMAIL && vars.TBG_ADMIN_PASSWORD ? { email: vars.TBG_ADMIN_EMAIL, password: vars.TBG_ADMIN_PASSWORD } : undefined,
      shutdownTimeoutMs: vars.TBG_SHUTDOWN_TIMEOUT,
    },
  };
}

/** A postgres:// URL as Bun's client takes it, or why it is not one (never echoing the password). */
function parsePostgresUrl(raw: string): DatabaseConfig | string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "expected postgres://user:password@host:5432/dbname (the URL does not parse; percent-encode special characters in the password)";
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") return "expected a postgres:// or postgresql:// URL";
  if (!u.hostname) return "expected a host: postgres://user:password@host:5432/dbname";
  const db = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!db || db.includes("/")) return "expected a database name after the host: postgres://user:password@host:5432/dbname";
  return { engine: "postgres", url: raw, where: `${u.hostname}${u.port ? `:${u.port}` : ""}/${db}` };
}

/** The URL with its password replaced by ***, for error messages. */
function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = "***";
    return u.password || raw.includes("@") ? u.toString() : raw;
  } catch {
    // Unparseable: cut whatever sits between "://user:" and "@".
    return raw.replace(/(:\/\/[^:/@]*:)[^@]*@/, "$1***@");
  }
}

/** Used when the open-file limit cannot be read (not Linux). */
const FALLBACK_MAX_CONNECTIONS = 10_000;

/**
 * The stratum cap when TBG_MAX_CONNECTIONS is unset: 3/4 of the open-file limit, so a flood of
 * idle sockets still leaves a quarter (at least 64) for HTTP, SQLite, the node RPC and logs.
 * With the common 1,024 limit that is 768 miners; 100,000 at most.
 */
export function defaultMaxConnections(fdLimit: number | null): number {
  if (fdLimit === null) return FALLBACK_MAX_CONNECTIONS;
  const reserve = Math.max(64, Math.ceil(fdLimit / 4));
  return Math.max(16, Math.min(100_000, fdLimit - reserve));
}

/** The soft open-file limit of this process (Linux: /proc/self/limits), null when unknown. */
export function openFileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (m === null) return null;
    return m[1] === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return null;
  }
}

/** Creates the directory when missing; returns why it is unusable, or null. */
function ensureWritableDir(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? "not writable";
  }
}

/** Text of `tbg --help`'s variable list (also the source of the README table). */
export function configHelp(): string {
  const names = Object.keys(SPEC);
  const width = Math.max(...names.map((n) => n.length));
  return Object.entries(SPEC)
    .map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.help}${spec.def !== undefined ? ` (default: ${spec.def})` : ""}`)
    .join("\n");
}

/** The README's configuration table (src/config.test.ts checks the README carries it). */
export function configMarkdown(): string {
  const rows = Object.entries(SPEC).map(([name, spec]) => `| \`${name}\` | ${spec.def !== undefined ? `\`${spec.def}\`` : "—"} | ${spec.help} |`);
  return ["| Variable | Default | What it sets |", "|---|---|---|", ...rows].join("\n");
}
