// `tbg mine --url stratum+tcp://HOST:PORT --user ADDRESS[.worker] [--password x] [--threads N] [--shares N] [--once]`
import { readFileSync } from "node:fs";
import { runMiner } from "./miner.ts";

const USAGE = "usage: tbg mine --url stratum+tcp://HOST:PORT --user ADDRESS[.worker] [--password x] [--threads N] [--shares N] [--once] [--ca CERT.pem]";

interface Io {
  out(line: string): void;
  err(line: string): void;
}

const stdio: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/**
 * Parses flags, mines until Ctrl-C (or --shares accepted shares), prints each share. A lost
 * connection is retried (1 s doubling to 30 s, a line per attempt); --once ends the run instead.
 * Exit code.
 */
export async function mineCommand(argv: string[], io: Io = stdio, signal?: AbortSignal): Promise<number> {
  const flags = new Map<string, string>();
  let once = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--once") {
      once = true;
      continue;
    }
    const eq = a.indexOf("=");
    const [name, inline] = a.startsWith("--") && eq !== -1 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (!["--url", "--user", "--password", "--threads", "--shares", "--ca"].includes(name)) {
      io.err(`tbg mine: unknown argument ${JSON.stringify(a)}\n${USAGE}`);
      return 2;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      io.err(`tbg mine: ${name} needs a value\n${USAGE}`);
      return 2;
    }
    flags.set(name, value);
  }
  const url = flags.get("--url");
  const user = flags.get("--user");
  if (url === undefined || user === undefined) {
    io.err(`tbg mine: --url and --user are required\n${USAGE}`);
    return 2;
  }
  const num = (name: string): number | undefined | null => {
    const v = flags.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const threads = num("--threads");
  const shares = num("--shares");
  if (threads === null || shares === null) {
    io.err(`tbg mine: --threads and --shares take a positive whole number\n${USAGE}`);
    return 2;
  }
  let tlsCa: string | undefined;
  if (flags.has("--ca")) {
    try {
      tlsCa = readFileSync(flags.get("--ca")!, "utf8");
    } catch (err) {
      io.err(`tbg mine: cannot read --ca ${flags.get("--ca")}: ${(err as Error).message}`);
      return 2;
    }
  }
  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort();
  process.once("SIGINT", onSigint);
  signal?.addEventListener("abort", () => ctrl.abort(), { once: true });
  io.out(`mining on ${url} as ${user}`);
  const res = await runMiner({
    url,
    user,
    ...(flags.has("--password") ? { password: flags.get("--password")! } : {}),
    // stratum+ssl with a pool's own (self-signed) certificate: the PEM file to trust.
    ...(tlsCa !== undefined ? { tlsCa } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(shares !== undefined ? { maxShares: shares } : {}),
    signal: ctrl.signal,
    reconnect: !once,
    onLog: io.out,
    onShare(s) {
      const d = s.difficulty.toPrecision(4);
      if (s.block) io.out(`BLOCK candidate submitted: job ${s.jobId} difficulty ${d} — ${s.accepted ? "share accepted" : "share rejected"}`);
      if (s.accepted) io.out(`share accepted: job ${s.jobId} difficulty ${d} (pool target ${s.target})`);
      else io.out(`share rejected: job ${s.jobId} difficulty ${d}: ${s.error ? `${s.error[0]} ${s.error[1]}` : "no reason given"}`);
    },
  });
  process.off("SIGINT", onSigint);
  io.out(`stopped (${res.reason}): ${res.accepted} accepted, ${res.rejected} rejected, ${res.blocks} block candidates`);
  const clean = res.reason === "max shares" || res.reason === "aborted";
  return clean ? 0 : 1;
}
