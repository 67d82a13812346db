// The recorded template of ./fixed-node.ts served over real JSON-RPC, for runs where the pool
// needs a node by URL (the pool thread, the whole server) but a real bitcoind would not do:
// regtest's easy target makes every other random share a block, and benchmarks send random shares.
// Long polls are held open until the server stops, as a node does while its tip does not move.
import { recordedTemplate } from "./fixed-node.ts";

export interface FixedRpc {
  url: string;
  /** Blocks handed to submitblock, as hex. */
  readonly submitted: string[];
  stop(): Promise<void>;
}

export function startFixedRpc(template: Record<string, unknown> = recordedTemplate()): FixedRpc {
  const submitted: string[] = [];
  const held = new Set<() => void>();
  const answer = (id: unknown, result: unknown) => Response.json({ result, error: null, id });
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const body = (await req.json()) as { id: unknown; method: string; params?: unknown[] };
      const { id, method } = body;
      switch (method) {
        case "getblockchaininfo":
          return answer(id, { chain: "regtest", blocks: Number(template.height) - 1, difficulty: 1 });
        case "getbestblockhash":
          return answer(id, template.previousblockhash);
        case "getblocktemplate": {
          const p = (body.params?.[0] ?? {}) as { longpollid?: string };
          if (p.longpollid !== undefined) await new Promise<void>((resolve) => held.add(resolve));
          return answer(id, template);
        }
        case "submitblock":
          submitted.push(String(body.params?.[0] ?? ""));
          return answer(id, "inconclusive");
        default:
          return Response.json({ result: null, error: { code: -32601, message: "Method not found" }, id });
      }
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/`,
    submitted,
    async stop() {
      for (const release of held) release();
      held.clear();
      await server.stop(true);
    },
  };
}
