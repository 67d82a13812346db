import { afterEach, describe, expect, test } from "bun:test";
import { connectLines } from "../e2e/line-client.ts";
import type { Connection, Logger } from "./connection.ts";
import { startServer, type ServerOptions, type StratumServer } from "./server.ts";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let server: StratumServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

function echoServer(over: Partial<ServerOptions> = {}, closes: string[] = []): StratumServer {
  server = startServer({
    host: "127.0.0.1",
    port: 0,
    maxLineBytes: 64,
    idleTimeoutMs: 10_000,
    maxConnectionsPerIp: 10,
    log: quiet,
    onOpen(conn: Connection) {
      return {
        onLine(line) {
          if (line === "throw") throw new Error("boom");
          if (line.startsWith("flood ")) {
            const n = Number(line.slice(6));
            for (let i = 0; i < n; i++) conn.write("z".repeat(1023) + "\n");
            return;
          }
          conn.write(`echo:${line}\n`);
        },
        onClose(reason) {
          closes.push(reason);
        },
      };
    },
    ...over,
  });
  return server;
}

async function waitUntil(cond: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(5);
  }
}

describe("stratum TCP server", () => {
  test("lines come back in order on one connection", async () => {
    const s = echoServer();
    const c = await connectLines(s.port);
    c.send("a\nb\n");
    c.send("c\n");
    expect(await c.lines(3)).toEqual(["echo:a", "echo:b", "echo:c"]);
    c.end();
  });

  test("lines taken from the bytes and lines taken as text answer in order; numbers written as bytes read as JSON prints them", async () => {
    const numbers = [0, 7, 10, 4096, 999_999_999_999_999, 2 ** 53 - 1];
    const head = new TextEncoder().encode('{"n":');
    const tail = new TextEncoder().encode("}\n");
    const s = echoServer({
      onOpen(conn: Connection) {
        return {
          // Lines starting "#" are taken from the bytes (as a submit is), the rest as text.
          onLineBytes(bytes, start, end) {
            if (bytes[start] !== 0x23) return false;
            conn.writeAround(head, numbers[bytes[start + 1]! - 0x30]!, tail);
            return true;
          },
          onLine(line) {
            conn.write(`echo:${line}\n`);
          },
          onClose() {},
        };
      },
    });
    const c = await connectLines(s.port);
    c.send(`a\n${numbers.map((_, i) => `#${i}\n`).join("")}b\n`);
    expect(await c.lines(numbers.length + 2)).toEqual(["echo:a", ...numbers.map((n) => JSON.stringify({ n })), "echo:b"]);
    c.end();
  });

  test("an oversized line closes only that connection", async () => {
    const closes: string[] = [];
    const s = echoServer({}, closes);
    const bad = await connectLines(s.port);
    const good = await connectLines(s.port);
    bad.send("x".repeat(100));
    await bad.closed();
    expect(closes).toEqual(["line longer than 64 bytes"]);
    good.send("still here\n");
    expect(await good.nextLine()).toBe("echo:still here");
    good.end();
  });

  test("a throwing handler closes that peer and the server keeps serving", async () => {
    const s = echoServer();
    const a = await connectLines(s.port);
    a.send("throw\n");
    await a.closed();
    const b = await connectLines(s.port);
    b.send("hi\n");
    expect(await b.nextLine()).toBe("echo:hi");
    b.end();
  });

  test("per-IP cap refuses the extra connection", async () => {
    const s = echoServer({ maxConnectionsPerIp: 2 });
    const a = await connectLines(s.port);
    const b = await connectLines(s.port);
    const c = await connectLines(s.port);
    await c.closed();
    a.send("1\n");
    expect(await a.nextLine()).toBe("echo:1");
    a.end();
    await waitUntil(() => s.connections.size === 1);
    const d = await connectLines(s.port);
    d.send("2\n");
    expect(await d.nextLine()).toBe("echo:2");
    b.end();
    d.end();
  });

  test("idle peers are closed", async () => {
    const closes: string[] = [];
    const s = echoServer({ idleTimeoutMs: 200 }, closes);
    const c = await connectLines(s.port);
    await c.closed(3000);
    expect(closes).toEqual(["idle timeout"]);
  });

  test("a peer that stops reading is dropped when its queue passes the bound", async () => {
    const closes: string[] = [];
    const s = echoServer({ maxQueueBytes: 64 * 1024 }, closes);
    const c = await connectLines(s.port);
    c.pause();
    // 8 MiB cannot fit in socket buffers plus a 64 KiB queue.
    c.send("flood 8192\n");
    await waitUntil(() => closes.length === 1, 5000);
    expect(closes[0]).toBe("write queue over limit");
    expect(s.connections.size).toBe(0);
  });

  test("a peer stuck with a small queue is dropped after the stuck timeout", async () => {
    const closes: string[] = [];
    const s = echoServer({ maxQueueBytes: 64 * 1024 * 1024, stuckTimeoutMs: 300 }, closes);
    const c = await connectLines(s.port);
    c.pause();
    c.send("flood 8192\n");
    await waitUntil(() => closes.length === 1, 5000);
    expect(closes[0]).toBe("peer not reading");
  });

  test("stop closes peers and resolves", async () => {
    const closes: string[] = [];
    const s = echoServer({}, closes);
    const c = await connectLines(s.port);
    c.send("x\n");
    await c.nextLine();
    await s.stop();
    await c.closed();
    expect(closes).toEqual(["pool stopping"]);
    server = null;
  });
});
