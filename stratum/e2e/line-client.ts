// A raw TCP line client for tests: send exact bytes, wait for exact lines or the close.
import type { Socket } from "bun";

export interface LineClient {
  send(text: string): void;
  /** Next received line; rejects after timeoutMs or if the server closes first. */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Lines until `count` have arrived. */
  lines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Resolves when the server closes the connection. */
  closed(timeoutMs?: number): Promise<void>;
  readonly isClosed: boolean;
  end(): void;
  /** Stop reading from the socket (to build back-pressure). */
  pause(): void;
}

export async function connectLines(port: number, host = "127.0.0.1"): Promise<LineClient> {
  const received: string[] = [];
  let partial = "";
  let isClosed = false;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const decoder = new TextDecoder();
  const socket: Socket<undefined> = await Bun.connect({
    hostname: host,
    port,
    socket: {
      data(_s, chunk) {
        partial += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = partial.indexOf("\n")) !== -1) {
          received.push(partial.slice(0, nl));
          partial = partial.slice(nl + 1);
        }
        wake();
      },
      close() {
        isClosed = true;
        wake();
      },
      error() {
        isClosed = true;
        wake();
      },
    },
  });

  const waitFor = async (cond: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };

  return {
    send(text) {
      socket.write(text);
    },
    async nextLine(timeoutMs = 5000) {
      await waitFor(() => received.length > 0 || isClosed, timeoutMs, "a line");
      const line = received.shift();
      if (line === undefined) throw new Error("connection closed before a line arrived");
      return line;
    },
    async lines(count, timeoutMs = 5000) {
      await waitFor(() => received.length >= count || isClosed, timeoutMs, `${count} lines`);
      if (received.length < count) throw new Error(`closed after ${received.length} of ${count} lines: ${JSON.stringify(received)}`);
      return received.splice(0, count);
    },
    async closed(timeoutMs = 5000) {
      await waitFor(() => isClosed, timeoutMs, "close");
    },
    get isClosed() {
      return isClosed;
    },
    end() {
      socket.end();
    },
    pause() {
      socket.pause();
    },
  };
}
