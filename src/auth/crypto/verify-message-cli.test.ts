import { describe, expect, test } from "bun:test";
import core from "./fixtures/bitcoin-core-signmessage.json";
import basic from "./fixtures/bip322-basic-test-vectors.json";
import { verifyMessageCommand } from "./verify-message-cli.ts";

function run(argv: string[]) {
  const logs: string[] = [];
  const errors: string[] = [];
  const code = verifyMessageCommand(argv, { log: (s) => logs.push(s), error: (s) => errors.push(s) });
  return { code, logs, errors };
}

const p2tr = basic.simple.find((v) => v.type === "p2tr")!;

describe("tbg verify-message", () => {
  test("valid BIP-322 signature prints the method and exits 0", () => {
    const r = run(["--address", p2tr.address, "--message", p2tr.message, "--signature", p2tr.bip322_signatures[0]!]);
    expect(r).toEqual({ code: 0, logs: ["valid (bip322-simple)"], errors: [] });
  });

  test("--flag=value form and an explicit network", () => {
    const r = run([`--address=${core.address}`, `--message=${core.message}`, `--signature=${core.signature}`, "--network=regtest"]);
    expect(r).toEqual({ code: 0, logs: ["valid (bip137)"], errors: [] });
  });

  test("wrong message prints the reason and exits 1", () => {
    const r = run(["--address", core.address, "--message", "tampered", "--signature", core.signature, "--network", "regtest"]);
    expect(r).toEqual({ code: 1, logs: ["invalid: signature does not match address"], errors: [] });
  });

  test("an empty message and a message that looks like a flag are values", () => {
    const empty = basic.simple.find((v) => v.message === "" && v.type === "p2wpkh")!;
    const r = run(["--message", "", "--address", empty.address, "--signature", empty.bip322_signatures[0]!]);
    expect(r.code).toBe(0);
    const dashed = run(["--address", core.address, "--message", "--network", "--signature", core.signature, "--network", "regtest"]);
    expect(dashed).toEqual({ code: 1, logs: ["invalid: signature does not match address"], errors: [] });
  });

  test("usage errors exit 2 with the usage text on stderr", () => {
    for (const argv of [
      [],
      ["--address", core.address, "--message", core.message],
      ["--address", core.address, "--message", core.message, "--signature", core.signature, "--network", "litecoin"],
      ["--address", core.address, "--address", core.address, "--message", "m", "--signature", "s"],
      ["--bogus", "x"],
      ["stray"],
      ["--address"],
    ]) {
      const r = run(argv);
      expect(r.code).toBe(2);
      expect(r.logs).toEqual([]);
      expect(r.errors.join("\n")).toContain("usage: tbg verify-message");
    }
  });

  test("--help prints usage and exits 0", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.logs[0]).toContain("usage: tbg verify-message");
  });
});
