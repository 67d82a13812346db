// Shared set-up for pool tests: a pool on a free port fed by a recorded template, and miner-side
// helpers that find real shares for the jobs the pool sent.
import { shortDifficulty } from "../bitcoin/difficulty.ts";
import type { Logger } from "../net/connection.ts";
import { createPool, type Pool, type PoolOptions } from "../pool.ts";
import { nonceHex, parseNotify, prepareWork, scan, type NotifyJob } from "../miner/work.ts";
import { fixedNode, type FixedNode } from "./fixed-node.ts";

/** BIP-173's regtest P2WPKH test vector (witness program 751e76e8…433bd6). */
export const REGTEST_ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

export const quietLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function poolOptions(over: Partial<PoolOptions> = {}): PoolOptions {
  return {
    host: "127.0.0.1",
    port: 0,
    network: "regtest",
    node: fixedNode(),
    coinbaseTag: "/TheBitcoinGame/",
    feePercent: 0,
    versionMask: 0x1fffe000,
    minDiff: 0.00001,
    maxDiff: 1e12,
    startDiff: 1,
    sharesPerMin: 6,
    maxConnectionsPerIp: 100,
    idleTimeoutMs: 60_000,
    maxLineBytes: 16 * 1024,
    log: quietLog,
    extranonce1Start: 0xa0000001,
    ...over,
  };
}

export async function startTestPool(over: Partial<PoolOptions> = {}): Promise<{ pool: Pool; node: FixedNode; port: number }> {
  const node = (over.node as FixedNode | undefined) ?? fixedNode();
  const pool = createPool(poolOptions({ ...over, node }));
  const { port } = await pool.start();
  return { pool, node, port };
}

/** What the pool says to a worker whose share beat its best (client.show_message). */
export function bestShareLine(difficulty: number): string {
  return `{"id":null,"method":"client.show_message","params":["New best share: ${shortDifficulty(difficulty)}"]}`;
}

/** The notify params of a line the pool sent. */
export function notifyOf(line: string): NotifyJob {
  const msg = JSON.parse(line) as { method: string; params: unknown };
  if (msg.method !== "mining.notify") throw new Error(`not a notify: ${line}`);
  const job = parseNotify(msg.params);
  if (job === null) throw new Error(`bad notify: ${line}`);
  return job;
}

export interface TestShare {
  extranonce2: string;
  ntime: string;
  nonce: string;
  difficulty: number;
}

/** Mines a share of at least `difficulty` for a job, the way a device would. */
export function findShare(job: NotifyJob, extranonce1: string, difficulty: number, extranonce2 = "0000000000000001", versionBits = 0): TestShare {
  const rolled = versionBits === 0 ? job : { ...job, version: ((Number.parseInt(job.version, 16) ^ versionBits) >>> 0).toString(16).padStart(8, "0") };
  const work = prepareWork(rolled, extranonce1, extranonce2);
  if (work === null) throw new Error("job fields are not hex");
  const found = scan(work, difficulty, 0, 2 ** 32);
  if (found === null) throw new Error("no share in the nonce space");
  return { extranonce2, ntime: job.ntime, nonce: nonceHex(found.nonce), difficulty: found.difficulty };
}

/** A nonce whose hash is below `difficulty` (for low-difficulty rejections). */
export function findWeakShare(job: NotifyJob, extranonce1: string, difficulty: number, extranonce2 = "00000000000000ff"): TestShare {
  const work = prepareWork(job, extranonce1, extranonce2);
  if (work === null) throw new Error("job fields are not hex");
  for (let n = 0; ; n++) {
    const hit = scan(work, 0, n, n + 1);
    if (hit !== null && hit.difficulty < difficulty) return { extranonce2, ntime: job.ntime, nonce: nonceHex(n), difficulty: hit.difficulty };
  }
}
