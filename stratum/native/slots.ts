// Zeroed arrays of 64-bit slots in memory the JavaScript heap does not see.
//
// Why: JavaScriptCore sizes its young generation by the heap's size, and an ArrayBuffer's bytes
// count as heap. A job's table of remembered share keys grows to tens of megabytes at tens of
// thousands of shares a second; as typed arrays those megabytes made every young collection
// larger and its pause longer (a 64 MB table in the pool thread moved the 10,000 shares/s p99
// from 1.3-1.5 ms to 2.0-2.2 ms). The same bytes mapped with mmap are invisible to that sizing.
//
// Reads go through bun:ffi's `read.f64` (as fast as a typed array: a cache miss either way),
// writes through one memcpy call from an 8-byte scratch array (~30 ns). Memory is given back by
// `release` (a job's last holder, ../protocol/seen.ts); collecting an owner that was never
// released frees it too (FinalizationRegistry), but the collector cannot see this memory, so
// that may take until its next full collection.
import { dlopen, FFIType, ptr, read } from "bun:ffi";

interface Libc {
  mmap(addr: null, length: number, prot: number, flags: number, fd: number, offset: number): number | bigint;
  munmap(addr: number, length: number): number;
  memcpy(dst: number, src: number, n: number): number | null;
}

// Linux values (x86-64 and arm64 alike). Anonymous private pages are zeroed and only take
// memory once written; munmap gives them straight back (malloc could keep them in its arenas).
const PROT_READ_WRITE = 0x3;
const MAP_PRIVATE_ANONYMOUS = 0x22;

function openLibc(): Libc | null {
  if (process.platform !== "linux") return null;
  try {
    // The C library the runtime itself is linked against (already loaded, so found by name).
    const { symbols } = dlopen("libc.so.6", {
      mmap: { args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64], returns: FFIType.i64_fast },
      munmap: { args: [FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
      memcpy: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.ptr },
    });
    return symbols as unknown as Libc;
  } catch {
    return null;
  }
}

let libc: Libc | null | undefined;
// Backed by its own ArrayBuffer, so its memory has a fixed address (a small typed array made
// directly may have its storage moved when a pointer to it is first taken).
const scratch = new Float64Array(new ArrayBuffer(8));
let scratchPtr = 0;

/** Bytes currently held by native slot arrays in this thread (what the tests check). */
export let nativeSlotBytes = 0;

const freed = new FinalizationRegistry<{ p: number; bytes: number }>((held) => {
  if (held.p !== 0) release(held);
});

function release(held: { p: number; bytes: number }): void {
  libc!.munmap(held.p, held.bytes);
  nativeSlotBytes -= held.bytes;
  held.p = 0;
}

/** A fixed-size array of float64 slots, all 0 at first. */
export interface Slots {
  readonly length: number;
  get(i: number): number;
  set(i: number, v: number): void;
  /** Frees the memory now (the array must not be used after). */
  release(): void;
}

class NativeSlots implements Slots {
  private readonly held: { p: number; bytes: number };
  constructor(
    private readonly p: number,
    readonly length: number,
  ) {
    this.held = { p, bytes: length * 8 };
    nativeSlotBytes += length * 8;
    freed.register(this, this.held, this.held);
  }
  get(i: number): number {
    return read.f64(this.p, i * 8);
  }
  set(i: number, v: number): void {
    scratch[0] = v;
    libc!.memcpy(this.p + i * 8, scratchPtr, 8);
  }
  release(): void {
    if (this.held.p === 0) return;
    freed.unregister(this.held);
    release(this.held);
  }
}

class HeapSlots implements Slots {
  private readonly a: Float64Array;
  constructor(readonly length: number) {
    this.a = new Float64Array(length);
  }
  get(i: number): number {
    return this.a[i]!;
  }
  set(i: number, v: number): void {
    this.a[i] = v;
  }
  release(): void {}
}

/** `length` zeroed slots outside the JavaScript heap; in a typed array where that is not possible. */
export function allocSlots(length: number, native = true): Slots {
  if (native) {
    if (libc === undefined) {
      libc = openLibc();
      if (libc !== null) scratchPtr = ptr(scratch);
    }
    if (libc !== null) {
      const p = libc.mmap(null, length * 8, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
      if (typeof p === "number" && p > 0) return new NativeSlots(p, length);
    }
  }
  return new HeapSlots(length);
}
