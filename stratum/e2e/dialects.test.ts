// Recorded miner dialects over real TCP, replies compared byte for byte. The template is the
// recorded regtest one (prev block 7a8603…d448, height 102) with difficulty-1 bits.
import { afterEach, describe, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { connectLines } from "./line-client.ts";
import { REGTEST_ADDRESS as ADDR, bestShareLine, findShare, findWeakShare, notifyOf, startTestPool } from "./harness.ts";
import { recordedTemplate } from "./fixed-node.ts";

const PREV_STRATUM = "9518d448d432057bed702fcb90e9afbda05225bc8f0ceac69ac5d2767a860302";
const NOTIFY_SUFFIX = `,"20000000","1d00ffff","6b01ff11",true]}`;
const subscribeReply = (id: string, en1: string) =>
  `{"id":${id},"result":[[["mining.set_difficulty","${en1}"],["mining.notify","${en1}"]],"${en1}",8],"error":null}`;

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

function expectNotify(line: string, jobId: string, clean = true): void {
  expect(line.startsWith(`{"id":null,"method":"mining.notify","params":["${jobId}","${PREV_STRATUM}","02000000010000000000000000000000000000000000000000000000000000000000000000ffffffff`)).toBe(true);
  expect(line.endsWith(clean ? NOTIFY_SUFFIX : NOTIFY_SUFFIX.replace("true]}", "false]}"))).toBe(true);
}

describe("ESP-Miner (Bitaxe)", () => {
  test("pipelined configure+subscribe+authorize+suggest 1000, 6th submit param", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const c = await connectLines(t.port);
    c.send(
      `{"id": 1, "method": "mining.configure", "params": [["version-rolling"], {"version-rolling.mask": "1fffe000", "version-rolling.min-bit-count": 16}]}\n` +
        `{"id": 2, "method": "mining.subscribe", "params": ["bitaxe/BM1366/v2.4.2"]}\n` +
        `{"id": 3, "method": "mining.authorize", "params": ["${ADDR}.bitaxe", "x"]}\n` +
        `{"id": 4, "method": "mining.suggest_difficulty", "params": [1000]}\n`,
    );
    const lines = await c.lines(6);
    expect(lines.slice(0, 5)).toEqual([
      `{"id":1,"result":{"version-rolling":true,"version-rolling.mask":"1fffe000"},"error":null}`,
      subscribeReply("2", "a0000001"),
      `{"id":3,"result":true,"error":null}`,
      `{"id":4,"result":true,"error":null}`,
      `{"id":null,"method":"mining.set_difficulty","params":[1000]}`,
    ]);
    expectNotify(lines[5]!, "1");
    const job = notifyOf(lines[5]!);
    const weak = findWeakShare(job, "a0000001", 1000);
    const submit = (id: number, nonce: string, vbits: string) =>
      `{"id": ${id}, "method": "mining.submit", "params": ["${ADDR}.bitaxe", "1", "${weak.extranonce2}", "${job.ntime}", "${nonce}", "${vbits}"]}\n`;
    c.send(submit(5, weak.nonce, "00002000"));
    c.send(submit(6, weak.nonce, "00002000"));
    c.send(submit(7, weak.nonce, "e0000000"));
    expect(await c.lines(3)).toEqual([
      `{"id":5,"result":null,"error":[23,"Low difficulty share",null]}`,
      `{"id":6,"result":null,"error":[22,"Duplicate share",null]}`,
      `{"id":7,"result":null,"error":[20,"version bits outside the negotiated mask",null]}`,
    ]);
    c.end();
  });
});

