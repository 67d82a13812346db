// A listening port another program holds: the one start-up failure an operator meets most. It is
// told in one line naming the port and the setting, instead of a stack trace.

/** A problem the operator fixes in the configuration; main.ts prints its message alone and exits 1. */
export class StartupProblem extends Error {}

function inUse(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === "EADDRINUSE" || /EADDRINUSE|address already in use|in use\?/i.test(String(err?.message ?? ""));
}

/** Runs `bind`; a port already taken becomes a StartupProblem naming `port` and `variable`. */
export async function bindOrExplain<T>(bind: () => T | Promise<T>, port: number, variable: string): Promise<T> {
  try {
    return await bind();
  } catch (e) {
    if (inUse(e)) throw new StartupProblem(`port ${port} is already in use (${variable}): stop the program that holds it, or set ${variable} to a free port`);
    throw e;
  }
}
