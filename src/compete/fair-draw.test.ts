// The lottery's public rule: winners in proportion to tickets, a commitment that moves with any
// ticket, a verifier that refuses a tampered file, and values anyone can recompute by hand.
import { expect, test } from "bun:test";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { buildTicketFile, commitmentOf, drawWinners, ownerOf, seedOf, verifyDraw } from "./fair-draw.ts";

const HASH = "00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";

test("first places over 20,000 seeded draws follow the tickets (chi-square, 4 degrees of freedom, p > 0.001)", () => {
  const tickets = [1, 2, 3, 4, 10];
  const { file } = buildTicketFile("2026-11-23", 100, tickets.map((t, i) => ({ name: `m${i}`, tickets: t })));
  const DRAWS = 20_000;
  const wins = new Array(tickets.length).fill(0);
  const seconds = new Array(tickets.length).fill(0);
  for (let i = 0; i < DRAWS; i++) {
    const w = drawWinners(bytesToHex(sha256(new TextEncoder().encode(`draw ${i}`))), file);
    expect(new Set(w.map((x) => x.entry)).size).toBe(3); // distinct winners
    wins[w[0]!.entry]++;
    seconds[w[1]!.entry]++;
  }
  const chi2 = tickets.reduce((s, t, i) => {
    const expected = (DRAWS * t) / 20;
    return s + (wins[i] - expected) ** 2 / expected;
  }, 0);
  expect(chi2).toBeLessThan(18.47);
  // The biggest holder wins most often, the smallest least.
  expect(wins[4]).toBeGreaterThan(wins[3]);
  expect(wins[0]).toBeLessThan(wins[1]);
  expect(seconds.reduce((a, b) => a + b, 0)).toBe(DRAWS);
});

test("changing one ticket changes the commitment", () => {
  const a = buildTicketFile("2026-11-23", 100, [{ name: "a", tickets: 5 }, { name: "b", tickets: 7 }]);
  const b = buildTicketFile("2026-11-23", 100, [{ name: "a", tickets: 5 }, { name: "b", tickets: 8 }]);
  const c = buildTicketFile("2026-11-23", 101, [{ name: "a", tickets: 5 }, { name: "b", tickets: 7 }]);
  expect(commitmentOf(a.text)).toMatch(/^[0-9a-f]{64}$/);
  expect(commitmentOf(a.text)).not.toBe(commitmentOf(b.text));
  expect(commitmentOf(a.text)).not.toBe(commitmentOf(c.text));
  expect(a.file.entries).toEqual([{ name: "a", first: 0, last: 4 }, { name: "b", first: 5, last: 11 }]);
});

test("the verifier accepts the published draw and rejects a tampered ticket file or other winners", () => {
  const { text, file } = buildTicketFile("2026-11-23", 100, [{ name: "a", tickets: 5 }, { name: "b", tickets: 7 }, { name: "c", tickets: 1 }, { name: "d", tickets: 30 }]);
  const commitment = commitmentOf(text);
  const winners = drawWinners(seedOf(HASH, commitment), file);
  expect(verifyDraw(text, HASH, { commitment, winners }).ok).toBe(true);
  const tampered = text.replace('"last": 4', '"last": 40');
  const v = verifyDraw(tampered, HASH, { commitment, winners });
  expect(v.ok).toBe(false);
  expect(v.reason).toContain("not the published commitment");
  const other = verifyDraw(text, HASH, { commitment, winners: [{ position: 1, ticket: (winners[0]!.ticket + 1) % 43 }, ...winners.slice(1)] });
  expect(other.ok).toBe(false);
  expect(verifyDraw(text, HASH.replace(/^0/, "1"), { commitment, winners }).ok).toBe(false);
});

test("the seed is SHA-256 of the 64 bytes block hash ‖ commitment; tickets map to their owners", () => {
  const c = "11".repeat(32);
  const bytes = new Uint8Array(64);
  bytes.set(Buffer.from(HASH, "hex"), 0);
  bytes.set(Buffer.from(c, "hex"), 32);
  expect(seedOf(HASH, c)).toBe(new Bun.CryptoHasher("sha256").update(bytes).digest("hex"));
  const entries = [{ name: "a", first: 0, last: 4 }, { name: "b", first: 5, last: 5 }, { name: "c", first: 6, last: 9 }];
  expect([0, 4, 5, 6, 9].map((t) => ownerOf(entries, t))).toEqual([0, 0, 1, 2, 2]);
  expect(() => seedOf("xyz", c)).toThrow();
  // One miner: one winner, not three.
  expect(drawWinners(seedOf(HASH, c), { total_tickets: 3, entries: [{ name: "solo", first: 0, last: 2 }] })).toHaveLength(1);
});

test("the README's standalone script finds the same winners and refuses a tampered file", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const readme = await Bun.file(join(import.meta.dir, "../../README.md")).text();
  const script = /<!-- verify-lottery\.mjs -->\n```js\n([\s\S]*?)```/.exec(readme)![1]!;
  const dir = mkdtempSync(join(tmpdir(), "tbg-verify-"));
  writeFileSync(join(dir, "verify-lottery.mjs"), script);
  const { text, file } = buildTicketFile("2026-11-23", 925_006, [{ name: "Alice", tickets: 12 }, { name: "Miner K7Q2M4XA", tickets: 3 }, { name: "bc1qar…5mdq", tickets: 40 }, { name: "Dave", tickets: 1 }]);
  writeFileSync(join(dir, "tickets.json"), text);
  const commitment = commitmentOf(text);
  const winners = drawWinners(seedOf(HASH, commitment), file);
  const run = (...args: string[]) => Bun.spawnSync(["bun", join(dir, "verify-lottery.mjs"), ...args]);
  const ok = run(join(dir, "tickets.json"), HASH, commitment);
  expect(ok.exitCode).toBe(0);
  const lines = ok.stdout.toString().trim().split("\n");
  expect(lines.slice(3)).toEqual(winners.map((w) => `place ${w.position}: ticket ${w.ticket} ${file.entries[w.entry]!.name}`));
  expect(lines[2]).toBe(`seed ${seedOf(HASH, commitment)}`);
  writeFileSync(join(dir, "tickets.json"), text.replace('"last": 11', '"last": 12'));
  const bad = run(join(dir, "tickets.json"), HASH, commitment);
  expect(bad.exitCode).toBe(1);
  expect(bad.stdout.toString()).toContain("MISMATCH");
});
