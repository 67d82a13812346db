// Worker names are rows in the database and entries in memory; one connection used to create
// 100,000 of them in 4.6 s by re-authorizing. Names are bounded in length, per connection and
// per address, and so are authorizations per connection; abuse gets a clear error, then the close.
import { afterEach, expect, test } from "bun:test";
import type { Pool } from "../pool.ts";
import { MAX_AUTHORIZE_PER_CONNECTION, MAX_WORKER_NAME, MAX_WORKERS_PER_CONNECTION } from "../protocol/limits.ts";
import { REGTEST_ADDRESS as ADDR, startTestPool } from "./harness.ts";
import { connectLines, type LineClient } from "./line-client.ts";

let pool: Pool | null = null;
afterEach(async () => {
  await pool?.stop();
  pool = null;
});

const auth = (id: number, user: string) => `{"id":${id},"method":"mining.authorize","params":[${JSON.stringify(user)},"x"]}\n`;

/** Replies to requests (numeric id), skipping work and difficulty notifications. */
async function replies(c: LineClient, n: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) {
    const line = await c.nextLine();
    if (!line.startsWith(`{"id":null`)) out.push(line);
  }
  return out;
}

test("a worker name longer than 64 characters gets a clear error; 64 is fine", async () => {
  const t = await startTestPool();
  pool = t.pool;
  const c = await connectLines(t.port);
  c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
  await c.nextLine();
  c.send(auth(2, `${ADDR}.${"w".repeat(MAX_WORKER_NAME + 1)}`));
  c.send(auth(3, `${ADDR}.${"w".repeat(MAX_WORKER_NAME)}`));
  expect(await replies(c, 2)).toEqual([
    `{"id":2,"result":null,"error":[24,"worker name longer than 64 characters",null]}`,
    `{"id":3,"result":true,"error":null}`,
  ]);
  c.end();
});

test("100,000 re-authorizations with new names on one connection: a few workers, an error, the close", async () => {
  const t = await startTestPool();
  pool = t.pool;
  const connected: string[] = [];
  t.pool.events.on("miner_connected", (e) => void connected.push(e.worker));
  const c = await connectLines(t.port);
  const lines = [`{"id":1,"method":"mining.subscribe","params":[]}\n`];
  for (let i = 0; i < 100_000; i++) lines.push(auth(10 + i, `${ADDR}.w${i}`));
  c.send(lines.join(""));
  const got = await replies(c, 1 + MAX_WORKERS_PER_CONNECTION + 1);
  expect(got.slice(1, -1)).toEqual(Array.from({ length: MAX_WORKERS_PER_CONNECTION }, (_, i) => `{"id":${10 + i},"result":true,"error":null}`));
  expect(got.at(-1)).toBe(
    `{"id":${10 + MAX_WORKERS_PER_CONNECTION},"result":null,"error":[24,"too many workers on one connection (limit ${MAX_WORKERS_PER_CONNECTION})",null]}`,
  );
  await c.closed(10_000);
  expect(connected).toHaveLength(MAX_WORKERS_PER_CONNECTION);
  expect(t.pool.status().limits?.authorizeAbuseCuts).toBe(1);
});

test("re-authorizing the same worker past the per-connection limit is answered, then closed", async () => {
  const t = await startTestPool();
  pool = t.pool;
  const c = await connectLines(t.port);
  const lines = [`{"id":1,"method":"mining.subscribe","params":[]}\n`];
  for (let i = 0; i < 1_000; i++) lines.push(auth(10 + i, `${ADDR}.rig`));
  c.send(lines.join(""));
  const got = await replies(c, 1 + MAX_AUTHORIZE_PER_CONNECTION + 1);
  expect(got.slice(1, -1).every((l) => l.endsWith(`"result":true,"error":null}`))).toBe(true);
  expect(got.at(-1)).toBe(
    `{"id":${10 + MAX_AUTHORIZE_PER_CONNECTION},"result":null,"error":[24,"too many mining.authorize on one connection (limit ${MAX_AUTHORIZE_PER_CONNECTION})",null]}`,
  );
  await c.closed(10_000);
  expect(t.pool.status().workers).toBe(0);
});

test("past the per-address worker cap a new name is refused; known names still work", async () => {
  const t = await startTestPool({ maxWorkersPerAddress: 20 });
  pool = t.pool;
  const conns: LineClient[] = [];
  // 20 names over 4 connections of 5, all within the per-connection limits.
  for (let k = 0; k < 4; k++) {
    const c = await connectLines(t.port);
    conns.push(c);
    c.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
    for (let i = 0; i < 5; i++) c.send(auth(10 + i, `${ADDR}.k${k}w${i}`));
    expect((await replies(c, 6)).slice(1).every((l) => l.endsWith(`"result":true,"error":null}`))).toBe(true);
  }
  const late = await connectLines(t.port);
  late.send(`{"id":1,"method":"mining.subscribe","params":[]}\n`);
  late.send(auth(2, `${ADDR}.one-too-many`));
  late.send(auth(3, `${ADDR}.k0w0`));
  expect(await replies(late, 3)).toEqual([
    expect.stringContaining(`"id":1,"result"`),
    `{"id":2,"result":null,"error":[24,"this address already has 20 workers; reuse a worker name",null]}`,
    `{"id":3,"result":true,"error":null}`,
  ]);
  expect(t.pool.status().limits?.workersRefused).toBe(1);
  for (const c of [...conns, late]) c.end();
});
