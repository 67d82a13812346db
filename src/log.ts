// One logger for the process: a line per event, level-filtered, to stderr so stdout stays
// free for command output (`tbg mine`, `tbg verify-message`). Text for people, or one JSON
// object per line (TBG_LOG_FORMAT=json) for log shippers. Callers never pass secrets; fields
// whose name says secret (password, token, cookie…) are still written as "[redacted]", as a
// second line of defence.
import type { LogLevel } from "./config.ts";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

/** One written log line as data (what the admin Logs page shows). */
export interface LogEntry {
  time: number;
  level: LogLevel;
  component: string | null;
  msg: string;
  /** The fields as written in text form (` key=value …`), already redacted. */
  fields: string;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Field names whose values are never written. */
const SECRET_FIELD = /pass(word)?|token|secret|cookie|authorization|api[_-]?key|init_?data|signature/i;
export const REDACTED = "[redacted]";

export interface LoggerOptions {
  level: LogLevel;
  format?: "text" | "json";
  write?: (line: string) => void;
  component?: string;
  /** Gets every written line (the admin Logs page's ring). */
  tap?: (entry: LogEntry) => void;
}

export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const min = RANK[opts.level];
  const json = opts.format === "json";
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    const time = Date.now();
    const safe = fields ? redact(fields) : undefined;
    let text = "";
    if (safe) for (const [k, v] of Object.entries(safe)) text += ` ${k}=${formatValue(v)}`;
    if (json) {
      const o: Record<string, unknown> = { time: new Date(time).toISOString(), level, ...(opts.component ? { component: opts.component } : {}), msg };
      if (safe) for (const [k, v] of Object.entries(safe)) if (!(k in o)) o[k] = v instanceof Error ? v.message : v;
      write(JSON.stringify(o));
    } else write(`${new Date(time).toISOString()} ${level.toUpperCase().padEnd(5)} ${opts.component ? `[${opts.component}] ` : ""}${msg}${text}`);
    opts.tap?.({ time, level, component: opts.component ?? null, msg, fields: text });
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (component) => createLogger({ ...opts, write, component: opts.component ? `${opts.component}.${component}` : component }),
  };
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELD.test(k) && !/(file|path)$/i.test(k) && v !== undefined && v !== null && v !== false ? REDACTED : v;
  return out;
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  if (typeof v === "string") return /^[\w.:/@-]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** The last lines written, for the admin Logs page: a fixed-size ring (oldest dropped). */
export class LogRing {
  private buf: LogEntry[] = [];
  private next = 0;
  constructor(readonly capacity = 1000) {}
  push = (e: LogEntry): void => {
    if (this.buf.length < this.capacity) this.buf.push(e);
    else this.buf[this.next] = e;
    this.next = (this.next + 1) % this.capacity;
  };
  /** Oldest first. */
  lines(): LogEntry[] {
    return this.buf.length < this.capacity ? [...this.buf] : [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }
}

/**
 * `log` that also hands every line at or above `level` to `tap` (a server started with a
 * logger made elsewhere still fills its Logs page). Fields are redacted the same way.
 */
export function teeLogger(log: Logger, tap: (e: LogEntry) => void, level: LogLevel = "info", component: string | null = null): Logger {
  const min = RANK[level];
  const at = (lv: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    log[lv](msg, fields);
    if (RANK[lv] < min) return;
    let text = "";
    if (fields) for (const [k, v] of Object.entries(redact(fields))) text += ` ${k}=${formatValue(v)}`;
    tap({ time: Date.now(), level: lv, component, msg, fields: text });
  };
  return {
    debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"),
    child: (c) => teeLogger(log.child(c), tap, level, component ? `${component}.${c}` : c),
  };
}

/** A logger that drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
