// Load generator for bench/stratum-limit.ts, run as its own process (pinned to the other core).
//   bun bench/stratum-limit-load.ts shares PORT SESSIONS RATE SECONDS [WARM_S=2]
//       RATE random shares/s across SESSIONS (difficulty pinned near zero: all accepted), open loop;
//       prints "ready", then one JSON line of results
//   bun bench/stratum-limit-load.ts junk PORT SESSIONS RATE SECONDS [REPORT_EVERY_S]
//       RATE random shares/s that are all rejected (difficulty pinned high); a session the pool cuts
//       for its rejects is replaced at once by a new one; prints a JSON line every REPORT_EVERY_S
//   bun bench/stratum-limit-load.ts idle PORT COUNT
//       COUNT subscribed+authorized sessions; prints "ready WITH_WORK CONNECTED", then holds them
// Shares are written with back-pressure honoured (what the kernel does not take is kept and sent
// on drain), so past the pool's capacity the offered rate drops instead of lines being lost.
import type { Socket } from "bun";

const ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
const [mode, portArg, ...rest] = process.argv.slice(2);
const port = Number(portArg);

interface Conn {
  socket: Socket<Conn>;
  /** Bytes of an unfinished reply line. */
  carry: Uint8Array | null;
  /** Shares to write this tick. */
  pending: string;
  jobId: string;
  ntime: string;
  /** Unsent bytes (the kernel's buffer was full). */
  out: string;
  en2: number;
  tag: string;
  open: boolean;
  ready: boolean;
}

const RING = 1 << 21;
const sentAt = new Float64Array(RING);
let nextId = 1_000;
let outstanding = 0;
let accepted = 0;
let rejected = 0;
let cuts = 0;
let junkDiff = "d=0.0000000001";

// The generator must not stall on its own garbage (a stalled generator reads replies late,
// which would show as the pool's latency): replies are read as bytes, latencies go into a
// typed array, and no string is made for a share's reply.
let lat = new Float64Array(1 << 16);
let latN = 0;
function noteLatency(ms: number): void {
  if (latN === lat.length) {
    const bigger = new Float64Array(lat.length * 2);
    bigger.set(lat);
    lat = bigger;
  }
  lat[latN++] = ms;
}

const utf8 = new TextDecoder();
const QUOTE = 0x22;
const T = 0x74;
const I = 0x69;
const D = 0x64;
const COLON = 0x3a;

/** Where the digits of a reply's id start, or -1: `{"id":N,…` (our pool) or `{…,"id":N}` (ckpool
 * puts the id last in a share's reply). */
function idStart(buf: Uint8Array, start: number, end: number): number {
  if (buf[start + 2] === I && buf[start + 3] === D && buf[start + 5] === COLON) return start + 6;
  let j = end - 1;
  while (j > start && buf[j - 1]! >= 48 && buf[j - 1]! <= 57) j--;
  return buf[j - 1] === COLON && buf[j - 2] === QUOTE && buf[j - 3] === D && buf[j - 4] === I ? j : -1;
}

/** One reply line, bytes [start, end) of buf, read at `now`. */
function onLine(c: Conn, buf: Uint8Array, start: number, end: number, now: number): void {
  // A share's reply: {"id":N,"result":true,… or {"result":true,"error":null,"id":N}.
  let i = idStart(buf, start, end);
  let id = 0;
  let digits = 0;
  for (; i >= 0 && i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) break;
    id = id * 10 + d;
    digits++;
  }
  if (digits === 0 || id < 1_000) {
    // Notifications and the replies to subscribe and authorize: rare, read in full.
    const msg = JSON.parse(utf8.decode(buf.subarray(start, end))) as { id: unknown; method?: string; params?: string[] };
    if (msg.method === "mining.notify") {
      c.jobId = msg.params![0]!;
      c.ntime = msg.params![7]!;
      c.ready = true;
    } else if (msg.id === 1) {
      // Authorize once subscribed, as miners do (ckpool drops an authorize that overtakes it).
      write(c, `{"id":2,"method":"mining.authorize","params":["${ADDRESS}.${c.tag}","${junkDiff}"]}\n`);
    }
    return;
  }
  const t0 = sentAt[id & (RING - 1)]!;
  if (t0 > 0) {
    sentAt[id & (RING - 1)] = 0;
    outstanding--;
    noteLatency(now - t0);
    const ours = buf[start + 2] === I;
    // ours: i is at the comma before "result":true; ckpool's: {"result":true
    if (ours ? buf[i + 10] === T && buf[i + 9] === COLON && buf[i + 8] === QUOTE : buf[start + 10] === T && buf[start + 9] === COLON) accepted++;
    else rejected++;
  }
}

