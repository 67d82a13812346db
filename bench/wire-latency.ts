// bun bench/wire-latency.ts CAPTURE.pcap [LAST_N] — each share's reply time as the wire saw it.
//
// The benchmark's generator reads replies in its own event loop, so its figures include its own
// delays. A packet capture of the loopback taken during a step (tcpdump timestamps each packet as
// the kernel sends it) gives the pool's side alone:
//
//   tcpdump -i lo -s 2048 -B 65536 -w step.pcap tcp &     # while a step of bench:stratum-limit runs
//   bun bench/wire-latency.ts step.pcap 100000            # the last 100,000 shares sent to each pool
//
// Requests are `mining.submit` lines with a numeric id; replies are lines with "result" and the
// same id (ours put the id first, ckpool last). A share is its client port and id: every step's
// generator is a new process whose ids start again. Reads classic pcap files (tcpdump -w), with
// Ethernet or Linux "cooked" link headers; IPv4 only, as the benchmark uses 127.0.0.1.
import { readFileSync } from "node:fs";

const [file, lastArg] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: bun bench/wire-latency.ts CAPTURE.pcap [LAST_N]");
  process.exit(2);
}
const buf = readFileSync(file);
const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
const magic = view.getUint32(0, true);
if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${file}: not a little-endian classic pcap file`);
const fraction = magic === 0xa1b23c4d ? 1e9 : 1e6;
const linkType = view.getUint32(20, true);
const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : -1;
if (linkHeader < 0) throw new Error(`${file}: link type ${linkType} (only Ethernet and Linux cooked captures)`);

/** When each (client port, id) request and reply was seen, in seconds; the pool's port of each. */
const sent = new Map<number, number>();
const poolPort = new Map<number, number>();
const answered = new Map<number, number>();
const key = (port: number, id: number) => id * 65536 + port;
const text = new TextDecoder();
const ID = /"id":(\d+)/;

let at = 24;
while (at + 16 <= buf.length) {
  const t = view.getUint32(at, true) + view.getUint32(at + 4, true) / fraction;
  const length = view.getUint32(at + 8, true);
  const ip = at + 16 + linkHeader;
  at += 16 + length;
  if (at > buf.length || (buf[ip]! >> 4) !== 4 || buf[ip + 9] !== 6) continue;
  const tcp = ip + (buf[ip]! & 15) * 4;
  const payload = tcp + (buf[tcp + 12]! >> 4) * 4;
  if (payload >= at) continue;
  const srcPort = view.getUint16(tcp);
  const dstPort = view.getUint16(tcp + 2);
  for (const line of text.decode(buf.subarray(payload, at)).split("\n")) {
    const m = ID.exec(line);
    if (m === null) continue;
    const id = Number(m[1]);
    if (line.includes('"mining.submit"')) {
      if (!sent.has(key(srcPort, id))) {
        sent.set(key(srcPort, id), t);
        poolPort.set(key(srcPort, id), dstPort);
      }
    } else if (line.includes('"result"') && !answered.has(key(dstPort, id))) answered.set(key(dstPort, id), t);
  }
}

const last = lastArg === undefined ? Number.POSITIVE_INFINITY : Number(lastArg);
const pct = (ms: number[], p: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))]!.toFixed(3);
// One line per pool (the port the submits went to): a side-by-side run captures both.
const pools = new Map<number, [number, number][]>();
for (const [k, t] of sent) {
  if (!answered.has(k)) continue;
  const port = poolPort.get(k)!;
  const list = pools.get(port);
  if (list === undefined) pools.set(port, [[k, t]]);
  else list.push([k, t]);
}
if (pools.size === 0) {
  console.log(`${file}: no share with both its request and its reply in the capture`);
  process.exit(1);
}
for (const [port, shares] of [...pools].sort((a, b) => a[1][0]![1] - b[1][0]![1])) {
  shares.sort((a, b) => a[1] - b[1]);
  const ms = shares
    .slice(-Math.min(last, shares.length))
    .map(([k, t]) => (answered.get(k)! - t) * 1000)
    .sort((a, b) => a - b);
  const over2 = ms.filter((x) => x > 2).length / ms.length;
  console.log(
    `pool port ${port}: ${ms.length} shares: p50 ${pct(ms, 0.5)} ms, p99 ${pct(ms, 0.99)} ms, p99.9 ${pct(ms, 0.999)} ms, ` +
      `max ${ms[ms.length - 1]!.toFixed(3)} ms, over 2 ms ${(over2 * 100).toFixed(2)}%`,
  );
}