describe("cgminer / bmminer", () => {
  test("configure ffffffff and wait; subscribe resumes a session id; rolled share accepted", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const first = await connectLines(t.port);
    first.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1"]}\n`);
    expect(await first.nextLine()).toBe(subscribeReply("1", "a0000001"));
    first.end();
    await first.closed();
    while (pool.status().sessions !== 0) await Bun.sleep(5);

    const c = await connectLines(t.port);
    c.send(`{"id":1,"method":"mining.configure","params":[["version-rolling"],{"version-rolling.mask":"ffffffff","version-rolling.min-bit-count":2}]}\n`);
    expect(await c.nextLine()).toBe(`{"id":1,"result":{"version-rolling":true,"version-rolling.mask":"1fffe000"},"error":null}`);
    c.send(`{"id":2,"method":"mining.subscribe","params":["cgminer/4.12.1","a0000001"]}\n`);
    expect(await c.nextLine()).toBe(subscribeReply("2", "a0000001"));
    c.send(`{"id":3,"method":"mining.authorize","params":["${ADDR}.s9","d=0.0001"]}\n`);
    const [auth, diff, notify] = await c.lines(3);
    expect(auth).toBe(`{"id":3,"result":true,"error":null}`);
    expect(diff).toBe(`{"id":null,"method":"mining.set_difficulty","params":[0.0001]}`);
    expectNotify(notify!, "1");
    const job = notifyOf(notify!);
    const share = findShare(job, "a0000001", 0.0001, "0000000000000001", 0x00002000);
    c.send(`{"id":4,"method":"mining.submit","params":["${ADDR}.s9","1","${share.extranonce2}","${share.ntime}","${share.nonce}","00002000"]}\n`);
    expect(await c.nextLine()).toBe(`{"id":4,"result":true,"error":null}`);

    // A session id that is live (this very session) is not handed out twice.
    const other = await connectLines(t.port);
    other.send(`{"id":1,"method":"mining.subscribe","params":["cgminer/4.12.1","a0000001"]}\n`);
    expect(await other.nextLine()).toBe(subscribeReply("1", "a0000002"));
    other.end();
    c.end();
  });
});

describe("NerdMiner", () => {
  test("subscribe reply is the first line; float suggest; unpadded nonce; repeated suggest is quiet", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const c = await connectLines(t.port);
    c.send(`{"id": 1, "method": "mining.subscribe", "params": ["NerdMinerV2/1.6.3"]}\n`);
    expect(await c.nextLine()).toBe(subscribeReply("1", "a0000001"));
    c.send(`{"params": ["${ADDR}.nerd", "x"], "id": 2, "method": "mining.authorize"}\n{"id": 3, "method": "mining.suggest_difficulty", "params": [0.00015]}\n`);
    const [auth, sugg, diff, notify] = await c.lines(4);
    expect([auth, sugg, diff]).toEqual([
      `{"id":2,"result":true,"error":null}`,
      `{"id":3,"result":true,"error":null}`,
      `{"id":null,"method":"mining.set_difficulty","params":[0.00015]}`,
    ]);
    expectNotify(notify!, "1");
    const job = notifyOf(notify!);
    const share = findShare(job, "a0000001", 0.00015);
    const unpadded = Number.parseInt(share.nonce, 16).toString(16);
    c.send(`{"id": 4, "method": "mining.suggest_difficulty", "params": [0.00015]}\n`);
    c.send(`{"params": ["${ADDR}.nerd", "1", "${share.extranonce2}", "${share.ntime}", "${unpadded}"], "id": 5, "method": "mining.submit"}\n`);
    expect(await c.lines(2)).toEqual([`{"id":4,"result":true,"error":null}`, `{"id":5,"result":true,"error":null}`]);
    c.end();
  });
});

