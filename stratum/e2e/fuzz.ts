// Stratum fuzzing over real TCP: lines built from the recorded miner dialects
// (stratum/e2e/dialects.test.ts), mutated at the byte, JSON and protocol level, sent by several
// connections at once while an honest miner keeps mining beside them. Used by the test (fixed
// seed, 100k lines) and by `bun run bench:fuzz SEED LINES` for long runs.
import type { Socket } from "bun";
import type { Logger } from "../net/connection.ts";
import { findShare, notifyOf, REGTEST_ADDRESS as ADDR, startTestPool, type TestShare } from "./harness.ts";
import { connectLines, type LineClient } from "./line-client.ts";

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same run of lines. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What real miners sent in the recorded sessions (jobs "1"/"2"; en2/ntime/nonce as sent). */
const SEEDS = [
  `{"id": 1, "method": "mining.configure", "params": [["version-rolling"], {"version-rolling.mask": "1fffe000", "version-rolling.min-bit-count": 16}]}`,
  `{"id":1,"method":"mining.configure","params":[["version-rolling"],{"version-rolling.mask":"ffffffff","version-rolling.min-bit-count":2}]}`,
  `{"id":12,"method":"mining.configure","params":[["minimum-difficulty","version-rolling"],{"version-rolling.mask":"00ffff00"}]}`,
  `{"id": 2, "method": "mining.subscribe", "params": ["bitaxe/BM1366/v2.4.2"]}`,
  `{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1","a0000001"]}`,
  `{"id": 1, "method": "mining.subscribe", "params": ["NerdMinerV2/1.6.3"]}`,
  `{"id":"c","method":"mining.subscribe","params":[]}`,
  `{"id": 3, "method": "mining.authorize", "params": ["${ADDR}.bitaxe", "x"]}`,
  `{"id":3,"method":"mining.authorize","params":["${ADDR}.s9","d=0.0001"]}`,
  `{"id":"a","method":"mining.authorize","params":["1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2","x"]}`,
  `{"id":"b","method":"mining.authorize","params":["${ADDR}","x"]}`,
  `{"id": 4, "method": "mining.suggest_difficulty", "params": [1000]}`,
  `{"id": 4, "method": "mining.suggest_difficulty", "params": [0.00015]}`,
  `{"id": 5, "method": "mining.submit", "params": ["${ADDR}.bitaxe", "1", "00000000000000ff", "6b01ff11", "0a1b2c3d", "00002000"]}`,
  `{"id":4,"method":"mining.submit","params":["${ADDR}.s9","1","0000000000000001","6b01ff11","1234abcd","00002000"]}`,
  `{"id":"s1","method":"mining.submit","params":["x","1","0000000000000000","6b01ff11","00000000"]}`,
  `{"id":9,"method":"mining.submit","params":["${ADDR}","ff","0000000000000000","6b01ff11","00000000"]}`,
  `{"id":11,"method":"mining.submit","params":["${ADDR}","2","0000000000000000","00000001","fff"]}`,
  `{"id":7,"method":"mining.get_transactions","params":["1"]}`,
  `{"id":8,"method":"mining.extranonce.subscribe","params":[]}`,
];

const METHODS = [
  "mining.submit", "mining.subscribe", "mining.authorize", "mining.configure", "mining.suggest_difficulty", "mining.extranonce.subscribe",
  "mining.get_transactions", "client.reconnect", "", "mining.", "MINING.SUBMIT", "__proto__", "constructor", "toString",
];

const ODD_VALUES: unknown[] = [
  null, true, false, 0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 0.00015, "", " ", "0", "ff", "ffffffff", "1fffe000", "x".repeat(300), "é😀\u0000\u2028",
  "__proto__", "constructor", "d=1e400", "d=-5", "d=0.0000000001", "d=NaN", [], [[]], {}, { "version-rolling.mask": 1 }, { __proto__: 1 }, "00".repeat(40),
  `${ADDR}.${"w".repeat(70)}`, `${ADDR}.`, `.${ADDR}`, `${ADDR}..x`, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
];

/** Builds lines: a seed line, then none to several mutations. May contain newlines (then it is several lines). */
export function fuzzLine(rand: () => number, jobIds: readonly string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (r < 0.02) return randomBytesLine(rand);
  let line = pick(SEEDS);
  if (r < 0.5) line = mutateJson(line, rand, pick, jobIds);
  // Most byte mutations break the JSON, which closes the connection: kept rare enough that a
  // connection lives for a few dozen lines and reaches the deeper states.
  const byteMutations = rand() < 0.06 ? 1 + Math.floor(rand() * 4) : 0;
  for (let i = 0; i < byteMutations; i++) line = mutateText(line, rand);
  return line;
}

function randomBytesLine(rand: () => number): string {
  const n = Math.floor(rand() * 200);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rand() < 0.9 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0x3000));
  return s;
}