function write(c: Conn, text: string): void {
  if (!c.open) return;
  if (c.out.length > 0) {
    c.out += text;
    return;
  }
  const n = c.socket.write(text);
  if (n < text.length) c.out = text.slice(Math.max(0, n));
}

async function connect(tag: string, onClose?: (c: Conn) => void): Promise<Conn> {
  const c: Conn = { carry: null, pending: "", jobId: "", ntime: "", out: "", en2: 0, tag, open: true, ready: false } as Conn;
  c.socket = await Bun.connect<Conn>({
    hostname: "127.0.0.1",
    port,
    data: c,
    socket: {
      data(_s, chunk) {
        const now = performance.now();
        let buf: Uint8Array = chunk;
        if (c.carry !== null) {
          const joined = new Uint8Array(c.carry.length + chunk.length);
          joined.set(c.carry, 0);
          joined.set(chunk, c.carry.length);
          buf = joined;
          c.carry = null;
        }
        let start = 0;
        let nl: number;
        while ((nl = buf.indexOf(10, start)) !== -1) {
          if (nl > start) onLine(c, buf, start, nl, now);
          start = nl + 1;
        }
        if (start < buf.length) c.carry = buf.slice(start);
      },
      drain(s) {
        if (c.out.length === 0) return;
        const n = s.write(c.out);
        c.out = n >= c.out.length ? "" : c.out.slice(Math.max(0, n));
      },
      close() {
        c.open = false;
        onClose?.(c);
      },
    },
  });
  write(c, `{"id":1,"method":"mining.subscribe","params":["bench/1.0"]}\n`);
  return c;
}

/** `count` sessions, each subscribed, authorized and given work; `patient` = false throws when
 * some are still waiting after 3 minutes, true returns them as they are. */
async function openMany(count: number, prefix: string, onClose?: (c: Conn) => void, patient = false): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (let i = 0; i < count; i += 250) {
    const n = Math.min(250, count - i);
    // Worker names repeat (an address may have at most 1,000 workers at once).
    conns.push(...(await Promise.all(Array.from({ length: n }, (_, j) => connect(`${prefix}${(i + j) % 500}`, onClose)))));
  }
  const deadline = Date.now() + 180_000;
  // A session the pool closed (e.g. it ran out of descriptors) is counted out, not waited for.
  while (conns.some((c) => c.open && !c.ready)) {
    if (Date.now() > deadline) {
      if (patient) break;
      throw new Error(`only ${conns.filter((c) => c.ready).length} of ${count} sessions got work`);
    }
    await Bun.sleep(20);
  }
  return conns;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const randomNonce = () => {
  const v = (Math.random() * 2 ** 32) >>> 0;
  return HEX[v >>> 24]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
};
let en2Base = (Math.random() * 2 ** 31) >>> 0;

function share(c: Conn): string {
  const id = nextId++;
  const en2 = en2Base.toString(16).padStart(8, "0") + (c.en2++).toString(16).padStart(8, "0");
  sentAt[id & (RING - 1)] = performance.now();
  outstanding++;
  return `{"id":${id},"method":"mining.submit","params":["${ADDRESS}.${c.tag}","${c.jobId}","${en2}","${c.ntime}","${randomNonce()}"]}\n`;
}

/** The generator's own event-loop stalls (a tick more than 4 ms after the last): a stalled
 * generator reads replies late, which would show as the pool's latency. */
const genLate = { n: 0, max: 0 };
/** Fraction of sorted latencies above `limit` ms (a smoother figure than one percentile). */
const fractionOver = (sorted: Float64Array, limit: number) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= limit) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? 0 : (sorted.length - lo) / sorted.length;
};
const pct = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

/** Open-loop offer at `rate`/s for `seconds`; `conns()` gives the sessions to spread over. */
const touched: Conn[] = [];

