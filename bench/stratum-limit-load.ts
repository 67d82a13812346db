// Load generator for bench/stratum-limit.ts, run as its own process (pinned to the other core).
//   bun bench/stratum-limit-load.ts shares PORT SESSIONS RATE SECONDS
//       RATE random shares/s across SESSIONS (difficulty pinned near zero: all accepted), open loop;
//       prints "ready", then one JSON line of results
//   bun bench/stratum-limit-load.ts junk PORT SESSIONS RATE SECONDS [REPORT_EVERY_S]
//       RATE random shares/s that are all rejected (difficulty pinned high); a session the pool cuts
//       for its rejects is replaced at once by a new one; prints a JSON line every REPORT_EVERY_S
//   bun bench/stratum-limit-load.ts idle PORT COUNT
//       COUNT subscribed+authorized sessions; prints "ready N", then holds them
// Shares are written with back-pressure honoured (what the kernel does not take is kept and sent
// on drain), so past the pool's capacity the offered rate drops instead of lines being lost.
import type { Socket } from "bun";

const ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
const [mode, portArg, ...rest] = process.argv.slice(2);
const port = Number(portArg);

interface Conn {
  socket: Socket<Conn>;
  carry: string;
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
const latencies: number[] = [];
let nextId = 1_000;
let outstanding = 0;
let accepted = 0;
let rejected = 0;
let cuts = 0;
let junkDiff = "d=0.0000000001";

function onLine(c: Conn, line: string): void {
  if (line.startsWith('{"id":null')) {
    if (line.startsWith('{"id":null,"method":"mining.notify"')) {
      const params = (JSON.parse(line) as { params: string[] }).params;
      c.jobId = params[0]!;
      c.ntime = params[7]!;
      c.ready = true;
    }
    return;
  }
  // {"id":N,...
  const comma = line.indexOf(",", 6);
  const id = Number(line.slice(6, comma));
  if (!(id >= 1_000)) return; // subscribe / authorize replies
  const t0 = sentAt[id & (RING - 1)]!;
  if (t0 > 0) {
    sentAt[id & (RING - 1)] = 0;
    outstanding--;
    latencies.push(performance.now() - t0);
    if (line.charCodeAt(comma + 10) === 116 /* t of "result":true */) accepted++;
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
  const c: Conn = { carry: "", jobId: "", ntime: "", out: "", en2: 0, tag, open: true, ready: false } as Conn;
  c.socket = await Bun.connect<Conn>({
    hostname: "127.0.0.1",
    port,
    data: c,
    socket: {
      data(_s, chunk) {
        const text = c.carry + chunk.toString();
        let start = 0;
        let nl: number;
        while ((nl = text.indexOf("\n", start)) !== -1) {
          onLine(c, text.slice(start, nl));
          start = nl + 1;
        }
        c.carry = start === text.length ? "" : text.slice(start);
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
  write(
    c,
    `{"id":1,"method":"mining.subscribe","params":["bench/1.0"]}\n` +
      `{"id":2,"method":"mining.authorize","params":["${ADDRESS}.${tag}","${junkDiff}"]}\n`,
  );
  return c;
}

async function openMany(count: number, prefix: string, onClose?: (c: Conn) => void): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (let i = 0; i < count; i += 250) {
    const n = Math.min(250, count - i);
    // Worker names repeat (an address may have at most 1,000 workers at once).
    conns.push(...(await Promise.all(Array.from({ length: n }, (_, j) => connect(`${prefix}${(i + j) % 500}`, onClose)))));
  }
  const deadline = Date.now() + 180_000;
  // A session the pool closed (e.g. it ran out of descriptors) is counted out, not waited for.
  while (conns.some((c) => c.open && !c.ready)) {
    if (Date.now() > deadline) throw new Error(`only ${conns.filter((c) => c.ready).length} of ${count} sessions got work`);
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

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;

/** Open-loop offer at `rate`/s for `seconds`; `conns()` gives the sessions to spread over. */
async function offer(conns: () => Conn[], rate: number, seconds: number, onTick?: (elapsed: number) => void): Promise<number> {
  let k = 0;
  let total = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      onTick?.(elapsed);
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up on ticks that fired late, so the offered rate is the asked rate.
      const n = Math.floor((rate * elapsed) / 1000) - total;
      const list = conns();
      const batch = new Map<Conn, string>();
      for (let j = 0; j < n; j++) {
        const c = list[k++ % list.length]!;
        if (!c.open || !c.ready) continue;
        batch.set(c, (batch.get(c) ?? "") + share(c));
      }
      total += n;
      for (const [c, text] of batch) write(c, text);
      // 1 ms ticks: 200 miners do not submit in lockstep; a coarser tick would send bursts
      // whose length alone sets the latency floor (50 shares at once every 5 ms at 10k/s).
    }, 1);
  });
  return total;
}

if (mode === "idle") {
  const conns = await openMany(Number(rest[0]), "i");
  console.log(`ready ${conns.filter((c) => c.open && c.ready).length}`);
  await new Promise(() => {});
} else if (mode === "shares") {
  const [sessions, rate, seconds] = rest.map(Number) as [number, number, number];
  const conns = await openMany(sessions, "s");
  console.log("ready");
  const t0 = performance.now();
  const sent = await offer(() => conns, rate, seconds);
  const offeredFor = (performance.now() - t0) / 1000;
  const drainUntil = Date.now() + 10_000;
  while (outstanding > 0 && Date.now() < drainUntil) await Bun.sleep(20);
  const unsent = conns.reduce((n, c) => n + (c.out.length > 0 ? 1 : 0), 0);
  latencies.sort((a, b) => a - b);
  const closed = conns.filter((c) => !c.open).length;
  console.log(
    JSON.stringify({ sent, answered: latencies.length, unanswered: outstanding, accepted, rejected, closed, backlogged: unsent, offeredFor,
      p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), max: latencies[latencies.length - 1] ?? Number.NaN }),
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
