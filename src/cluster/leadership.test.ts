// Leadership on the real PostgreSQL test server: two instances on one database, exactly one
// leads; when it stops, or its lock's connection is killed by the server, the other takes over
// within its retry period. On SQLite the one process always leads.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freshPostgresUrl } from "../../test/postgres.ts";
import { until } from "../../test/until.ts";

const waitFor = (what: string, cond: () => boolean, ms = 5000) => until(what, ms, () => (cond() ? true : null), 20);
import { openStorage, type Storage } from "../db/storage.ts";
import { silentLogger } from "../log.ts";
import { createLeadership, type Leadership } from "./leadership.ts";

const RETRY_MS = 300;
const CHECK_MS = 200;
const opened: Storage[] = [];
const running: Leadership[] = [];
afterAll(async () => {
  for (const l of running) await l.stop();
  for (const s of opened) await s.close();
});

async function terminate(storage: Storage, pid: number): Promise<boolean> {
  if (storage.engine !== "postgres") throw new Error("PostgreSQL only");
  const [row] = await storage.pg.sql`SELECT pg_terminate_backend(${pid}) AS ok`;
  return row.ok === true;
}

async function instance(url: string, changes: boolean[] = []) {
  const storage = await openStorage(url, { postgres: { max: 3 } });
  opened.push(storage);
  const l = await createLeadership(storage, { log: silentLogger, retryMs: RETRY_MS, checkMs: CHECK_MS, onChange: (v) => changes.push(v) });
  running.push(l);
  return { storage, l, changes };
}

test("two instances on one database: exactly one leads; the other takes over when it stops", async () => {
  const url = await freshPostgresUrl("leader_stop");
  const a = await instance(url);
  const b = await instance(url);
  expect(a.l.isLeader()).toBe(true);
  expect(b.l.isLeader()).toBe(false);
  // Followers keep trying, and keep failing while the leader lives.
  await Bun.sleep(RETRY_MS * 3);
  expect([a.l.isLeader(), b.l.isLeader()]).toEqual([true, false]);

  const t0 = Date.now();
  await a.l.stop();
  expect(a.l.isLeader()).toBe(false);
  await waitFor("b to lead", () => b.l.isLeader());
  expect(Date.now() - t0).toBeLessThan(RETRY_MS * 3);
  expect(a.changes).toEqual([true, false]);
  expect(b.changes).toEqual([true]);

  const job: number[] = [];
  const runA = a.l.leaderOnly("count", (n: number) => void job.push(n));
  const runB = b.l.leaderOnly("count", (n: number) => void job.push(n * 10));
  await runA(1);
  await runB(2);
  expect(job).toEqual([20]);
  // A failing job is logged, never thrown into the scheduler.
  await b.l.leaderOnly("boom", () => Promise.reject(new Error("boom")))();
});

test("a leader whose lock connection dies loses leadership at once, and the other instance takes over", async () => {
  const url = await freshPostgresUrl("leader_kill");
  const a = await instance(url);
  const b = await instance(url);
  expect([a.l.isLeader(), b.l.isLeader()]).toEqual([true, false]);
  const pid = a.l.lockBackendPid();
  expect(pid).toBeGreaterThan(0);

  const t0 = Date.now();
  // The server ends the leader's lock session, as when its connection breaks.
  expect(await terminate(b.storage, pid!)).toBe(true);
  await waitFor("a to lose the lead", () => !a.l.isLeader());
  await waitFor("b to lead", () => b.l.isLeader());
  expect(Date.now() - t0).toBeLessThan(CHECK_MS + RETRY_MS * 3);
  // The one that lost steps back and stays a follower while the other leads.
  await Bun.sleep(RETRY_MS * 4);
  expect([a.l.isLeader(), b.l.isLeader()]).toEqual([false, true]);
  expect(a.changes).toEqual([true, false]);

  // Once the new leader stops, the first one leads again.
  await b.l.stop();
  await waitFor("a to lead again", () => a.l.isLeader());
});

test("on SQLite the one process is always the leader", async () => {
  const storage = await openStorage(join(mkdtempSync(join(tmpdir(), "tbg-leader-")), "tbg.sqlite"));
  opened.push(storage);
  const changes: boolean[] = [];
  const l = await createLeadership(storage, { log: silentLogger, onChange: (v) => changes.push(v) });
  running.push(l);
  expect(l.isLeader()).toBe(true);
  const ran: string[] = [];
  await l.leaderOnly("job", () => void ran.push("ran"))();
  expect(ran).toEqual(["ran"]);
  expect(l.lockBackendPid()).toBeNull();
});