async function offer(conns: () => Conn[], rate: number, seconds: number, onTick?: (elapsed: number) => void): Promise<number> {
  let k = 0;
  let total = 0;
  const start = performance.now();
  let lastTick = start;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const tickAt = performance.now();
      const elapsed = tickAt - start;
      if (tickAt - lastTick > 4) { genLate.n++; genLate.max = Math.max(genLate.max, tickAt - lastTick); }
      lastTick = tickAt;
      onTick?.(elapsed);
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up on ticks that fired late, so the offered rate is the asked rate.
      const n = Math.floor((rate * elapsed) / 1000) - total;
      const list = conns();
      touched.length = 0;
      for (let j = 0; j < n; j++) {
        const c = list[k++ % list.length]!;
        if (!c.open || !c.ready) continue;
        if (c.pending.length === 0) touched.push(c);
        c.pending += share(c);
      }
      total += n;
      for (const c of touched) {
        write(c, c.pending);
        c.pending = "";
      }
      // 1 ms ticks: 200 miners do not submit in lockstep; a coarser tick would send bursts
      // whose length alone sets the latency floor (50 shares at once every 5 ms at 10k/s).
    }, 1);
  });
  return total;
}

if (mode === "idle") {
  // "ready WITH_WORK CONNECTED": a pool slow to serve thousands of new sessions (ckpool at
  // 20,000) leaves some still waiting for work after 3 minutes; they are reported, not waited for.
  const conns = await openMany(Number(rest[0]), "i", undefined, true);
  console.log(`ready ${conns.filter((c) => c.open && c.ready).length} ${conns.filter((c) => c.open).length}`);
  await new Promise(() => {});
} else if (mode === "shares") {
  const [sessions, rate, seconds, warm = 2] = rest.map(Number) as [number, number, number, number?];
  const conns = await openMany(sessions, "s");
  // This process is new for every step: its own first seconds are JIT compiles (up to ~15 ms
  // each on its core) that stall the loop reading replies, which would show as the pool's
  // latency. Offer the same load for `warm` seconds first, unmeasured, then start counting.
  if (warm > 0) {
    await offer(() => conns, rate, warm);
    const until = Date.now() + 10_000;
    while (outstanding > 0 && Date.now() < until) await Bun.sleep(5);
    latN = 0;
    accepted = 0;
    rejected = 0;
    genLate.n = 0;
    genLate.max = 0;
  }
  console.log("ready");
  const t0 = performance.now();
  const sent = await offer(() => conns, rate, seconds);
  const offeredFor = (performance.now() - t0) / 1000;
  const drainUntil = Date.now() + 10_000;
  while (outstanding > 0 && Date.now() < drainUntil) await Bun.sleep(20);
  const unsent = conns.reduce((n, c) => n + (c.out.length > 0 ? 1 : 0), 0);
  const latencies = lat.subarray(0, latN).sort();
  const closed = conns.filter((c) => !c.open).length;
  console.log(
    JSON.stringify({ sent, answered: latencies.length, unanswered: outstanding, accepted, rejected, closed, backlogged: unsent, offeredFor,
      p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), max: latencies[latencies.length - 1] ?? Number.NaN, genLate,
      over2ms: fractionOver(latencies, 2) }),
  );
  process.exit(0);
} else if (mode === "junk") {
  const [sessions, rate, seconds, every = 60] = rest.map(Number) as [number, number, number, number?];
  junkDiff = "d=1000000";
  let live: Conn[] = [];
  let serial = 0;
  const replace = (c: Conn) => {
    cuts++;
    void connect(`j${serial++ % 500}`, replace).then((n) => {
      const i = live.indexOf(c);
      if (i >= 0) live[i] = n;
    });
  };
  live = await openMany(sessions, "j", replace);
  serial = sessions;
  console.log("ready");
  let nextReport = every * 1000;
  let lastAnswered = 0;
  await offer(() => live, rate, seconds, (elapsed) => {
    if (elapsed < nextReport) return;
    nextReport += every * 1000;
    const answered = accepted + rejected;
    console.log(JSON.stringify({ at: Math.round(elapsed / 1000), answeredPerS: (answered - lastAnswered) / every, rejected, accepted, cuts }));
    lastAnswered = answered;
  });
  console.log(JSON.stringify({ done: true, rejected, accepted, cuts }));
  process.exit(0);
}
