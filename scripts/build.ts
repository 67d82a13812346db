// Builds dist/tbg: one executable with the runtime, views, static assets and migrations
// embedded (assets through `with { type: "file" }` imports, migrations through the bundle).
import { $ } from "bun";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const out = join(root, "dist", "tbg");
const target = process.env.TBG_BUILD_TARGET; // e.g. bun-linux-arm64 for a Raspberry Pi

const result = await Bun.build({
  // The mining writer thread is a second entry point, embedded as ./mining/writer-worker.ts
  // under the bundle root (see src/mining/writer-thread.ts).
  entrypoints: [join(root, "src", "main.ts"), join(root, "src", "mining", "writer-worker.ts")],
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
