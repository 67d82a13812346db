/** Polls `probe` until it returns non-null; for tests that wait on another process (a node, a server). */
export async function until<T>(what: string, ms: number, probe: () => Promise<T | null> | T | null, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(everyMs);
  }
}
