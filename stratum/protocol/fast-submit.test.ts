// The byte-level submit reader must agree with the general path (JSON.parse + parseSubmit) on
// every line it takes, and take the shapes real miners send.
import { describe, expect, test } from "bun:test";
import { newFastSubmit, scanSubmit } from "./fast-submit.ts";
import { parseRequest } from "./messages.ts";
import { isReject, parseSubmit } from "./submit.ts";

const enc = new TextEncoder();

/** What the general path makes of a line: the submit's values, or null when it is not one it would judge. */
function general(line: string) {
  const req = parseRequest(line);
  if (!req.ok || req.method !== "mining.submit") return null;
  const p = parseSubmit(req.params, 8);
  if (isReject(p)) return null;
  return { id: req.id, jobNumber: p.jobNumber, en2hi: p.en2hi, en2lo: p.en2lo, ntime: p.ntime, nonce: p.nonce, versionBits: p.versionBits };
}

function fast(line: string) {
  const bytes = enc.encode(`  ${line}  `);
  const out = newFastSubmit();
  if (!scanSubmit(bytes, 2, bytes.length - 2, out, 8)) return null;
  return { ...out };
}

const ADDR = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

describe("lines real miners send are read from the bytes, with the general path's values", () => {
  const taken = [
    // Bitaxe / ESP-Miner: version bits, no spaces
    `{"id":42,"method":"mining.submit","params":["${ADDR}.bitaxe","1a2f","00000000a1b2c3d4","6745a1b2","1f2e3d4c","00002000"]}`,
    // cgminer / bmminer: spaces after separators, params first
    `{"params": ["${ADDR}.s19", "1a2f", "00000001deadbeef", "6745a1b2", "0badf00d"], "id": 7, "method": "mining.submit"}`,
    // NerdMiner: unpadded nonce, jsonrpc field
    `{"jsonrpc":"2.0","id":1234567,"method":"mining.submit","params":["${ADDR}","0","0000000000000000","6745A1B2","1a2b"]}`,
    // uppercase hex everywhere but the job id; tabs; id 0; the largest id read here
    `{\t"id" :\t0 ,"method":"mining.submit","params":["w","ffffffffffff","ABCDEF0123456789","FFFFFFFF","FFFFFFFF","1FFFE000"]}`,
    `{"id":999999999999999,"method":"mining.submit","params":["w","10","0000000000000000","00000000","0"]}`,
  ];
  for (const line of taken) {
    test(line.slice(0, 70), () => {
      const f = fast(line);
      expect(f).not.toBeNull();
      expect(f).toEqual(general(line) as never);
    });
  }

  test("a job id the pool never issued reads as -1 on both paths", () => {
    for (const jobId of ["1A2F", "01", "1234567890abc", "g1", "-1"]) {
      const line = `{"id":1,"method":"mining.submit","params":["w","${jobId}","0000000000000000","6745a1b2","1"]}`;
      expect(fast(line)?.jobNumber).toBe(-1);
      expect(general(line)?.jobNumber).toBe(-1);
    }
  });
});

describe("everything else is left to the general path", () => {
  const submit = (over: string) => `{"id":1,"method":"mining.submit","params":${over}}`;
  const left = [
    `{"id":"7","method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`, // string id
    `{"id":null,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":01,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`, // not JSON
    `{"id":1.5,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":1e3,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":-1,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":1234567890123456,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":1,"method":"mining.authorize","params":["w","x"]}`,
    `{"id":1,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"],"extra":1}`,
    `{"id":1,"id":2,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":1,"params":["w","1","0000000000000000","6745a1b2","1"]}`,
    `{"id":1,"method":"mining.submit"}`,
    submit(`["w\\u0041","1","0000000000000000","6745a1b2","1"]`), // an escape
    submit(`["wé","1","0000000000000000","6745a1b2","1"]`), // non-ASCII
    submit(`["w","","0000000000000000","6745a1b2","1"]`), // empty job id: its own error
    submit(`["w","${"1".repeat(65)}","0000000000000000","6745a1b2","1"]`),
    submit(`["w","1","00000000000000","6745a1b2","1"]`),
    submit(`["w","1","000000000000000g","6745a1b2","1"]`),
    submit(`["w","1","0000000000000000","6745a1b","1"]`),
    submit(`["w","1","0000000000000000","6745a1b2","123456789"]`),
    submit(`["w","1","0000000000000000","6745a1b2",""]`),
    submit(`["w","1","0000000000000000","6745a1b2","1",null]`),
    submit(`["w","1","0000000000000000","6745a1b2","1","123456789"]`),
    submit(`["w","1","0000000000000000","6745a1b2","1","2000","x"]`),
    submit(`["w","1","0000000000000000","6745a1b2"]`),
    submit(`["w",1,"0000000000000000","6745a1b2","1"]`),
    submit(`{"w":1}`),
    `{"id":1,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]} x`,
    `{"id":1,"method":"mining.submit","params":["w","1","0000000000000000","6745a1b2","1"]`,
    `["mining.submit"]`,
  ];
  for (const line of left) {
    test(line.slice(0, 90), () => {
      expect(fast(line)).toBeNull();
    });
  }

  test("no mutation of a real submit is taken with values the general path would not give", () => {
    const base = `{"id":42,"method":"mining.submit","params":["${ADDR}.bitaxe","1a2f","00000000a1b2c3d4","6745a1b2","1f2e3d4c","00002000"]}`;
    const alphabet = `{}[]":, \t0123456789abcdefABCDEFxn.\\-e`;
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      let line = base;
      for (let k = 1 + rand(3); k > 0; k--) {
        const at = rand(line.length);
        const op = rand(3);
        const c = alphabet[rand(alphabet.length)]!;
        line = op === 0 ? line.slice(0, at) + line.slice(at + 1) : op === 1 ? line.slice(0, at) + c + line.slice(at) : line.slice(0, at) + c + line.slice(at + 1);
      }
      const f = fast(line);
      if (f === null) continue;
      taken++;
      expect([line, f]).toEqual([line, general(line) as never]);
    }
    // Many mutations (a changed hex digit, a space) are still plain submits: the check saw some.
    expect(taken).toBeGreaterThan(1000);
  });
});
