// The deployment files say what they claim: the systemd unit is hardened and restarts, its env
// example and both compose files configure a tbg that loadConfig accepts, pointing at the node
// and database services they define, with state on volumes.
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, SPEC } from "../src/config.ts";

const here = import.meta.dir;

/** systemd's unit syntax: [Section] then Key=Value lines; a key may repeat. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const s = /^\[([A-Za-z]+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      out[section] ??= {};
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!kv || section === null) throw new Error(`not a unit line: ${line}`);
    (out[section]![kv[1]!] ??= []).push(kv[2]!);
  }
  return out;
}

/** KEY=value lines (comments and blanks skipped), as an env file. */
function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) throw new Error(`not an env line: ${line}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} against `env`. */
function interpolate(v: string, env: Record<string, string>): string {
  return v.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const val = env[name];
    if (val !== undefined && val !== "") return val;
    if (op === "?") throw new Error(`${name} required: ${arg}`);
    return op === "-" ? arg : "";
  });
}

test("the systemd unit is hardened, restarts on failure and keeps its state in its StateDirectory", async () => {
  const unit = parseUnit(await Bun.file(join(here, "tbg.service")).text());
  const svc = unit.Service!;
  const one = (k: string) => svc[k]?.[0];
  expect(one("DynamicUser")).toBe("yes");
  expect(one("ProtectSystem")).toBe("strict");
  expect(one("ProtectHome")).toBe("yes");
  expect(one("NoNewPrivileges")).toBe("yes");
  expect(one("PrivateTmp")).toBe("yes");
  expect(one("Restart")).toBe("on-failure");
  expect(one("KillSignal")).toBe("SIGTERM");
  expect(one("ExecStart")).toBe("/usr/local/bin/tbg");
  expect(one("StateDirectory")).toBe("tbg");
  // The data dir is the state directory: ProtectSystem=strict leaves only it writable.
  expect(svc.Environment).toContain("TBG_DATA_DIR=/var/lib/tbg");
  expect(svc.MemoryDenyWriteExecute).toBeUndefined(); // the JIT needs it off
  expect(unit.Install!.WantedBy).toEqual(["multi-user.target"]);
  expect(unit.Unit!.After![0]).toContain("network-online.target");
});

test("the env example for the unit is a configuration tbg accepts", async () => {
  const env = parseEnv(await Bun.file(join(here, "tbg.env.example")).text());
  for (const k of Object.keys(env)) expect(Object.keys(SPEC)).toContain(k);
  const r = loadConfig({ ...env, TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-unit-")) });
  expect(r.ok ? [] : r.errors).toEqual([]);
  expect(r.ok && r.config.node.cookieFile).toBe("/var/lib/bitcoind/.cookie");
});

for (const [file, engine] of [["compose.yaml", "sqlite"], ["compose.postgres.yaml", "postgres"]] as const) {
  test(`${file}: tbg talks to the node (and database) services it defines, state on volumes, ports published`, async () => {
    const doc = Bun.YAML.parse(await Bun.file(join(here, file)).text()) as {
      services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; restart?: string; depends_on?: unknown; healthcheck?: unknown }>;
      volumes: Record<string, unknown>;
    };
    const vars = parseEnv(await Bun.file(join(here, "compose.env.example")).text());
    const tbg = doc.services.tbg!;
    const node = doc.services.bitcoind!;
    expect(tbg.build).toEqual({ context: "..", dockerfile: "Dockerfile" });
    expect(await Bun.file(join(here, "..", tbg.build!.dockerfile)).exists()).toBe(true);
    expect(tbg.restart).toBe("unless-stopped");
    expect(node.restart).toBe("unless-stopped");
    const env = Object.fromEntries(Object.entries(tbg.environment!).map(([k, v]) => [k, interpolate(String(v), vars)]));
    for (const k of Object.keys(env)) expect(Object.keys(SPEC)).toContain(k);
    // The node's RPC: same host name as the service, same port, same user and password.
    const args = node.command!.map((a) => interpolate(a, vars));
    const rpcUrl = new URL(env.TBG_BITCOIN_RPC_URL!);
    expect(Object.keys(doc.services)).toContain(rpcUrl.hostname);
    expect(args).toContain(`-rpcport=${rpcUrl.port}`);
    expect(args).toContain(`-rpcuser=${env.TBG_BITCOIN_RPC_USER}`);
    expect(args).toContain(`-rpcpassword=${env.TBG_BITCOIN_RPC_PASSWORD}`);
    expect(args).toContain("-server=1");
    // One data volume for tbg, mounted where TBG_DATA_DIR points; declared at the top level.
    const [vol, mount] = tbg.volumes![0]!.split(":");
    expect(mount).toBe(env.TBG_DATA_DIR);
    expect(Object.keys(doc.volumes)).toContain(vol!);
    expect(tbg.ports).toEqual([`${env.TBG_STRATUM_PORT}:${env.TBG_STRATUM_PORT}`, `${env.TBG_HTTP_PORT}:${env.TBG_HTTP_PORT}`]);
    // What the tbg container gets is a configuration tbg accepts (the data dir stands in for /data).
    const r = loadConfig({ ...env, TBG_DATA_DIR: mkdtempSync(join(tmpdir(), "tbg-compose-")) });
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    expect(r.config.database.engine).toBe(engine);
    if (engine === "postgres") {
      const pg = doc.services.postgres!;
      const url = new URL(env.TBG_DATABASE_URL!);
      expect(url.hostname).toBe("postgres");
      const pgEnv = Object.fromEntries(Object.entries(pg.environment!).map(([k, v]) => [k, interpolate(String(v), vars)]));
      expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER!);
      expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD!);
      expect(url.pathname.slice(1)).toBe(pgEnv.POSTGRES_DB!);
      expect(tbg.depends_on).toMatchObject({ postgres: { condition: "service_healthy" } });
      expect(pg.healthcheck).toBeDefined();
    }
  });
}

test("systemd itself accepts the unit (systemd-analyze verify), where systemd is installed", async () => {
  const analyze = Bun.which("systemd-analyze");
  if (analyze === null) return; // nothing to ask on this machine
  const dir = mkdtempSync(join(tmpdir(), "tbg-unit-verify-"));
  // verify wants ExecStart's binary to exist: the same unit with a binary that does.
  const text = (await Bun.file(join(here, "tbg.service")).text()).replace("ExecStart=/usr/local/bin/tbg", `ExecStart=${process.execPath}`);
  writeFileSync(join(dir, "tbg.service"), text);
  const p = Bun.spawn([analyze, "verify", join(dir, "tbg.service")], { stdout: "pipe", stderr: "pipe" });
  const [err, code] = [await new Response(p.stderr).text(), await p.exited];
  // Lines about the machine's own units or the missing bitcoind.service are not about this file.
  const ours = err.split("\n").filter((l) => l.includes("tbg.service") && !/bitcoind\.service|Failed to|not found/.test(l));
  expect(ours).toEqual([]);
  expect([0, 1]).toContain(code);
});
