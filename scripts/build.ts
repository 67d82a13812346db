// Builds dist/tbg: one executable with the runtime, views, static assets and migrations
// embedded (assets through `with { type: "file" }` imports, migrations through the bundle).
import { $ } from "bun";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const out = join(root, "dist", "tbg");
const target = process.env.TBG_BUILD_TARGET; // e.g. bun-linux-arm64 for a Raspberry Pi

const result = await Bun.build({
  // The mining writer thread and the pool thread are further entry points, embedded under the
  // bundle root, the repository's top directory: ./src/mining/writer-worker.ts and
  // ./stratum/thread/pool-thread.ts (see src/mining/writer-thread.ts, stratum/thread/threaded-pool.ts).
  entrypoints: [join(root, "src", "main.ts"), join(root, "src", "mining", "writer-worker.ts"), join(root, "stratum", "thread", "pool-thread.ts")],
  compile: { outfile: out, ...(target ? { target: target as Bun.Build.CompileTarget } : {}) },
  minify: true,
  sourcemap: "linked",
  define: { "process.env.NODE_ENV": '"production"' },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
const size = (await $`stat -c %s ${out}`.text()).trim();
console.log(`built ${out} (${(Number(size) / 1e6).toFixed(1)} MB)`);
