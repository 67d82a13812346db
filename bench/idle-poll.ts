// BENCH_IDLE_POLL=1 for bench:stratum-limit: keeps the benchmark's cores from going idle.
//
// Why: on a virtual machine whose kernel has no halt-polling idle driver (here: KVM, no cpuidle
// driver, so an idle core executes HLT), every idle moment of a core is an exit to the host, and
// the next packet waits for the host to schedule that core again. The guest counts that wait as
// "steal". At 10,000 shares/s a core falls idle and wakes thousands of times a second, and the
// steps showed 0.2–1.4 s of steal per 10 s step on a machine that shows ~10 ms when idle: the
// cost of waking, not other tenants. It set the p99 of both pools (ours 4–8 ms, ckpool 7–17 ms).
// Bare metal wakes in microseconds, and so does a guest with `cpuidle-haltpoll` or `idle=poll`.
//
// What: one process per core at SCHED_IDLE (the lowest class: it runs only when nothing else
// wants the core) calling sched_yield(2) in a loop, which is what a polling idle loop does for a
// guest. A plain busy loop does not do: the scheduler was seen picking it for a whole 4 ms tick
// over a runnable pool thread; a loop that yields hands the core back within microseconds.
// The pools' CPU figures are their own processes' and do not include these.
//
//   bun bench/idle-poll.ts            (child: yields forever; started by startIdlePollers)
import { dlopen, FFIType } from "bun:ffi";
import { libcPath } from "../src/allocator.ts";

/** Starts a poller on each core; returns a function that stops them. Needs taskset and chrt -i. */
export function startIdlePollers(cores: number[]): () => void {
  if (Bun.which("taskset") === null || Bun.which("chrt") === null || Bun.spawnSync(["chrt", "-i", "0", "true"]).exitCode !== 0) {
    throw new Error("BENCH_IDLE_POLL needs taskset and chrt (util-linux) with SCHED_IDLE");
  }
  const self = new URL(import.meta.url).pathname;
  const procs = cores.map((core) => Bun.spawn(["taskset", "-c", String(core), "chrt", "-i", "0", "bun", self], { stdout: "ignore", stderr: "inherit" }));
  const stop = () => {
    for (const p of procs) p.kill("SIGKILL");
  };
  process.on("exit", stop);
  return stop;
}

if (import.meta.main) {
  const { symbols } = dlopen(libcPath(), { sched_yield: { args: [], returns: FFIType.i32 }, getppid: { args: [], returns: FFIType.i32 } });
  // Ends with the benchmark, however it ends (an interrupted run does not run exit handlers).
  // (process.ppid is read once, at start: ask the kernel.)
  const parent = symbols.getppid();
  for (let i = 1; ; i++) {
    symbols.sched_yield();
    if ((i & 0xffff) === 0 && symbols.getppid() !== parent) process.exit(0);
  }
}
