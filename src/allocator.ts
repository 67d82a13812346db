// The one allocator setting the stratum engine needs, applied before anything else runs.
//
// Bun allocates its native memory (socket reads, strings, the bytes of every share line) with
// mimalloc, which by default gives pages back to the kernel about 10 ms after they fall free
// ("purge"). Under a steady stream of shares that is a madvise every few lines and a page fault
// to take the page back. Measured with `bun run bench:stratum-limit` at 10,000 shares/s on one
// core, alternating runs: the pool's CPU fell from 38–43% to 31–37% and the p99 reply time
// from 1.8–2.4 ms to 1.4–1.5 ms with a one-second purge delay — as good as never purging
// (1.0–1.7 ms), while memory a burst left behind still goes back to the kernel a second later.
//
// mimalloc reads its options from the environment once, as the process starts, so `tbg serve`
// starts itself again in place — execve(2): the same process id, nothing a service manager or
// a container runtime can notice — with MIMALLOC_PURGE_DELAY set. An operator's own value is
// kept; where execve cannot be reached (not Linux, no glibc) the server simply runs as it is.
import { dlopen, FFIType, ptr } from "bun:ffi";
import { existsSync } from "node:fs";
import { processEnvironment } from "./config.ts";

export const PURGE_DELAY_ENV = "MIMALLOC_PURGE_DELAY";
/** Milliseconds a freed page stays with the process before it goes back to the kernel. */
export const PURGE_DELAY_MS = "1000";

/** The environment a pool process should start with: this one, with the purge delay unless one is set. */
export function allocatorEnv(env: Record<string, string> = processEnvironment()): Record<string, string> {
  return { ...env, [PURGE_DELAY_ENV]: env[PURGE_DELAY_ENV] ?? PURGE_DELAY_MS };
}

/** The C library to reach with bun:ffi: glibc's usual places, else the loader's search. */
export const libcPath = (): string =>
  ["/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6", "/usr/lib/libc.so.6"].find((p) => existsSync(p)) ?? "libc.so.6";

/** The command line that runs this same program again: the binary, or bun with its flags and the script. */
function selfArgv(): string[] {
  // In the single binary argv[1] is the embedded entry point (/$bunfs/…), which the binary
  // itself supplies; from a checkout it is the script bun must be given again.
  const compiled = (process.argv[1] ?? "").startsWith("/$bunfs/");
  return compiled ? [process.execPath, ...process.argv.slice(2)] : [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
}

/**
 * Replaces this process with itself started under the allocator setting, when it is not set
 * yet. Returns only when nothing was done (already set, or execve was not possible).
 */
export function restartWithAllocatorSetting(): void {
  const env = processEnvironment();
  if (process.platform !== "linux" || env[PURGE_DELAY_ENV] !== undefined) return;
  const libc = libcPath();
  try {
    const { symbols } = dlopen(libc, { execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 } });
    const held: Buffer[] = [];
    const cString = (s: string) => {
      const b = Buffer.from(`${s}\0`, "utf8");
      held.push(b);
      return b;
    };
    const vector = (items: string[]) => {
      const v = new BigUint64Array(items.length + 1);
      items.forEach((s, i) => (v[i] = BigInt(ptr(cString(s)))));
      return v;
    };
    const argv = selfArgv();
    const envp = Object.entries(allocatorEnv(env)).map(([k, v]) => `${k}=${v}`);
    symbols.execve(cString(argv[0]!), vector(argv), vector(envp));
    // Still here: execve refused (the binary moved, a seccomp policy); run as we are.
  } catch {
    // No C library to call: run as we are.
  }
}
