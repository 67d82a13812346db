// The C library, for the two things JavaScript cannot do itself: replace the process (execve)
// and hold memory the garbage collector does not count (mmap/munmap). Linux with glibc only;
// elsewhere `libcPath()` names a library that may not open, and callers fall back.
import { existsSync } from "node:fs";

const CANDIDATES = ["/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6", "/usr/lib/libc.so.6"];

export function libcPath(): string {
  return CANDIDATES.find((p) => existsSync(p)) ?? "libc.so.6";
}
