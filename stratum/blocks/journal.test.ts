// The block-candidate journal on a real directory.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { candidateFileName, readJournal, writeCandidate, type BlockCandidate } from "./journal.ts";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const candidate = (over: Partial<BlockCandidate> = {}): BlockCandidate => ({
  hash: "00".repeat(31) + "ab",
  height: 840_000,
  state: "pending",
  reason: null,
  address: "bc1qexample",
  worker: "rig",
  shareDifficulty: 1.5e14,
  networkDifficulty: 8.6e13,
  rewardSats: 312_500_000,
  foundAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  unanswered: 0,
  hex: "00".repeat(200),
  ...over,
});

test("a candidate is written, replaced in place, and read back; no temp file stays behind", () => {
  dir = join(mkdtempSync(join(tmpdir(), "tbg-journal-")), "blocks"); // created on first write
  expect(readJournal(dir)).toEqual({ candidates: [], unreadable: [] });
  const path = writeCandidate(dir, candidate());
  expect(path).toBe(join(dir, "0000840000-" + "00".repeat(31) + "ab.json"));
  writeCandidate(dir, candidate({ state: "accepted", unanswered: 3 }));
  expect(readdirSync(dir)).toEqual([candidateFileName(candidate())]);
  expect(readJournal(dir).candidates).toEqual([candidate({ state: "accepted", unanswered: 3 })]);
});

test("candidates list in height order; a torn temp file is ignored and a foreign file reported", () => {
  dir = mkdtempSync(join(tmpdir(), "tbg-journal-"));
  writeCandidate(dir, candidate({ height: 900_001, hash: "11".repeat(32) }));
  writeCandidate(dir, candidate({ height: 99_999, hash: "22".repeat(32) }));
  // What a crash between write and rename leaves: never read as a candidate.
  writeFileSync(join(dir, `.${candidateFileName(candidate())}.tmp`), '{"hash":');
  writeFileSync(join(dir, "0000000001-bad.json"), "not json");
  const listing = readJournal(dir);
  expect(listing.candidates.map((c) => c.height)).toEqual([99_999, 900_001]);
  expect(listing.unreadable.map((u) => u.file)).toEqual(["0000000001-bad.json"]);
});
