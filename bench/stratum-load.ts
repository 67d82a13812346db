// Load generator for bench/stratum.ts, run as its own process so it does not share the pool's core.
//   bun bench/stratum-load.ts idle PORT COUNT         open COUNT subscribed+authorized sessions, print "ready", hold
//   bun bench/stratum-load.ts shares PORT SESSIONS RATE SECONDS
//                                                     submit RATE random shares/s across SESSIONS, print JSON stats
import type { Socket } from "bun";

const ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
const [mode, portArg, ...rest] = process.argv.slice(2);
const port = Number(portArg);

interface Conn {
  socket: Socket<undefined>;
  buf: string;
  jobId: string;
  ntime: string;
  authorized: boolean;
}

const sent = new Map<number, number>();
const latencies: number[] = [];
let nextId = 1;
let errors = 0;
let accepted = 0;
let rejected = 0;

function onLine(c: Conn, line: string): void {
  const i = line.indexOf('"id":');
  if (line.startsWith('{"id":null,"method":"mining.notify"')) {
    const params = (JSON.parse(line) as { params: string[] }).params;
    c.jobId = params[0]!;
    c.ntime = params[7]!;
    return;
  }
  if (line.startsWith('{"id":null')) return;
  const id = Number.parseInt(line.slice(i + 5), 10);
  const t0 = sent.get(id);
  if (t0 !== undefined) {
    sent.delete(id);
    latencies.push(performance.now() - t0);
    if (line.includes('"result":true')) accepted++;
    else rejected++;
  } else if (line.includes('"result":true') && !c.authorized) {
    c.authorized = true;
  } else if (line.includes('"error":[')) {
    errors++;
  }
}

async function open(count: number): Promise<Conn[]> {
  const conns: Conn[] = [];
  const batch = 500;
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    const made = await Promise.all(
      Array.from({ length: n }, async () => {
        const c = { buf: "", jobId: "", ntime: "", authorized: false } as Conn;
        c.socket = await Bun.connect({
          hostname: "127.0.0.1",
          port,
          socket: {
            data(_s, chunk) {
              c.buf += chunk.toString();
              let nl: number;
              while ((nl = c.buf.indexOf("\n")) !== -1) {
                const line = c.buf.slice(0, nl);
                c.buf = c.buf.slice(nl + 1);
                onLine(c, line);
              }
            },
            close() {
              errors++;
            },
          },
        });
        c.socket.write(
          `{"id":${nextId++},"method":"mining.subscribe","params":["bench/1.0"]}\n` +
            `{"id":${nextId++},"method":"mining.authorize","params":["${ADDRESS}.b${i}","d=0.0000000001"]}\n`,
        );
        return c;
      }),
    );
    conns.push(...made);
  }
  const deadline = Date.now() + 120_000;
  while (conns.some((c) => c.jobId === "")) {
    if (Date.now() > deadline) throw new Error(`only ${conns.filter((c) => c.jobId !== "").length} of ${count} sessions got work`);
    await Bun.sleep(20);
  }
  return conns;
}

const hex = (bytes: number) => {
  let s = "";
  for (let i = 0; i < bytes; i++) s += ((Math.random() * 256) | 0).toString(16).padStart(2, "0");
  return s;
};

if (mode === "idle") {
  const conns = await open(Number(rest[0]));
  console.log(`ready ${conns.length}`);
  // Hold the sessions until the parent ends us.
  await new Promise(() => {});
} else if (mode === "shares") {
  const [sessions, rate, seconds] = rest.map(Number) as [number, number, number];
  const conns = await open(sessions);
  const tickMs = 10;
  let k = 0;
  let total = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up on ticks the timer fired late, so the offered rate is the asked rate.
      const n = Math.floor((rate * elapsed) / 1000) - total;
      for (let j = 0; j < n; j++) {
        const c = conns[k++ % conns.length]!;
        const id = nextId++;
        sent.set(id, performance.now());
        c.socket.write(`{"id":${id},"method":"mining.submit","params":["${ADDRESS}","${c.jobId}","${hex(8)}","${c.ntime}","${hex(4)}"]}\n`);
        total++;
      }
    }, tickMs);
  });
  const drainDeadline = Date.now() + 5_000;
  while (sent.size > 0 && Date.now() < drainDeadline) await Bun.sleep(20);
  const wall = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? Number.NaN;
  console.log(
    JSON.stringify({
      sent: total,
      replies: latencies.length,
      dropped: sent.size,
      accepted,
      rejected,
      errors,
      rate: total / seconds,
      wall,
      p50: pct(0.5),
      p99: pct(0.99),
      max: latencies[latencies.length - 1] ?? Number.NaN,
    }),
  );
  process.exit(0);
}
