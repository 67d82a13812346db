// Client side of bench/ws.ts, in its own process so the clients' work does not count as the
// server's: opens WebSockets, subscribes, and reports what it received over IPC.
type Cmd = { cmd: "open"; url: string; count: number; tokens: string[] | null; channels: string[] } | { cmd: "report" } | { cmd: "exit" };

const sockets: WebSocket[] = [];
const received = new Map<number, number>();
const latencies: number[] = [];
let expected = 0;

async function open(c: Extract<Cmd, { cmd: "open" }>) {
  expected = c.count;
  let subscribed = 0;
  const BATCH = 500;
  for (let i = 0; i < c.count; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, c.count - i) }, (_, j) => {
        const token = c.tokens?.[i + j];
        return new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(token ? `${c.url}?token=${token}` : c.url);
          ws.onmessage = (e) => {
            const text = String(e.data);
            // The global event is counted without parsing (the clients' CPU is not the server's).
            const seqAt = text.indexOf('"seq":');
            if (seqAt >= 0) {
              const seq = Number.parseInt(text.slice(seqAt + 6), 10);
              const n = (received.get(seq) ?? 0) + 1;
              received.set(seq, n);
              if (n === expected) process.send!({ ev: "got", seq, last: Date.now() });
              return;
            }
            const m = JSON.parse(text);
            if (m.type === "welcome") return ws.send(JSON.stringify({ action: "subscribe", channels: c.channels }));
            if (m.type === "subscribed") {
              subscribed++;
              return resolve();
            }
            if (m.type === "ping") return ws.send('{"type":"pong"}');
            const d = m.data as { seq?: number; t: number };
            if (m.channel === "blocks" && d.seq !== undefined) {
              const n = (received.get(d.seq) ?? 0) + 1;
              received.set(d.seq, n);
              if (n === expected) process.send!({ ev: "got", seq: d.seq, last: Date.now() });
            } else if (m.channel === "notifications") latencies.push(Date.now() - d.t);
          };
          ws.onerror = () => reject(new Error("connect failed"));
          sockets.push(ws);
        });
      }),
    );
  }
  process.send!({ ev: "ready", n: subscribed });
}

process.on("message", (c: Cmd) => {
  if (c.cmd === "open") void open(c).catch((e) => process.send!({ ev: "error", error: String(e) }));
  else if (c.cmd === "report") process.send!({ ev: "report", latencies: latencies.splice(0) });
  else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