describe("odd forms", () => {
  test("string ids, authorize before subscribe, unknown method, submit before subscribe/authorize, bad address", async () => {
    const t = await startTestPool({ startDiff: 0.5 });
    pool = t.pool;
    const c = await connectLines(t.port);
    c.send(`{"id":"s1","method":"mining.submit","params":["x","1","0000000000000000","6b01ff11","00000000"]}\n`);
    expect(await c.nextLine()).toBe(`{"id":"s1","result":null,"error":[25,"Not subscribed",null]}`);
    c.send(`{"id":"a","method":"mining.authorize","params":["1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2","x"]}\n`);
    expect(await c.nextLine()).toBe(
      `{"id":"a","result":null,"error":[24,"invalid payout address \\"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2\\": address is for mainnet, this pool runs on regtest",null]}`,
    );
    c.send(`{"id":"b","method":"mining.authorize","params":["${ADDR}","x"]}\n`);
    expect(await c.nextLine()).toBe(`{"id":"b","result":true,"error":null}`);
    c.send(`{"id":"c","method":"mining.subscribe","params":[]}\n`);
    const [sub, diff, notify] = await c.lines(3);
    expect(sub).toBe(subscribeReply(`"c"`, "a0000001"));
    expect(diff).toBe(`{"id":null,"method":"mining.set_difficulty","params":[0.5]}`);
    expectNotify(notify!, "1");
    c.send(`{"id":7,"method":"mining.get_transactions","params":["1"]}\n{"id":8,"method":"mining.extranonce.subscribe","params":[]}\n`);
    expect(await c.lines(2)).toEqual([
      `{"id":7,"result":null,"error":[20,"unknown method mining.get_transactions",null]}`,
      `{"id":8,"result":true,"error":null}`,
    ]);
    c.send(`{"id":9,"method":"mining.submit","params":["${ADDR}","ff","0000000000000000","6b01ff11","00000000"]}\n`);
    c.send(`{"id":10,"method":"mining.submit","params":["${ADDR}","1","00","6b01ff11","00000000"]}\n`);
    c.send(`{"id":11,"method":"mining.submit","params":["${ADDR}","1","0000000000000000","00000001","00000000"]}\n`);
    c.send(`{"id":12,"method":"mining.configure","params":[["minimum-difficulty","version-rolling"],{"version-rolling.mask":"00ffff00"}]}\n`);
    expect(await c.lines(4)).toEqual([
      `{"id":9,"result":null,"error":[21,"job not found",null]}`,
      `{"id":10,"result":null,"error":[20,"extranonce2 must be 16 hex characters",null]}`,
      `{"id":11,"result":null,"error":[20,"ntime out of range",null]}`,
      `{"id":12,"result":{"minimum-difficulty":false,"version-rolling":true,"version-rolling.mask":"00ffe000"},"error":null}`,
    ]);

    const d = await connectLines(t.port);
    d.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
    await d.nextLine();
    d.send(`{"id":2,"method":"mining.submit","params":["${ADDR}","1","0000000000000000","6b01ff11","00000000"]}\n`);
    expect(await d.nextLine()).toBe(`{"id":2,"result":null,"error":[24,"Unauthorized worker",null]}`);
    d.end();
    c.end();
  });

  test("malformed JSON and an oversized line close only that connection", async () => {
    const t = await startTestPool({ maxLineBytes: 512 });
    pool = t.pool;
    const bystander = await connectLines(t.port);
    const bad = await connectLines(t.port);
    bad.send(`{"id":1,"method":"mining.subscribe",\n`);
    expect(await bad.nextLine()).toBe(`{"id":null,"result":null,"error":[20,"malformed JSON",null]}`);
    await bad.closed();
    const big = await connectLines(t.port);
    big.send(`{"id":1,"method":"mining.subscribe","params":["${"x".repeat(600)}"]}\n`);
    await big.closed();
    bystander.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
    expect(await bystander.nextLine()).toBe(subscribeReply("1", "a0000001"));
    bystander.end();
  });
});

