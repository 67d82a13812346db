// The hub with in-memory transports: fan-out, ownership and the slow-client rule, exactly.
import { expect, test } from "bun:test";
import { silentLogger } from "../log.ts";
import { createHub, MAX_BUFFERED_BYTES, type Transport } from "./hub.ts";

function transport(opts: { buffered?: () => number; sendResult?: () => number } = {}) {
  const got: Record<string, unknown>[] = [];
  const closed: { code: number; reason: string }[] = [];
  const t: Transport = {
    send: (text) => {
      got.push(JSON.parse(text));
      return opts.sendResult?.() ?? text.length;
    },
    buffered: opts.buffered ?? (() => 0),
    close: (code, reason) => void closed.push({ code, reason }),
  };
  return { t, got, closed };
}

test("a client that stops reading is closed (4003), the others keep getting the push", () => {
  const hub = createHub({ log: silentLogger });
  let backlog = 0;
  const slow = transport({ buffered: () => backlog });
  const dropped = transport({ sendResult: () => 0 });
  const fine = transport();
  for (const x of [slow, dropped, fine]) hub.message(hub.open(x.t, null), JSON.stringify({ action: "subscribe", channels: ["blocks"] }));
  backlog = MAX_BUFFERED_BYTES + 1;
  expect(hub.publish({ channel: "blocks", type: "block_found", data: { h: 1 } })).toBe(1);
  expect(slow.closed).toEqual([{ code: 4003, reason: "too slow: messages were not read" }]);
  expect(dropped.closed[0]?.code).toBe(4003);
  expect(fine.got.at(-1)).toEqual({ channel: "blocks", type: "block_found", data: { h: 1 } });
  expect(hub.stats()).toMatchObject({ sockets: 1, slowDropped: 2 });
  // Closed clients are forgotten: the next push reaches only the one left.
  expect(hub.publish({ channel: "blocks", type: "block_found", data: { h: 2 } })).toBe(1);
});

test("personal pushes reach only the owner's sockets; a block reaches the finder as theirs and everyone else as not", () => {
  const hub = createHub({ log: silentLogger });
  const alice = transport();
  const bob = transport();
  const anon = transport();
  hub.message(hub.open(alice.t, { userId: 1, address: "addrA", expiresAt: null }), { action: "subscribe", channels: ["shares", "blocks"] });
  hub.message(hub.open(bob.t, { userId: 2, address: "addrB", expiresAt: null }), { action: "subscribe", channels: ["shares", "blocks"] });
  hub.message(hub.open(anon.t, null), { action: "subscribe", channels: ["blocks"] });
  expect(hub.publish({ channel: "shares", type: "share_submitted", data: { worker: "w" } }, { address: "addrA" })).toBe(1);
  expect(hub.publish({ channel: "shares", type: "share_submitted", data: {} })).toBe(0); // no owner: refused
  expect(bob.got.filter((m) => m.channel === "shares")).toEqual([]);
  hub.publishWithOwner({ channel: "blocks", type: "block_found", data: { is_mine: false } }, { address: "addrA" }, { channel: "blocks", type: "block_found", data: { is_mine: true } });
  expect(alice.got.filter((m) => m.channel === "blocks")).toEqual([{ channel: "blocks", type: "block_found", data: { is_mine: true } }]);
  expect(bob.got.filter((m) => m.channel === "blocks")).toEqual([{ channel: "blocks", type: "block_found", data: { is_mine: false } }]);
  expect(anon.got.filter((m) => m.channel === "blocks")).toEqual([{ channel: "blocks", type: "block_found", data: { is_mine: false } }]);
});

test("pings every tick; no pong for the timeout closes (4002); an expired token closes (4001) first", () => {
  let t = 0;
  const hub = createHub({ log: silentLogger, now: () => t, pongTimeoutMs: 60_000 });
  const quiet = transport();
  const talker = transport();
  const expiring = transport();
  hub.open(quiet.t, null);
  const c = hub.open(talker.t, null);
  hub.open(expiring.t, { userId: 5, address: null, expiresAt: 45_000 });
  for (t = 30_000; t <= 90_000; t += 30_000) {
    hub.tick();
    hub.message(c, '{"type":"pong"}');
  }
  expect(quiet.got.filter((m) => m.type === "ping").length).toBe(2);
  expect(quiet.closed).toEqual([{ code: 4002, reason: "no pong for 60 s" }]);
  expect(expiring.closed[0]?.code).toBe(4001);
  expect(talker.closed).toEqual([]);
  expect(talker.got.filter((m) => m.type === "ping").length).toBe(3);
});
