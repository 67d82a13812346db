// Starts the compiled binary alone in an empty temp directory (no repo beside it) with no
// configuration but free ports, checks /health, /docs and the status page and that the mining
// writer thread and the pool thread (further embedded entry points) started, then stops it with
// SIGTERM and expects exit code 0 within the shutdown budget. `--postgres`: the same against a
// fresh database on a private PostgreSQL server (test/postgres.ts) through TBG_DATABASE_URL.
import { readFileSync } from "node:fs";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const postgres = args.includes("--postgres");
const bin = resolve(args.find((a) => !a.startsWith("--")) ?? "dist/tbg");
const databaseEnv: Record<string, string> = postgres
  ? { TBG_DATABASE_URL: await (await import("../test/postgres.ts")).freshPostgresUrl("smoke") }
  : {};
const dir = mkdtempSync(join(tmpdir(), "tbg-smoke-"));
copyFileSync(bin, join(dir, "tbg"));
await Bun.$`chmod +x ${join(dir, "tbg")}`;

const freePort = () => {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = s.port;
  s.stop(true);
  return p;
};
const httpPort = freePort();
const stratumPort = freePort();
const started = performance.now();
const proc = Bun.spawn([join(dir, "tbg")], {
  cwd: dir,
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, TBG_HTTP_PORT: String(httpPort), TBG_STRATUM_PORT: String(stratumPort), ...databaseEnv },
  stdout: "pipe",
  stderr: "pipe",
});
// The log is read as it comes, so it can be checked while the process runs and after.
let logs = "";
const logsDone = (async () => {
  for await (const chunk of proc.stderr) logs += new TextDecoder().decode(chunk);
})();
const fail = async (why: string): Promise<never> => {
  proc.kill("SIGKILL");
  await logsDone;
  console.error(`smoke: FAILED: ${why}\n--- output ---\n${logs}`);
  process.exit(1);
};
const get = async (path: string) => {
  const r = await fetch(`http://127.0.0.1:${httpPort}${path}`);
  return { status: r.status, text: await r.text() };
};

let up = false;
for (let i = 0; i < 200 && !up; i++) {
  up = await get("/health").then((r) => r.status === 200, () => false);
  if (!up) await Bun.sleep(25);
}
if (!up) await fail("/health never answered");
const coldStartMs = performance.now() - started;
const checks: [string, (t: string) => boolean][] = [
  ["/health", (t) => t.includes('"status":"ok"')],
  ["/docs", (t) => t.includes("SwaggerUIBundle")],
  ["/docs/json", (t) => t.includes('"openapi"')],
  ["/", (t) => t.includes(`stratum+tcp://127.0.0.1:${stratumPort}`)],
];
for (const [path, ok] of checks) {
  const r = await get(path);
  if (r.status !== 200 || !ok(r.text)) await fail(`${path} answered ${r.status}`);
}
if (postgres) {
  if (!/\[db\] postgres 127\.0\.0\.1:\d+\/tbg_smoke_\d+/.test(logs)) await fail("the log does not name the PostgreSQL database");
} else if (!existsSync(join(dir, "data", "tbg.sqlite"))) await fail("data/tbg.sqlite was not created");
// The binary started itself again in place with the allocator setting (src/allocator.ts): the
// same process, its environment now carrying the purge delay.
if (process.platform === "linux") {
  const environ = readFileSync(`/proc/${proc.pid}/environ`, "utf8").split("\0");
  if (!environ.includes("MIMALLOC_PURGE_DELAY=1000")) await fail("the server did not restart itself with MIMALLOC_PURGE_DELAY=1000");
}
for (let i = 0; i < 100 && !logs.includes("[mining] writer thread ready"); i++) await Bun.sleep(20);
if (!logs.includes("[mining] writer thread ready")) await fail("the mining writer thread did not start");
// The pool runs in its own embedded thread: a miner's subscribe must get its reply.
const subscribed = await new Promise<string>((resolve) => {
  let buf = "";
  const timer = setTimeout(() => resolve(`no reply; got ${JSON.stringify(buf)}`), 5000);
  void Bun.connect({
    hostname: "127.0.0.1",
    port: stratumPort,
    socket: {
      open: (s) => void s.write(`{"id":1,"method":"mining.subscribe","params":["smoke/1"]}\n`),
      data(s, chunk) {
        buf += chunk.toString();
        if (buf.includes("\n")) {
          clearTimeout(timer);
          s.end();
          resolve(buf.slice(0, buf.indexOf("\n")));
        }
      },
    },
  }).catch((err: unknown) => resolve(String(err)));
});
if (!subscribed.startsWith('{"id":1,"result":')) await fail(`the pool thread did not answer mining.subscribe: ${subscribed}`);
const stopAt = performance.now();
proc.kill("SIGTERM");
const code = await Promise.race([proc.exited, Bun.sleep(5000).then(() => -1)]);
if (code !== 0) await fail(code === -1 ? "did not exit within 5 s of SIGTERM" : `exit code ${code} after SIGTERM`);
console.log(
  `smoke${postgres ? " (postgres)" : ""}: ok — cold start to serving ${coldStartMs.toFixed(0)} ms, shutdown ${(performance.now() - stopAt).toFixed(0)} ms; health, docs, status page, data dir, writer thread, pool thread`,
);
process.exit(0); // a private PostgreSQL server (--postgres) ends with this process