describe("work and difficulty over time", () => {
  test("new tip: clean notify, old job stale; refresh keeps old jobs; old difficulty honoured", async () => {
    const t = await startTestPool({ startDiff: 0.0001 });
    pool = t.pool;
    const c = await connectLines(t.port);
    c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.w","x"]}\n`);
    const first = await c.lines(4);
    const job1 = notifyOf(first[3]!);
    const share1 = findShare(job1, "a0000001", 0.0001, "0000000000000001");
    const share1b = findShare(job1, "a0000001", 0.0001, "0000000000000002");
    const share1c = findShare(job1, "a0000001", 0.0001, "0000000000000003");

    // Raise the difficulty: a share for job 1 is still judged at job 1's difficulty.
    c.send(`{"id":3,"method":"mining.suggest_difficulty","params":[1000]}\n`);
    const [ok3, diff, n2] = await c.lines(3);
    expect(ok3).toBe(`{"id":3,"result":true,"error":null}`);
    expect(diff).toBe(`{"id":null,"method":"mining.set_difficulty","params":[1000]}`);
    expect(notifyOf(n2!).jobId).toBe("2");
    expect(notifyOf(n2!).clean).toBe(false);
    c.send(`{"id":4,"method":"mining.submit","params":["${ADDR}.w","1","${share1.extranonce2}","${share1.ntime}","${share1.nonce}"]}\n`);
    // Job 2 is the same work at the new difficulty: another share of the same quality is low there
    // (the same share again would be a duplicate, whatever the job id).
    const share2 = findShare(job1, "a0000001", 0.0001, "0000000000000004");
    c.send(`{"id":5,"method":"mining.submit","params":["${ADDR}.w","2","${share2.extranonce2}","${share2.ntime}","${share2.nonce}"]}\n`);
    expect(await c.lines(2)).toEqual([`{"id":4,"result":true,"error":null}`, `{"id":5,"result":null,"error":[23,"Low difficulty share",null]}`]);

    // Same tip, fresh template: clean=false and job 1 stays valid.
    t.node.push(recordedTemplate({ curtime: 1795292946 }), false);
    const refresh = notifyOf(await c.nextLine());
    expect(refresh.clean).toBe(false);
    expect(refresh.ntime).toBe("6b01ff12");
    c.send(`{"id":6,"method":"mining.submit","params":["${ADDR}.w","1","${share1b.extranonce2}","${share1b.ntime}","${share1b.nonce}"]}\n`);
    expect(await c.nextLine()).toBe(`{"id":6,"result":true,"error":null}`);
    if (share1b.difficulty > share1.difficulty) expect(await c.nextLine()).toBe(bestShareLine(share1b.difficulty));

    // New tip: clean=true, and job 1 is now stale.
    t.node.push(recordedTemplate({ previousblockhash: "11".repeat(32), height: 103 }), true);
    const tip = notifyOf(await c.nextLine());
    expect(tip.clean).toBe(true);
    expect(tip.prevHash).toBe("11".repeat(32));
    c.send(`{"id":7,"method":"mining.submit","params":["${ADDR}.w","1","${share1c.extranonce2}","${share1c.ntime}","${share1c.nonce}"]}\n`);
    expect(await c.nextLine()).toBe(`{"id":7,"result":null,"error":[21,"stale job",null]}`);
    expect(pool.status()).toMatchObject({ sessions: 1, workers: 1, height: 103, blocksFound: 0, listening: true });
    c.end();
  });

  test("events: share_submitted (accepted and rejected), best diff, connect/disconnect; a throwing listener is contained", async () => {
    const t = await startTestPool({ startDiff: 0.0001 });
    pool = t.pool;
    const seen: string[] = [];
    const shares: { accepted: boolean; rejectCode: number | null; targetDifficulty: number; userAgent: string; worker: string }[] = [];
    pool.events.on("share_submitted", () => {
      throw new Error("listener bug");
    });
    pool.events.on("share_submitted", (e) => shares.push(e));
    pool.events.on("miner_connected", (e) => seen.push(`connected ${e.worker} ${e.userAgent}`));
    pool.events.on("share_best_diff", (e) => seen.push(`best ${e.worker} ${e.previousBest === 0}`));
    pool.events.on("miner_disconnected", (e) => seen.push(`disconnected ${e.worker} ${e.sharesAccepted}/${e.sharesRejected}`));
    const c = await connectLines(t.port);
    c.send(`{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5.1"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.cpu","x"]}\n`);
    const job = notifyOf((await c.lines(4))[3]!);
    const s = findShare(job, "a0000001", 0.0001);
    c.send(`{"id":3,"method":"mining.submit","params":["${ADDR}.cpu","1","${s.extranonce2}","${s.ntime}","${s.nonce}"]}\n`);
    c.send(`{"id":4,"method":"mining.submit","params":["${ADDR}.cpu","1","${s.extranonce2}","${s.ntime}","${s.nonce}"]}\n`);
    expect(await c.lines(2)).toEqual([`{"id":3,"result":true,"error":null}`, `{"id":4,"result":null,"error":[22,"Duplicate share",null]}`]);
    c.end();
    await c.closed();
    while (seen.length < 3) await Bun.sleep(5);
    expect(seen).toEqual(["connected cpu cpuminer/2.5.1", "best cpu true", "disconnected cpu 1/1"]);
    expect(shares.map((x) => [x.accepted, x.rejectCode, x.targetDifficulty, x.userAgent, x.worker])).toEqual([
      [true, null, 0.0001, "cpuminer/2.5.1", "cpu"],
      [false, 22, 0.0001, "cpuminer/2.5.1", "cpu"],
    ]);
    expect(pool.events.listenerErrors).toBe(2);
  });
});