function mutateText(line: string, rand: () => number): string {
  const at = Math.floor(rand() * (line.length + 1));
  switch (Math.floor(rand() * 7)) {
    case 0: // flip a character
      return line.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + line.slice(at + 1);
    case 1: // delete a run
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rand() * 10));
    case 2: // truncate
      return line.slice(0, at);
    case 3: // duplicate a run
      return line.slice(0, at) + line.slice(at, at + 20).repeat(1 + Math.floor(rand() * 5)) + line.slice(at);
    case 4: // structural characters
      return line.slice(0, at) + "{}[]\",:\\"[Math.floor(rand() * 9)]! + line.slice(at);
    case 5: // carriage return or a line break in the middle
      return line.slice(0, at) + (rand() < 0.5 ? "\r" : "\n") + line.slice(at);
    default: // non-ASCII
      return line.slice(0, at) + "é😀\u0000\ufffd"[Math.floor(rand() * 4)]! + line.slice(at);
  }
}

function mutateJson(line: string, rand: () => number, pick: <T>(xs: readonly T[]) => T, jobIds: readonly string[]): string {
  let msg: { id?: unknown; method?: unknown; params?: unknown };
  try {
    msg = JSON.parse(line) as typeof msg;
  } catch {
    return line;
  }
  const params = Array.isArray(msg.params) ? [...(msg.params as unknown[])] : [];
  const k = Math.floor(rand() * 9);
  if (k === 0) msg.method = pick(METHODS);
  else if (k === 1) msg.id = pick([null, 0, -1, 1.5, "x", "", [], {}, true, 2 ** 60, "é"]);
  else if (k === 2 && params.length > 0) params[Math.floor(rand() * params.length)] = pick(ODD_VALUES);
  else if (k === 3) params.length = Math.floor(rand() * (params.length + 1));
  else if (k === 4) for (let i = Math.floor(rand() * 4); i > 0; i--) params.push(pick(ODD_VALUES));
  else if (k === 5) msg.params = pick([null, {}, "x", 1, [[[[[[[[[[]]]]]]]]]]]);
  else if (k === 6 && jobIds.length > 0 && params.length > 1) params[1] = pick(jobIds); // a live job id: reaches the hashing
  else if (k === 7) {
    let deep: unknown = [];
    // Mostly within the line limit (parsed), sometimes past it (the line closes the connection).
    for (let i = Math.floor(rand() * (rand() < 0.2 ? 3000 : 1500)); i > 0; i--) deep = [deep];
    params.push(deep);
  } else delete msg.method;
  if (k !== 5) msg.params = params;
  return JSON.stringify(msg);
}

export interface FuzzOptions {
  seed: number;
  lines: number;
  /** Fuzzing connections at once. */
  connections?: number;
  /** Lines written between two sync points (a request whose answer shows the batch was read). */
  batch?: number;
  log?: Logger;
}

export interface FuzzResult {
  linesSent: number;
  /** Replies the fuzzing connections got (lines the pool read and answered). */
  repliesReceived: number;
  connectionsOpened: number;
  connectionsClosedByPool: number;
  honestRequests: number;
  honestAnswers: number;
  honestClosed: boolean;
  /** Handler exceptions the pool logged (each would have closed that connection). */
  handlerErrors: string[];
  /** Pool state afterwards: a fresh connection still subscribes. */
  freshSubscribeOk: boolean;
  /** Sessions the pool still held once every connection was gone (a leak when not 0). */
  sessionsLeft: number;
  ms: number;
}

interface FuzzConn {
  socket: Socket<{ closed: boolean; waiting: ((closed: boolean) => void) | null; buf: string }>;
}

async function openFuzz(port: number, onReplies: (n: number) => void): Promise<FuzzConn> {
  const socket = await Bun.connect<{ closed: boolean; waiting: ((closed: boolean) => void) | null; buf: string }>({
    hostname: "127.0.0.1",
    port,
    data: { closed: false, waiting: null, buf: "" },
    socket: {
      data(s, chunk) {
        const text = new TextDecoder().decode(chunk);
        onReplies(text.split(`"error":`).length - 1);
        // Only the sync reply matters; keep just the tail that may hold a split marker.
        s.data.buf = (s.data.buf + text).slice(-4096);
        if (s.data.waiting !== null && s.data.buf.includes(`"id":"fuzz-sync"`)) {
          s.data.buf = "";
          const w = s.data.waiting;
          s.data.waiting = null;
          w(false);
        }
      },
      close(s) {
        s.data.closed = true;
        s.data.waiting?.(true);
        s.data.waiting = null;
      },
      error(s) {
        s.data.closed = true;
        s.data.waiting?.(true);
        s.data.waiting = null;
      },
    },
  });
  return { socket };
}

