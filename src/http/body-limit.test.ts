// Large and deeply nested bodies are refused before they cost the process anything: the
// answer comes while the client has sent only a sliver of what it announced.
import { afterAll, expect, test } from "bun:test";
import { Elysia, t } from "elysia";
import { appHarness } from "../../test/app-harness.ts";
import { BODY_LIMITS, MAX_JSON_DEPTH } from "./body-limit.ts";

const echo = () =>
  new Elysia()
    .post("/api/v1/echo", ({ body }) => body, { body: t.Object({ n: t.Integer(), tags: t.Optional(t.Array(t.Any())) }) })
    .post("/form", ({ body }) => body);

const h = await appHarness({ features: [echo] });
const server = h.app.listen({ hostname: "127.0.0.1", port: 0 });
const port = server.server!.port!;
afterAll(() => server.server?.stop(true));

/** Writes `head` and `body` on a raw socket and resolves with the response head once it arrives. */
function rawRequest(head: string, body: string): Promise<{ text: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let text = "";
    let sent = 0;
    let done = false;
    // Only so a server that waits for the whole body fails the test instead of hanging it.
    const deadline = setTimeout(() => !done && reject(new Error("no answer while the body was still unsent")), 30_000);
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(s) {
          sent += s.write(head);
          sent += s.write(body);
        },
        data(s, chunk) {
          text += chunk.toString();
          const end = text.indexOf("\r\n\r\n");
          const len = /content-length: (\d+)/i.exec(text);
          if (!done && end >= 0 && len && text.length >= end + 4 + Number(len[1])) {
            done = true;
            clearTimeout(deadline);
            resolve({ text, sentBytes: sent });
            s.end();
          }
        },
        close() {
          clearTimeout(deadline);
          if (!done) (text ? resolve({ text, sentBytes: sent }) : reject(new Error("closed without an answer")));
          done = true;
        },
        error(_s, e) {
          reject(e);
        },
      },
    }).catch(reject);
  });
}

const jsonOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));

test("a 100 MB Content-Length gets 413 after a few bytes, before the body is sent", async () => {
  const r = await rawRequest(
    "POST /api/v1/echo HTTP/1.1\r\nHost: pool.lan\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
    '{"n":1,"tags":["' + "a".repeat(1000),
  );
  expect(r.text).toStartWith("HTTP/1.1 413");
  // The answer came although only ~1 KB of the announced 100 MB was ever written.
  expect(r.sentBytes).toBeLessThan(2000);
});

test("between the route limit and the server cap the app answers 413 with the error shape", async () => {
  const api = BODY_LIMITS.find((l) => l.prefix === "/api/")!.bytes;
  const r = await rawRequest(`POST /api/v1/echo HTTP/1.1\r\nHost: pool.lan\r\nContent-Type: application/json\r\nContent-Length: ${api + 1}\r\n\r\n`, '{"n":1');
  expect(r.text).toStartWith("HTTP/1.1 413");
  expect(jsonOf(r.text)).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: `The request body is larger than ${api} bytes`, details: { limit_bytes: api } } });
  // Page forms have their own, smaller limit.
  const forms = BODY_LIMITS.find((l) => l.prefix === "/")!.bytes;
  const f = await h.request("/form", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=" + "x".repeat(forms) });
  expect(f.status).toBe(413);
  expect(((await f.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
});

test("a chunked body (no Content-Length) is cut off at the limit", async () => {
  const chunk = "x".repeat(16 * 1024);
  const start = '{"n":1,"tags":["';
  const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("");
  const r = await rawRequest("POST /api/v1/echo HTTP/1.1\r\nHost: pool.lan\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", `${start.length.toString(16)}\r\n${start}\r\n` + chunks);
  expect(r.text).toStartWith("HTTP/1.1 413");
  expect(jsonOf(r.text).error.code).toBe("PAYLOAD_TOO_LARGE");
});

test("deeply nested JSON is refused without being parsed; normal bodies still work", async () => {
  const deep = "[".repeat(20_000) + "]".repeat(20_000);
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"n":1,"tags":${deep}}` });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: { code: "BODY_TOO_DEEP", message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted`, details: { max_depth: MAX_JSON_DEPTH } } });
  // Brackets inside strings are text, not nesting.
  const ok = await fetch(`http://127.0.0.1:${port}/api/v1/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 2, tags: ["[".repeat(500), { a: [1, [2]] }] }) });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ n: 2, tags: ["[".repeat(500), { a: [1, [2]] }] });
  const form = await fetch(`http://127.0.0.1:${port}/form`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a%40b.c&x=1" });
  expect(await form.json()).toEqual({ email: "a@b.c", x: "1" });
  const broken = await h.request("/api/v1/echo", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
  expect(broken.status).toBe(400);
  expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("MALFORMED_BODY");
});
