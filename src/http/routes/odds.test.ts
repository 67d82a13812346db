// The odds on the miner's dashboard and public profile: said to be unknown without a network
// difficulty, worked out (Poisson) once the pool has seen the network's tip.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { fullApp, MINER, type FullApp } from "../../../test/full-app.ts";
import { testQuery } from "../../../test/storage.ts";
import { blockOdds, percent } from "../../compete/odds.ts";

let f: FullApp;
beforeAll(async () => {
  f = await fullApp();
});
afterAll(() => f.close());

const get = (path: string) => f.app.handle(new Request(`http://127.0.0.1${path}`, { headers: { accept: "text/html" } }));

test("without a network difficulty the dashboard says the odds cannot be worked out (never 0%)", async () => {
  const page = await (await get(`/dashboard?address=${MINER}`)).text();
  expect(page).toContain('data-testid="odds-unknown"');
  expect(page).toContain("The network difficulty is not known yet");
  expect(page).toContain("Your best share this week was a 1 in");
  const json = await (await f.app.handle(new Request(`http://127.0.0.1/api/v1/public/miners/${MINER}`))).json();
  expect(json.odds).toBeNull();
});

test("with the network's difficulty known, the dashboard shows the Poisson chances for the miner's hashrate", async () => {
  await testQuery(f.storage, "INSERT INTO network_blocks (height, hash, difficulty, seen_at) VALUES (?, ?, ?, ?)", [925_000, "00".repeat(32), 1.2e14, Date.now()]);
  const page = await (await get(`/dashboard?address=${MINER}`)).text();
  expect(page).not.toContain("odds-unknown");
  const hashrate = /data-testid="hashrate">([^<]*)</.exec(page)![1];
  expect(hashrate).toBeDefined();
  const year = /data-testid="odds-year">([^<]*)</.exec(page)![1]!;
  expect(year).toMatch(/%$|^1 in /);
  expect(page).toMatch(/data-testid="odds-expected">[^<]+(years|days|hours)</);
  // The public profile carries the same numbers (the hashrate is hidden by default: no odds then).
  const json = await (await f.app.handle(new Request(`http://127.0.0.1/api/v1/public/miners/${MINER}`))).json();
  expect(json.best_share_one_in.alltime).toBe(json.best_diff.alltime * 2 ** 32);
  expect(percent(blockOdds(0, 1.2e14)!.chance.year)).toBe("0%");
});