/** Runs a fuzz session against a fresh test pool; never throws for what the pool does. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  const handlerErrors: string[] = [];
  const log: Logger = {
    debug() {},
    info() {},
    warn() {},
    error(msg, meta) {
      if (msg.includes("threw")) handlerErrors.push(`${msg} ${JSON.stringify(meta)}`);
      opts.log?.error(msg, meta);
    },
  };
  // A small line limit so oversized lines are common; low difficulty so mutated submits can pass.
  const { pool, port } = await startTestPool({ log, maxLineBytes: 4096, maxConnectionsPerIp: 10_000, minDiff: 0.00001, vardiffWindowMs: 3_600_000 });
  const rand = prng(opts.seed);
  const result: FuzzResult = {
    linesSent: 0, repliesReceived: 0, connectionsOpened: 0, connectionsClosedByPool: 0, honestRequests: 0, honestAnswers: 0, honestClosed: false, handlerErrors, freshSubscribeOk: false, sessionsLeft: -1, ms: 0,
  };
  try {
    // The honest miner: a real handshake, then real shares and keepalives throughout the run.
    const honest = await connectLines(port);
    honest.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.honest","d=0.00001"]}\n`);
    const hello = await honest.lines(4, 10_000);
    const job = notifyOf(hello[3]!);
    const en1 = (JSON.parse(hello[0]!) as { result: [unknown, string] }).result[1];
    const shares: TestShare[] = [];
    for (let i = 0; i < 20; i++) shares.push(findShare(job, en1, 0.00001, (0x1000 + i).toString(16).padStart(16, "0")));
    const jobIds = ["1", job.jobId, "2", "3", "ff"];
    let honestStop = false;
    const honestLoop = (async () => {
      let id = 100;
      while (!honestStop) {
        id++;
        const share = shares[id % shares.length]!;
        const line =
          id % 3 === 0 && id - 100 <= shares.length
            ? `{"id":${id},"method":"mining.submit","params":["${ADDR}.honest","${job.jobId}","${share.extranonce2}","${share.ntime}","${share.nonce}"]}\n`
            : `{"id":${id},"method":"mining.suggest_difficulty","params":[0.00001]}\n`;
        result.honestRequests++;
        honest.send(line);
        if (await answered(honest, id)) result.honestAnswers++;
        else break;
        await Bun.sleep(20);
      }
    })();

    const perConn = opts.connections ?? 8;
    const batch = opts.batch ?? 16;
    let budget = opts.lines;
    const worker = async () => {
      let conn: FuzzConn | null = null;
      while (budget > 0) {
        if (conn === null || conn.socket.data.closed) {
          if (conn !== null) result.connectionsClosedByPool++;
          conn = await openFuzz(port, (n) => (result.repliesReceived += n));
          result.connectionsOpened++;
          // Half the connections start like a miner, so later lines reach deeper states.
          if (rand() < 0.5) conn.socket.write(`${SEEDS[6]}\n{"id":"h","method":"mining.authorize","params":["${ADDR}.fz","d=0.00001"]}\n`);
        }
        const n = Math.min(batch, budget);
        budget -= n;
        const lines: string[] = [];
        for (let i = 0; i < n; i++) lines.push(fuzzLine(rand, jobIds));
        const synced = new Promise<boolean>((resolve) => {
          conn!.socket.data.waiting = resolve;
        });
        // The sync line starts on a fresh line whatever the last fuzz line left unfinished.
        conn.socket.write(`${lines.join("\n")}\n{"id":"fuzz-sync","method":"mining.extranonce.subscribe","params":[]}\n`);
        result.linesSent += n;
        const closed = await Promise.race([synced, Bun.sleep(10_000).then(() => true)]);
        if (closed && !conn.socket.data.closed) {
          // No answer and not closed: a line may have been left open (a quote that never ends
          // is still one unfinished line); end this connection and go on.
          conn.socket.end();
          conn.socket.data.closed = true;
          result.connectionsClosedByPool--;
        }
      }
      if (conn !== null && !conn.socket.data.closed) conn.socket.end();
    };
    await Promise.all(Array.from({ length: perConn }, worker));
    honestStop = true;
    await honestLoop;
    result.honestClosed = honest.isClosed;
    honest.end();

    const fresh = await connectLines(port);
    fresh.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
    result.freshSubscribeOk = (await fresh.nextLine(10_000)).includes(`"id":1,"result":[[`);
    fresh.end();
    const deadline = Date.now() + 10_000;
    while (pool.status().sessions > 0 && Date.now() < deadline) await Bun.sleep(20);
    result.sessionsLeft = pool.status().sessions;
  } finally {
    await pool.stop();
    result.ms = Date.now() - started;
  }
  return result;
}

/** Waits for the reply to `id` (skipping notifications); false if the connection closed or 10 s passed. */
async function answered(c: LineClient, id: number): Promise<boolean> {
  try {
    for (;;) {
      const line = await c.nextLine(10_000);
      if (line.startsWith(`{"id":${id},`)) return true;
    }
  } catch {
    return false;
  }
}