describe("timers", () => {
  test("vardiff lowers a silent over-difficult miner; diff_updated, hashrate_update and new_block_network are emitted", async () => {
    const t = await startTestPool({ startDiff: 1000, vardiffWindowMs: 2_000, hashrateIntervalMs: 100 });
    pool = t.pool;
    const diffs: { difficulty: number; previous: number; reason: string }[] = [];
    const rates: { worker: string; sessions: number }[] = [];
    const tips: { height: number; hash: string }[] = [];
    pool.events.on("diff_updated", (e) => void diffs.push(e));
    pool.events.on("hashrate_update", (e) => void rates.push(e));
    pool.events.on("new_block_network", (e) => void tips.push(e));
    const c = await connectLines(t.port);
    c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.slow","x"]}\n`);
    const first = await c.lines(4);
    expect(first[2]).toBe(`{"id":null,"method":"mining.set_difficulty","params":[1000]}`);
    // No shares at all: after one window the pool lowers the difficulty and sends new work.
    const [lowered, work] = await c.lines(2, 6_000);
    const d = (JSON.parse(lowered!) as { params: number[] }).params[0]!;
    expect(d).toBeLessThan(1000);
    expect(notifyOf(work!).clean).toBe(false);
    expect(diffs[0]).toMatchObject({ difficulty: d, previous: 1000, reason: "vardiff" });
    while (rates.length === 0) await Bun.sleep(10);
    expect(rates[0]).toMatchObject({ worker: "slow", sessions: 1 });
    t.node.push(recordedTemplate({ previousblockhash: "22".repeat(32), height: 103 }), true);
    expect(tips).toEqual([expect.objectContaining({ height: 102, hash: "22".repeat(32), difficulty: 1 })]);
    c.end();
  });
});

describe("an address the operator banned", () => {
  test("authorize refused with 24 and a plain reason (not an address error); an open session is told and closed", async () => {
    const t = await startTestPool();
    pool = t.pool;
    const open = await connectLines(t.port);
    open.send(`{"id":1,"method":"mining.subscribe","params":["bitaxe/2.4"]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.a","x"]}\n`);
    const [, authorized] = await open.lines(2);
    expect(authorized).toBe(`{"id":2,"result":true,"error":null}`);

    t.pool.setBanned([ADDR]);
    await open.closed();
    const rest: string[] = [];
    for (;;) {
      try {
        rest.push(await open.nextLine(100));
      } catch {
        break;
      }
    }
    const told = rest.filter((l) => l.includes("client.show_message"));
    expect(told).toEqual([`{"id":null,"method":"client.show_message","params":["This payout address is banned by the pool's operator."]}`]);

    const c = await connectLines(t.port);
    c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n{"id":2,"method":"mining.authorize","params":["${ADDR}.b","x"]}\n`);
    const [, refused] = await c.lines(2);
    expect(refused).toBe(`{"id":2,"result":null,"error":[24,"this payout address is banned by the pool's operator",null]}`);
    c.end();
  });
});
